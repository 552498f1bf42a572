package dev.iotpaymerchant.events.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.iotpay.control.PayChannel;

/** The events' own channel type names every channel IOTPay's does, in the same words, so no event's JSON changes. */
class ChannelTest {

    @Test
    void everyPayChannelHasTheEventsChannelOfTheSameName() {
        List<String> iotpay = Arrays.stream(PayChannel.values()).map(Enum::name).toList();
        List<String> events = Arrays.stream(Channel.values()).map(Enum::name).toList();
        assertEquals(iotpay, events);
    }
}
