package dev.iotpaymerchant.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The test side of {@code itsupport.DeliveryWitness}: hears when a test observer method starts and
 * ends on an event on some node, by this JVM's own monotonic clock. A call that never ended ended
 * when its node was killed ({@link #killed}); one that never ended on a node still running is still
 * in progress, and overlaps whatever comes after it.
 */
final class ObserverWitness implements AutoCloseable {

    /** One call of one observer method with one event, on one node, from its start to its end. */
    record Call(String event, String type, String method, String node, long start, long end) {

        boolean overlaps(Call other) {
            return start < other.end && other.start < end;
        }

        @Override
        public String toString() {
            return method + " on " + node + " [" + start / 1_000_000 + " ms, " + (end == Long.MAX_VALUE ? "open" : end / 1_000_000 + " ms") + "]";
        }
    }

    private final HttpServer server;
    private final Map<String, Map<String, String>> starts = new ConcurrentHashMap<>();
    private final Map<String, Long> startTimes = new ConcurrentHashMap<>();
    private final Map<String, Long> endTimes = new ConcurrentHashMap<>();

    ObserverWitness(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/witness", this::handle);
        server.start();
    }

    static String url(int port) {
        return "http://127.0.0.1:" + port + "/witness";
    }

    /** The node was SIGKILLed now: its calls still open ended now. */
    void killed(String node) {
        long now = System.nanoTime();
        starts.forEach((call, fields) -> {
            if (fields.get("node").equals(node) && !endTimes.containsKey(call)) {
                endTimes.put(call, now);
            }
        });
    }

    /** Every call heard of, per event id. */
    Map<String, List<Call>> callsByEvent() {
        Map<String, List<Call>> calls = new HashMap<>();
        starts.forEach((call, fields) -> calls.computeIfAbsent(fields.get("event"), e -> new ArrayList<>())
                .add(new Call(fields.get("event"), fields.get("type"), fields.get("method"), fields.get("node"),
                        startTimes.get(call), endTimes.getOrDefault(call, Long.MAX_VALUE))));
        return calls;
    }

    /** The methods that finished (or were cut off by a kill after starting) with this event. */
    static Set<String> methods(List<Call> calls) {
        Set<String> methods = new TreeSet<>();
        calls.forEach(call -> methods.add(call.method()));
        return methods;
    }

    /** Pairs of calls of one method with one event that were in progress at the same time. */
    static List<String> overlaps(List<Call> calls) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            for (int k = i + 1; k < calls.size(); k++) {
                Call one = calls.get(i);
                Call other = calls.get(k);
                if (one.method().equals(other.method()) && one.overlaps(other)) {
                    found.add(one.event() + " (" + one.type() + "): " + one + " and " + other);
                }
            }
        }
        return found;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        Map<String, String> fields = new HashMap<>();
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            fields.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        String call = fields.get("call");
        if ("start".equals(fields.get("phase"))) {
            startTimes.put(call, now);
            starts.put(call, fields);
        } else {
            endTimes.merge(call, now, Math::min); // a kill may have ended it first
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
