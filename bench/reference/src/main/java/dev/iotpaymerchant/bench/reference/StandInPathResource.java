package dev.iotpaymerchant.bench.reference;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;

/**
 * The least an order creation costs on this server besides IOTPay's own latency (issue #22): the
 * app's JSON in, one MD5-signed {@code create_order} form post to the gateway stand-in through the
 * JAX-RS Client API (as the backend calls IOTPay), its answer out. No database, no checks: the
 * "stand-in path" that {@code POST /api/orders}' CPU per request is judged against.
 */
@Path("create")
@ApplicationScoped
public class StandInPathResource {

    private static final AtomicLong ORDER_NUMBERS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 1000);

    private final String merchantId = System.getenv("IOTPAY_MCH_ID");
    private final String merchantKey = System.getenv("IOTPAY_MCH_KEY");
    private final String gateway = System.getenv("IOTPAY_API_URL");
    private final Client client = ClientBuilder.newBuilder()
            .connectTimeout(2, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS).build();

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public String create(String appRequest) {
        String orderNo = "MOref" + ORDER_NUMBERS.incrementAndGet();
        String amount = appRequest.replaceAll("(?s).*\"amount\"\\s*:\\s*([0-9]+).*", "$1");
        String signed = "amount=" + amount + "&channelId=WX_APP&clientIp=127.0.0.1&currency=CAD&mchId=" + merchantId
                + "&mchOrderNo=" + orderNo + "&notifyUrl=http://127.0.0.1/api/notify&key=" + merchantKey;
        String params = "{\"mchId\":\"" + merchantId + "\",\"mchOrderNo\":\"" + orderNo + "\",\"channelId\":\"WX_APP\""
                + ",\"currency\":\"CAD\",\"amount\":" + amount + ",\"clientIp\":\"127.0.0.1\""
                + ",\"notifyUrl\":\"http://127.0.0.1/api/notify\",\"sign\":\"" + md5(signed) + "\"}";
        return client.target(gateway).path("create_order").request(MediaType.APPLICATION_JSON)
                .post(Entity.form(new Form("params", params)), String.class);
    }

    @PreDestroy
    void close() {
        client.close();
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().withUpperCase().formatHex(
                    MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
