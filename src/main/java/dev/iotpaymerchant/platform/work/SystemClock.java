package dev.iotpaymerchant.platform.work;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.inject.Qualifier;

/**
 * The machine's own clock, as opposed to the application's {@code Clock} (which tests move). In
 * production both are the system clock; {@link WorkClock} adds to the database's time only what the
 * application's clock is ahead of this one, so a test that moves time moves due work with it, and a
 * machine whose clock is wrong does not.
 */
@Qualifier
@Retention(RUNTIME)
@Target({TYPE, METHOD, FIELD, PARAMETER})
public @interface SystemClock {
}
