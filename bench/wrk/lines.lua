-- One wrk script for every benchmark path. Each request takes the next line of BENCH_FILE: a path
-- (GET) or a request body (POST to BENCH_PATH). Each thread walks its own share of the lines, so
-- with as many lines as orders a thread never repeats another's order on its first pass; after the
-- last line it starts again (duplicates). With BENCH_LIMIT, the run stops after that many answers.
-- done() writes requests, errors and latency percentiles as JSON to BENCH_OUT.

local threads = tonumber(os.getenv("BENCH_THREADS") or "1")
local counter = 0

function setup(thread)
   thread:set("tid", counter)
   counter = counter + 1
end

local lines = {}
local index
local method, path, ctype
local limit, answered

function init(args)
   for line in io.lines(os.getenv("BENCH_FILE")) do
      lines[#lines + 1] = line
   end
   method = os.getenv("BENCH_METHOD") or "GET"
   path = os.getenv("BENCH_PATH")
   ctype = os.getenv("BENCH_CTYPE")
   index = tid
   local total = tonumber(os.getenv("BENCH_LIMIT") or "0")
   limit = total > 0 and math.ceil(total / threads) or 0
   answered = 0
end

function request()
   local line = lines[(index % #lines) + 1]
   index = index + threads
   if method == "GET" then
      return wrk.format("GET", line)
   end
   return wrk.format(method, path, { ["Content-Type"] = ctype }, line)
end

if tonumber(os.getenv("BENCH_LIMIT") or "0") > 0 then
   function response(status, headers, body)
      answered = answered + 1
      if answered == limit then
         -- wrk only ends at its duration or on SIGINT: tell the runner this thread is through.
         local marker = io.open(os.getenv("BENCH_OUT") .. ".done" .. tid, "w")
         marker:close()
         wrk.thread:stop()
      end
   end
end

function done(summary, latency, requests)
   local e = summary.errors
   local out = io.open(os.getenv("BENCH_OUT"), "w")
   out:write(string.format(
      '{"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,' ..
      '"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
      summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
   out:close()
end
