package dev.iotpaymerchant.orders.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.platform.http.boundary.ProblemException;

/** An order's QR images: drawn once and kept, within a bound; tagged by their content. */
class QrImagesTest {

    private static final String WALLET = "https://pay.example.com/wallet/P0020261126123301000004";

    private final QrImages images = new QrImages();

    @Test
    void anIfNoneMatchLongerThanTheContractsLimitIsRefused() {
        QrImages.checkIfNoneMatch(null);
        QrImages.checkIfNoneMatch("\"" + QrImages.tag(WALLET, QrImages.Format.SVG) + "\"");
        QrImages.checkIfNoneMatch("x".repeat(QrImages.MAX_IF_NONE_MATCH));
        ProblemException refused = assertThrows(ProblemException.class,
                () -> QrImages.checkIfNoneMatch("x".repeat(QrImages.MAX_IF_NONE_MATCH + 1)));
        assertEquals(400, refused.status());
    }

    @Test
    void ifNoneMatchNamesTheTagQuotedWeakInAListOrByAStarAndAnythingElseIsNoMatch() {
        String tag = QrImages.tag(WALLET, QrImages.Format.SVG);
        for (String names : List.of("\"" + tag + "\"", "W/\"" + tag + "\"", "\"other\", \"" + tag + "\"", "*")) {
            assertTrue(QrImages.names(names, tag), names);
        }
        for (String other : List.of("", tag, "\"other\"", "\"\\{}<>&=%+#?/'`[]", "W/", ",,,")) {
            assertFalse(QrImages.names(other, tag), other);
        }
        assertFalse(QrImages.names(null, tag));
    }

    @Test
    void eachImageIsDrawnOnceAndKept() {
        byte[] svg = images.drawn(WALLET, QrImages.Format.SVG);
        assertSame(svg, images.drawn(WALLET, QrImages.Format.SVG), "the kept drawing, not a new one");
        assertNotEquals(svg.length, images.drawn(WALLET, QrImages.Format.PNG).length, "each format its own image");
        assertEquals(2, images.kept());
    }

    @Test
    void atMostMaxImagesAreKeptTheLeastRecentlyShownGoFirst() {
        byte[] first = images.drawn(WALLET + "/0", QrImages.Format.PNG);
        for (int i = 1; i <= QrImages.MAX_IMAGES; i++) {
            images.drawn(WALLET + "/" + i, QrImages.Format.PNG);
        }
        assertEquals(QrImages.MAX_IMAGES, images.kept());
        assertNotSameDrawing(first, images.drawn(WALLET + "/0", QrImages.Format.PNG));
    }

    @Test
    void theTagFollowsTheContentAndTheFormat() {
        assertEquals(QrImages.tag(WALLET, QrImages.Format.SVG), QrImages.tag(WALLET, QrImages.Format.SVG));
        assertNotEquals(QrImages.tag(WALLET, QrImages.Format.SVG), QrImages.tag(WALLET, QrImages.Format.PNG));
        assertNotEquals(QrImages.tag(WALLET, QrImages.Format.SVG), QrImages.tag(WALLET + "x", QrImages.Format.SVG));
    }

    private static void assertNotSameDrawing(byte[] forgotten, byte[] drawnAgain) {
        assertEquals(new String(forgotten, java.nio.charset.StandardCharsets.ISO_8859_1),
                new String(drawnAgain, java.nio.charset.StandardCharsets.ISO_8859_1), "the same image");
        org.junit.jupiter.api.Assertions.assertNotSame(forgotten, drawnAgain, "drawn again: it had been forgotten");
    }
}
