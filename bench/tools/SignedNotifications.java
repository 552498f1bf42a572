import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import dev.iotpaymerchant.iotpay.control.IotPaySigner;

/**
 * Writes one form body a line: the payment notification IOTPay would send for each order that
 * bench/sql/seed-orders.sql created with the same prefix (mchOrderNo = PREFIX + 8 digits, payOrderId
 * "P" + the same, 1999 CAD, WX_APP), built like the integration tests' Backend.paidNotification
 * and signed by the project's own {@link IotPaySigner}.
 *
 * <pre>java -cp target/classes bench/tools/SignedNotifications.java PREFIX COUNT FILE   (IOTPAY_MCH_ID, IOTPAY_MCH_KEY)</pre>
 */
public class SignedNotifications {

    public static void main(String[] args) throws IOException {
        String prefix = args[0];
        int count = Integer.parseInt(args[1]);
        String merchantId = System.getenv("IOTPAY_MCH_ID");
        String key = System.getenv("IOTPAY_MCH_KEY");
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[2])))) {
            for (int i = 1; i <= count; i++) {
                String orderNo = String.format("%s%08d", prefix, i);
                Map<String, String> n = new LinkedHashMap<>();
                n.put("payOrderId", "P" + orderNo);
                n.put("mchId", merchantId);
                n.put("mchOrderNo", orderNo);
                n.put("channelId", "WX_APP");
                n.put("currency", "CAD");
                n.put("amount", "1999");
                n.put("status", "2");
                n.put("clientIp", "127.0.0.1");
                n.put("device", "");
                n.put("subject", "Order");
                n.put("body", "In-app purchase");
                n.put("channelOrderNo", "42000012342026112612" + String.format("%08d", i));
                n.put("param1", "");
                n.put("param2", "");
                n.put("paySuccTime", String.valueOf(System.currentTimeMillis()));
                n.put("backType", "2");
                n.put("sign", IotPaySigner.sign(n, key));
                StringJoiner form = new StringJoiner("&");
                n.forEach((name, value) -> form.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(value, StandardCharsets.UTF_8)));
                out.println(form);
            }
        }
    }
}
