package dev.iotpaymerchant.it;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The soak test's seeded stream of what shops, payers and IOTPay do: checkouts, attempts paid once
 * or twice (notified at once, late or never), plain orders, full and partial refunds (some sent
 * twice with one key, to two nodes), cancels, and the gateway's faults. Each worker draws from its
 * own {@link Random} of the seed; requests go to whichever merchant node is up, and a request cut
 * off by a kill is sent again with its key to another node. Answers that no client should see
 * (a 500, or a status the contract does not give) are kept as anomalies.
 */
final class SoakOperations {

    /** A status a client may get on a busy cluster: created, found, refused as the contract says, or IOTPay's trouble. */
    private static final Set<Integer> EXPECTED = Set.of(200, 201, 409, 422, 502, 503, 504);
    private static final String[][] FAULTS = {{"create_order", "LOSE_NOTIFICATION"}, {"create_order", "SLOW"},
        {"create_order", "FAIL"}, {"query_order", "FAIL"}, {"refund_order", "PROCESSING"}, {"query_order", "HTTP_500"}};

    private final SoakCluster cluster;
    private final String subject;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<String> checkouts = Collections.synchronizedList(new ArrayList<>());
    private final List<String> unpaid = Collections.synchronizedList(new ArrayList<>());
    private final List<String> paid = Collections.synchronizedList(new ArrayList<>());
    private final List<String> anomalies = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    SoakOperations(SoakCluster cluster, String subject) {
        this.cluster = cluster;
        this.subject = subject;
    }

    /** One worker: operations until {@code deadline} (System.nanoTime()), a few hundred milliseconds apart. */
    void work(Random random, long deadline) {
        while (System.nanoTime() < deadline) {
            int dice = random.nextInt(100);
            try {
                if (dice < 20) {
                    newCheckout(random);
                } else if (dice < 40) {
                    attempt(random, pick(random, checkouts));
                } else if (dice < 64) {
                    pay(random, take(random, unpaid), random.nextInt(100));
                } else if (dice < 70) {
                    payTwice(random);
                } else if (dice < 75) {
                    plainOrder(random);
                } else if (dice < 88) {
                    refund(random);
                } else if (dice < 96) {
                    cancel(random);
                } else {
                    fault(random);
                }
            } catch (IllegalStateException noNodeUp) {
                anomalies.add("no merchant node up: " + noNodeUp.getMessage());
            }
            Backend.pause(random.nextInt(300));
        }
    }

    private void newCheckout(Random random) {
        long amount = 100 + random.nextInt(9900);
        JsonObject made = keyed(random, "/api/checkouts", "{\"amount\":" + amount + ",\"subject\":\"" + subject
                + "\",\"expiresInSeconds\":600}", "checkout");
        if (made != null) {
            checkouts.add(made.getString("checkoutId"));
        }
    }

    private String attempt(Random random, String checkoutId) {
        if (checkoutId == null) {
            return null;
        }
        JsonObject made = keyed(random, "/api/checkouts/" + checkoutId + "/payments", "{\"channelId\":\"WX_APP\"}", "attempt");
        if (made == null) {
            return null;
        }
        String number = made.getString("mchOrderNo");
        shopAnswers(random, number);
        unpaid.add(number);
        return number;
    }

    /** The payer pays at the gateway: notified at once (65 of 100), never (20) or up to 20 s late. */
    private void pay(Random random, String number, int mode) {
        if (number == null) {
            return;
        }
        String how = mode < 65 ? "" : mode < 85 ? "?notify=false" : "?delaySeconds=" + (1 + random.nextInt(20));
        Answer answer = send(cluster.gateway.base(), "/sandbox/orders/" + number + "/pay" + how, "", null);
        count("pay" + (how.isEmpty() ? "" : how.startsWith("?notify") ? " (notification lost)" : " (notified late)"));
        if (answer != null && answer.status == 200) {
            paid.add(number);
        }
    }

    /** Two attempts of one checkout, both paid at the gateway: one pays it, the other is extra money. */
    private void payTwice(Random random) {
        String checkoutId = pick(random, checkouts);
        String one = attempt(random, checkoutId);
        String other = attempt(random, checkoutId);
        if (one != null && other != null) {
            unpaid.remove(one);
            unpaid.remove(other);
            pay(random, one, random.nextInt(100));
            pay(random, other, random.nextInt(100));
            count("paid twice");
        }
    }

    private void plainOrder(Random random) {
        JsonObject made = keyed(random, "/api/orders", "{\"channelId\":\"WX_APP\",\"amount\":" + (100 + random.nextInt(9900))
                + ",\"subject\":\"" + subject + "\"}", "order");
        if (made != null) {
            shopAnswers(random, made.getString("mchOrderNo"));
            unpaid.add(made.getString("mchOrderNo"));
        }
    }

    /** The shop's endpoint refuses the first webhook of one order in seven, or takes 3 s to answer it. */
    private void shopAnswers(Random random, String number) {
        int dice = random.nextInt(14);
        if (dice < 2) {
            cluster.receiver.script(number, dice == 0 ? WebhookReceiver.Mode.DOWN : WebhookReceiver.Mode.HANG);
        }
    }

    /** A refund of an order that paid what it was for (never of extra money, which the system gives back itself). */
    private void refund(Random random) {
        String number = pick(random, paid);
        if (number == null) {
            return;
        }
        Answer read = send(cluster.anyUp(random).base(), "/api/orders/" + number, null, null);
        if (read == null || read.status != 200 || !read.json().getString("status").equals("PAID")) {
            return;
        }
        JsonObject order = read.json();
        long refundable = order.getJsonNumber("refundable").longValue();
        String checkoutId = order.getString("checkoutId", null);
        if (refundable <= 0 || checkoutId != null && !number.equals(paidOrderOf(random, checkoutId))) {
            return;
        }
        long amount = random.nextInt(100) < 40 ? refundable : 1 + (long) random.nextInt((int) Math.min(refundable, Integer.MAX_VALUE));
        String key = UUID.randomUUID().toString();
        String body = "{\"amount\":" + amount + ",\"reason\":\"soak\"}";
        keyed(random, "/api/orders/" + number + "/refunds", body, "refund", key);
        if (random.nextInt(100) < 20) {
            keyed(random, "/api/orders/" + number + "/refunds", body, "refund again (same key)", key);
        }
    }

    private String paidOrderOf(Random random, String checkoutId) {
        Answer read = send(cluster.anyUp(random).base(), "/api/checkouts/" + checkoutId, null, null);
        return read == null || read.status != 200 ? null : read.json().getString("paidOrder", null);
    }

    private void cancel(Random random) {
        String checkoutId = pick(random, checkouts);
        if (checkoutId != null) {
            Answer answer = send(cluster.anyUp(random).base(), "/api/checkouts/" + checkoutId + "/cancel", "", null);
            check("cancel", answer);
        }
    }

    private void fault(Random random) {
        String[] fault = FAULTS[random.nextInt(FAULTS.length)];
        send(cluster.gateway.base(), "/sandbox/faults?operation=" + fault[0] + "&mode=" + fault[1] + "&seconds=3", "", null);
        count("fault " + fault[0] + " " + fault[1]);
    }

    private JsonObject keyed(Random random, String path, String body, String what) {
        return keyed(random, path, body, what, UUID.randomUUID().toString());
    }

    /**
     * Sends a keyed POST to a node that is up; when the answer is lost (its node was killed), the same
     * request with the same key to another, at most three times. The created (or found) resource, or null.
     */
    private JsonObject keyed(Random random, String path, String body, String what, String key) {
        count(what);
        for (int attempt = 0; attempt < 3; attempt++) {
            Answer answer = send(cluster.anyUp(random).base(), path, body, key);
            if (answer != null) {
                check(what, answer);
                return answer.status == 200 || answer.status == 201 ? answer.json() : null;
            }
            count(what + ": answer lost, sent again");
        }
        return null;
    }

    private void check(String what, Answer answer) {
        if (answer != null && !EXPECTED.contains(answer.status)) {
            anomalies.add(what + " answered " + answer.status + ": " + answer.body);
        }
        if (answer != null) {
            count(what + " " + answer.status);
        }
    }

    /** The answer, or null when the node did not answer (killed, or not up yet). */
    private Answer send(String base, String path, String body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String pick(Random random, List<String> from) {
        synchronized (from) {
            return from.isEmpty() ? null : from.get(random.nextInt(from.size()));
        }
    }

    private static String take(Random random, List<String> from) {
        synchronized (from) {
            return from.isEmpty() ? null : from.remove(random.nextInt(from.size()));
        }
    }

    private void count(String what) {
        counts.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
    }

    /** How often each operation and answer happened. */
    Map<String, Integer> counts() {
        Map<String, Integer> sorted = new TreeMap<>();
        counts.forEach((what, count) -> sorted.put(what, count.get()));
        return sorted;
    }

    List<String> anomalies() {
        return List.copyOf(anomalies);
    }

    private record Answer(int status, String body) {

        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }
    }
}
