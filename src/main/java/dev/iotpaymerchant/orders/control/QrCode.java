package dev.iotpaymerchant.orders.control;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;

/**
 * A QR code for a payer to scan (the {@code WX_NATIVE}, {@code ALIPAY_QR} and {@code UPI_QR} next actions),
 * as SVG or PNG. zxing's core encodes it (error correction M, a quiet zone of 4 modules); the images are
 * written here by hand because zxing's {@code javase} renderer and {@code javax.imageio} need
 * {@code java.awt}, which WildFly does not expose to deployments by default and which a headless server
 * may lack. Nothing of the content appears in the images but the modules.
 */
public final class QrCode {

    /** More than any IOTPay code URL or wallet page address, and within what version 40-M holds. */
    public static final int MAX_CONTENT = 2000;
    public static final int MAX_SCALE = 32;
    private static final int QUIET_ZONE = 4;
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private final int size;
    private final boolean[] dark; // row by row, quiet zone included

    private QrCode(int size, boolean[] dark) {
        this.size = size;
        this.dark = dark;
    }

    /** Encodes the content; refuses null, empty or longer than {@value #MAX_CONTENT} characters. */
    public static QrCode of(String content) {
        if (content == null || content.isEmpty() || content.length() > MAX_CONTENT) {
            throw new IllegalArgumentException("A QR code holds 1 to " + MAX_CONTENT + " characters.");
        }
        // UTF-8 only when needed: the hint adds an ECI header, which some older scanners stumble on,
        // and ASCII (every URL we encode) is the same bytes in every charset.
        Map<EncodeHintType, Object> hints = content.chars().allMatch(c -> c < 0x80)
                ? Map.of() : Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name());
        ByteMatrix matrix;
        try {
            matrix = Encoder.encode(content, ErrorCorrectionLevel.M, hints).getMatrix();
        } catch (WriterException e) {
            throw new IllegalArgumentException("The content does not fit in a QR code.", e);
        }
        int size = matrix.getWidth() + 2 * QUIET_ZONE;
        boolean[] dark = new boolean[size * size];
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                dark[(y + QUIET_ZONE) * size + x + QUIET_ZONE] = matrix.get(x, y) == 1;
            }
        }
        return new QrCode(size, dark);
    }

    /** Modules across (and down), quiet zone included. */
    public int size() {
        return size;
    }

    /** A 256-pixel SVG, scalable: one path, each horizontal run of dark modules one rectangle. */
    public String svg() {
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                if (dark(x, y)) {
                    int run = 1;
                    while (x + run < size && dark(x + run, y)) {
                        run++;
                    }
                    path.append('M').append(x).append(' ').append(y)
                            .append('h').append(run).append("v1h-").append(run).append('z');
                    x += run; // the module after the run is light
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"256\" height=\"256\" viewBox=\"0 0 " + size + " " + size
                + "\" shape-rendering=\"crispEdges\"><rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }

    /** A 1-bit grayscale PNG with {@code scale} pixels per module (1 to {@value #MAX_SCALE}). */
    public byte[] png(int scale) {
        if (scale < 1 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("A QR code's scale is 1 to " + MAX_SCALE + " pixels per module.");
        }
        int pixels = size * scale;
        int rowBytes = (pixels + 7) / 8;
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try {
            byte[] row = new byte[1 + rowBytes]; // filter type 0 (none), then the pixels, bit 1 = white
            for (int y = 0; y < size; y++) {
                Arrays.fill(row, (byte) 0);
                for (int px = 0; px < pixels; px++) {
                    if (!dark(px / scale, y)) {
                        row[1 + px / 8] |= (byte) (0x80 >>> (px % 8));
                    }
                }
                for (int repeat = 0; repeat < scale; repeat++) {
                    deflate(deflater, row, compressed);
                }
            }
            deflater.finish();
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                compressed.write(buffer, 0, deflater.deflate(buffer));
            }
        } finally {
            deflater.end();
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(PNG_SIGNATURE);
        // width, height, bit depth 1, colour type 0 (grayscale), compression 0, filter 0, no interlace
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(pixels).putInt(pixels).put(new byte[] {1, 0, 0, 0, 0}).array());
        chunk(png, "IDAT", compressed.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private boolean dark(int x, int y) {
        return dark[y * size + x];
    }

    private static void deflate(Deflater deflater, byte[] input, ByteArrayOutputStream out) {
        deflater.setInput(input);
        byte[] buffer = new byte[8192];
        while (!deflater.needsInput()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
    }

    /** Length, type, data, and the CRC-32 of type and data. */
    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
