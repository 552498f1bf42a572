package dev.iotpaymerchant.orders.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The images decode back to their content with zxing's own reader (java.awt is fine in a test). */
class QrCodeTest {

    private static final String WALLET = "http://localhost:8080/sandbox/wallet/P0020261202101010000001";

    @ParameterizedTest
    @ValueSource(strings = {WALLET, "weixin://wxpay/bizpayurl?pr=abc123", "https://qr.alipay.com/bax01234", "支付 €5 ü"})
    void thePngDecodesToTheContent(String content) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrCode.of(content).png(8)));
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        assertEquals(content, decode(image.getWidth(), image.getHeight(), pixels));
    }

    @ParameterizedTest
    @ValueSource(strings = {WALLET, "weixin://wxpay/bizpayurl?pr=abc123"})
    void theSvgPathDrawsTheSameCode(String content) throws Exception {
        QrCode code = QrCode.of(content);
        Element svg = parse(code.svg()).getDocumentElement();
        Element path = (Element) svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "path").item(0);
        int size = code.size();
        assertEquals("0 0 " + size + " " + size, svg.getAttribute("viewBox"));
        assertEquals("256", svg.getAttribute("width"));
        assertEquals("crispEdges", svg.getAttribute("shape-rendering"));

        int scale = 4;
        int[] pixels = new int[size * scale * size * scale];
        Arrays.fill(pixels, 0xffffffff);
        Matcher run = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-\\3z").matcher(path.getAttribute("d"));
        int end = 0;
        while (run.find() && run.start() == end) {
            end = run.end();
            int x0 = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            for (int x = x0; x < x0 + Integer.parseInt(run.group(3)); x++) {
                for (int py = y * scale; py < (y + 1) * scale; py++) {
                    Arrays.fill(pixels, py * size * scale + x * scale, py * size * scale + (x + 1) * scale, 0xff000000);
                }
            }
        }
        assertEquals(path.getAttribute("d").length(), end, "the path is nothing but runs");
        assertEquals(content, decode(size * scale, size * scale, pixels));
    }

    @Test
    void theSvgIsWellFormedAndCarriesNothingOfTheContent() throws Exception {
        String content = "https://example.com/<script>alert(1)</script>&x=\"'";
        String svg = QrCode.of(content).svg();
        Document document = parse(svg);
        assertEquals("svg", document.getDocumentElement().getLocalName());
        assertEquals(1, document.getElementsByTagName("path").getLength());
        assertEquals(0, document.getElementsByTagName("script").getLength());
        assertEquals("", document.getDocumentElement().getTextContent());
        for (String word : new String[] {"example", "script", "alert", "&x="}) {
            assertFalse(svg.contains(word), word);
        }
    }

    @Test
    void thePngIsAPngOfTheScaledSize() {
        QrCode code = QrCode.of(WALLET);
        byte[] png = code.png(8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(png, 8));
        ByteBuffer header = ByteBuffer.wrap(png, 8, 25);
        assertEquals(13, header.getInt());
        assertEquals("IHDR", new String(png, 12, 4, StandardCharsets.US_ASCII));
        header.position(16);
        assertEquals(code.size() * 8, header.getInt());
        assertEquals(code.size() * 8, header.getInt());
        assertTrue(code.size() >= 21 + 8, "a version 1 code or larger, with its quiet zone");
    }

    @Test
    void refusesWhatCannotBeACode() {
        assertThrows(IllegalArgumentException.class, () -> QrCode.of(null));
        assertThrows(IllegalArgumentException.class, () -> QrCode.of(""));
        assertThrows(IllegalArgumentException.class, () -> QrCode.of("x".repeat(QrCode.MAX_CONTENT + 1)));
        assertEquals(QrCode.MAX_CONTENT, decodePng(QrCode.of("x".repeat(QrCode.MAX_CONTENT))).length());
        assertThrows(IllegalArgumentException.class, () -> QrCode.of("支".repeat(QrCode.MAX_CONTENT)), "6000 bytes");
        assertThrows(IllegalArgumentException.class, () -> QrCode.of(WALLET).png(0));
        assertThrows(IllegalArgumentException.class, () -> QrCode.of(WALLET).png(QrCode.MAX_SCALE + 1));
    }

    private static String decodePng(QrCode code) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(code.png(2)));
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            return decode(image.getWidth(), image.getHeight(), pixels);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String decode(int width, int height, int[] pixels) throws Exception {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
