package dev.iotpaymerchant.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** What the soak test's witness counts as one event delivered twice at once to one observer method. */
class ObserverWitnessTest {

    private static ObserverWitness.Call call(String method, String node, long start, long end) {
        return new ObserverWitness.Call("e1", "payment.succeeded", method, node, start, end);
    }

    @Test
    void twoCallsOfOneMethodInProgressAtOnceOverlapOneAfterTheOtherDoNot() {
        assertEquals(1, ObserverWitness.overlaps(List.of(call("onPaid", "n1", 0, 10), call("onPaid", "n2", 5, 20))).size());
        assertEquals(List.of(), ObserverWitness.overlaps(List.of(call("onPaid", "n1", 0, 10), call("onPaid", "n2", 10, 20))));
    }

    @Test
    void callsOfDifferentMethodsMayRunAtOnce() {
        assertEquals(List.of(), ObserverWitness.overlaps(List.of(call("onPaid", "n1", 0, 10), call("sendReceipt", "n1", 5, 20))));
        assertEquals(Set.of("onPaid", "sendReceipt"), ObserverWitness.methods(List.of(call("onPaid", "n1", 0, 10),
                call("sendReceipt", "n1", 5, 20))));
    }

    @Test
    void aCallThatNeverEndedOverlapsEveryLaterCallOfItsMethod() {
        List<String> found = ObserverWitness.overlaps(List.of(call("onEvent", "n1", 0, Long.MAX_VALUE), call("onEvent", "n2", 1_000, 2_000)));
        assertEquals(1, found.size());
        assertTrue(found.get(0).contains("open"), found.get(0));
    }
}
