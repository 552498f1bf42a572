import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.iotpaymerchant.iotpay.control.IotPaySigner;

/**
 * The benchmark's IOTPay (issue #11): answers {@code POST /v1/create_order} the way IOTPay does
 * (retCode and resCode SUCCESS, a payOrderId, WeChat payParams, signed with the merchant key by the
 * project's own {@link IotPaySigner}, payParams left out of the signature), after a fixed delay that
 * stands for the gateway's own latency, and {@code /v1/query_order} with "still paying" (status 1).
 * It checks nothing: the sandbox in src/sandbox is the faithful look-alike; this one only has to be
 * fast and correct enough for the backend to accept its answers.
 *
 * <pre>java -cp target/classes bench/tools/GatewayStandIn.java PORT DELAY_MS   (key in IOTPAY_MCH_KEY)</pre>
 */
public class GatewayStandIn {

    private static final Pattern ORDER_NO = Pattern.compile("\"mchOrderNo\"\\s*:\\s*\"([A-Za-z0-9_-]{1,30})\"");
    private static final AtomicLong PAY_ORDER_IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1000);

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long delayMillis = Long.parseLong(args[1]);
        String key = System.getenv("IOTPAY_MCH_KEY");
        if (key == null || key.isEmpty()) {
            throw new IllegalStateException("Set IOTPAY_MCH_KEY: the stand-in signs its answers with the merchant key");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        // Enough threads that sleeping through the delay never queues a request behind another.
        ExecutorService threads = Executors.newFixedThreadPool(256);
        server.setExecutor(threads);
        server.createContext("/health", exchange -> answer(exchange, 200, "text/plain", "UP"));
        server.createContext("/v1/create_order", exchange -> {
            String orderNo = orderNumber(exchange);
            pause(delayMillis);
            Map<String, String> signed = new LinkedHashMap<>();
            signed.put("retCode", "SUCCESS");
            signed.put("resCode", "SUCCESS");
            signed.put("payOrderId", "P" + PAY_ORDER_IDS.incrementAndGet());
            signed.put("mchOrderNo", orderNo);
            String sign = IotPaySigner.sign(signed, key, IotPaySigner.RESPONSE_EXCLUSIONS);
            answer(exchange, 200, "application/json", "{\"retCode\":\"SUCCESS\",\"retMsg\":\"\",\"resCode\":\"SUCCESS\""
                    + ",\"payOrderId\":\"" + signed.get("payOrderId") + "\",\"mchOrderNo\":\"" + orderNo + "\""
                    + ",\"payParams\":{\"appid\":\"wxbench\",\"partnerid\":\"1900000109\",\"prepayid\":\"wx"
                    + signed.get("payOrderId") + "\",\"package\":\"Sign=WXPay\",\"noncestr\":\"bench\""
                    + ",\"timestamp\":\"" + System.currentTimeMillis() / 1000 + "\",\"sign\":\"0123456789ABCDEF0123456789ABCDEF\"}"
                    + ",\"sign\":\"" + sign + "\"}");
        });
        server.createContext("/v1/query_order", exchange -> {
            String orderNo = orderNumber(exchange);
            pause(delayMillis);
            Map<String, String> signed = new LinkedHashMap<>();
            signed.put("retCode", "SUCCESS");
            signed.put("resCode", "SUCCESS");
            signed.put("mchOrderNo", orderNo);
            signed.put("status", "1");
            answer(exchange, 200, "application/json", "{\"retCode\":\"SUCCESS\",\"retMsg\":\"\",\"resCode\":\"SUCCESS\""
                    + ",\"mchOrderNo\":\"" + orderNo + "\",\"status\":1,\"sign\":\""
                    + IotPaySigner.sign(signed, key, IotPaySigner.RESPONSE_EXCLUSIONS) + "\"}");
        });
        server.start();
        System.out.println("Gateway stand-in on 127.0.0.1:" + port + ", answering after " + delayMillis + " ms");
    }

    /** The mchOrderNo inside {@code params=<JSON>}; a fixed one when absent (the direct benchmark sends one). */
    private static String orderNumber(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = URLDecoder.decode(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        }
        Matcher number = ORDER_NO.matcher(body);
        return number.find() ? number.group(1) : "MOunknown";
    }

    private static void pause(long millis) {
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
