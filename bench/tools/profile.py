#!/usr/bin/env python3
"""Where one path spends the server's CPU, from a JFR recording of a benchmark run (issue #22).

Record with deep stacks, then read the samples that pass through the path's entry frame:
  BENCH_PAYARA_JAVA_OPTS="$(python3 -c 'import bench.bench as b; print(b.RECOMMENDED_JAVA_OPTS)') \
    -XX:FlightRecorderOptions:stackdepth=512 -XX:StartFlightRecording=filename=/tmp/bench.jfr,settings=profile" \
    bench/run --skip-build --only get-order
  python3 bench/tools/profile.py /tmp/bench.jfr OrdersResource.find [TOP [SINCE UNTIL]]
(SINCE and UNTIL, HH:MM:SS as bench/run logs them, keep the samples of one measured window; with an
entry frame every request passes through, such as TraceFilter.doFilter, that is the whole request.)

Prints, for the samples whose stack holds the entry frame, the share of them under each frame
(inclusive), the TOP frames with the largest share; frames of java.*, jdk.* and sun.* are left out
unless they are the leaf, so the table names the code that decided to do the work."""

import collections
import re
import subprocess
import sys


def samples(recording, since=None, until=None):
    text = subprocess.run(["jfr", "print", "--stack-depth", "512", "--events", "jdk.ExecutionSample", recording],
                          check=True, capture_output=True, text=True).stdout
    for block in text.split("jdk.ExecutionSample {")[1:]:
        at = re.search(r"startTime = (\d\d:\d\d:\d\d)", block)
        if at and ((since and at.group(1) < since) or (until and at.group(1) > until)):
            continue
        stack = re.search(r"stackTrace = \[(.*?)\n\s*\]", block, re.S)
        if stack:
            yield [re.sub(r"\s+line:.*", "", line.strip()) for line in stack.group(1).strip().splitlines()
                   if line.strip() and line.strip() != "..."]


def main():
    recording, entry = sys.argv[1], sys.argv[2]
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 40
    since, until = (sys.argv[4], sys.argv[5]) if len(sys.argv) > 5 else (None, None)
    total = 0
    inclusive = collections.Counter()
    leaves = collections.Counter()
    for stack in samples(recording, since, until):
        if not any(entry in frame for frame in stack):
            continue
        total += 1
        leaves[stack[0]] += 1
        for frame in set(stack):
            if not frame.startswith(("java.", "jdk.", "sun.")):
                inclusive[frame] += 1
    print(f"{total} samples through {entry}\n")
    print("| share | frame (inclusive) |\n|---|---|")
    # Frames on every sample (the server's dispatch down to the entry) say nothing: left out.
    for frame, count in [(f, c) for f, c in inclusive.most_common() if c < 0.98 * total][:top]:
        print(f"| {count / total:.0%} ({count}) | `{frame}` |")
    print("\n| share | leaf frame (self) |\n|---|---|")
    for frame, count in leaves.most_common(15):
        print(f"| {count / total:.0%} ({count}) | `{frame}` |")


if __name__ == "__main__":
    main()
