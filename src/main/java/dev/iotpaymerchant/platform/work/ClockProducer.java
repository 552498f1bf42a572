package dev.iotpaymerchant.platform.work;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** One clock for the application, so time-dependent rules can be tested. */
@ApplicationScoped
public class ClockProducer {

    @Produces
    public Clock clock() {
        return Clock.systemUTC();
    }

    /** The machine's clock: what {@code WorkClock} measures the application's clock against. */
    @Produces
    @SystemClock
    public Clock systemClock() {
        return Clock.systemUTC();
    }
}
