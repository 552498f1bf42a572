package dev.iotpaymerchant.platform.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How callers of /api (all but /api/notify, which IOTPay authenticates by signature) are authenticated. */
public enum AuthMode {
    /** A MicroProfile JWT bearer token from the merchant's identity provider. */
    JWT,
    /** Nobody: every caller is trusted, for deployments behind a gateway that authenticates. */
    NONE;

    public static Optional<AuthMode> of(String setting) {
        return Arrays.stream(values()).filter(mode -> mode.name().toLowerCase(Locale.ROOT).equals(setting)).findFirst();
    }
}
