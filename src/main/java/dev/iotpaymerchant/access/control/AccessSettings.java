package dev.iotpaymerchant.access.control;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.platform.settings.ComponentSettings;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.MissingSettingException;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.settings.Setting;
import dev.iotpaymerchant.platform.settings.Settings;
import dev.iotpaymerchant.platform.values.OutboundUrl;

/**
 * Whose bearer tokens are accepted with api.auth=jwt (the MicroProfile JWT keys), who is an
 * operator, and how many orders and reads one caller may make.
 */
@ApplicationScoped
public class AccessSettings implements ComponentSettings {

    private static final String COMPONENT = "access";

    public static final Setting TOKEN_PUBLIC_KEY_LOCATION = Setting.optional(COMPONENT, "mp.jwt.verify.publickey.location",
            "jwt: the identity provider's keys, a file or an https:// URL; this or mp.jwt.verify.publickey is required");
    public static final Setting TOKEN_PUBLIC_KEY = Setting.optional(COMPONENT, "mp.jwt.verify.publickey",
            "jwt: the identity provider's keys inline (JWKS, JWK or PEM)");
    public static final Setting TOKEN_ISSUER = Setting.optional(COMPONENT, "mp.jwt.verify.issuer",
            "jwt: required; the iss tokens must carry");
    public static final Setting TOKEN_AUDIENCES = Setting.optional(COMPONENT, "mp.jwt.verify.audiences",
            "jwt: required, comma-separated; a token's aud must name one");
    public static final Setting OPERATOR_GROUP = Setting.withDefault(COMPONENT, "api.operator-group", "operator",
            "the groups value that makes a caller an operator");
    public static final Setting MERCHANT_GROUP = Setting.withDefault(COMPONENT, "api.merchant-group", "merchant",
            "the groups value of the merchant's own servers: they may create checkouts, and orders with an amount");
    public static final Setting CLIENT_AMOUNTS = Setting.withDefault(COMPONENT, "api.client-amounts", "forbidden",
            "jwt: forbidden (callers outside the merchant and operator groups pay checkouts only) or allowed");
    public static final Setting CREATE_RATE = Setting.withDefault(COMPONENT, "orders.create-rate-per-minute", "30",
            "orders one caller may create per minute, per node");
    public static final Setting READ_RATE = Setting.withDefault(COMPONENT, "api.read-rate-per-minute", "600",
            "reads (GET: orders, long-polls, QR images, checkouts, refunds, the console's) one caller may make per minute, per node");

    static final List<Setting> DECLARED = List.of(TOKEN_PUBLIC_KEY_LOCATION, TOKEN_PUBLIC_KEY, TOKEN_ISSUER,
            TOKEN_AUDIENCES, OPERATOR_GROUP, MERCHANT_GROUP, CLIENT_AMOUNTS, CREATE_RATE, READ_RATE);

    @Inject
    Settings settings;

    @Inject
    PlatformSettings platform;

    AccessSettings() {
        // for CDI
    }

    /** Reads through {@code settings} without a container (the unit tests). */
    public AccessSettings(Settings settings, PlatformSettings platform) {
        this.settings = settings;
        this.platform = platform;
    }

    @Override
    public List<Setting> declared() {
        return DECLARED;
    }

    @Override
    public int reportingRank() {
        return 90;
    }

    /** The MicroProfile JWT group whose members may read every order (and refund, later). */
    public String operatorGroup() {
        return settings.orDefault(OPERATOR_GROUP);
    }

    /** The MicroProfile JWT group of the merchant's own servers (service tokens): they may set prices. */
    public String merchantGroup() {
        return settings.orDefault(MERCHANT_GROUP);
    }

    /** Whether callers outside the merchant and operator groups may still choose an order's amount (api.auth=jwt). */
    public boolean clientAmountsAllowed() {
        return "allowed".equals(settings.orDefault(CLIENT_AMOUNTS));
    }

    /** Orders one caller (subject, or client address without authentication) may create per minute on one node. */
    public int createRatePerMinute() {
        return (int) Math.min(Integer.MAX_VALUE, settings.positiveLong(CREATE_RATE));
    }

    /**
     * Reads one caller may make per minute on one node. An app following an order with {@code wait=30}
     * makes two a minute; a merchant's server that reads each paid order after its webhook makes one per
     * payment: the default leaves room for ten payments a second on one node and stops a client that
     * re-reads in a loop at ten a second.
     */
    public int readRatePerMinute() {
        return (int) Math.min(Integer.MAX_VALUE, settings.positiveLong(READ_RATE));
    }

    /** The identity provider whose tokens are accepted (api.auth=jwt). */
    public String tokenIssuer() {
        return settings.required(TOKEN_ISSUER);
    }

    /** The identity provider's keys, inline (JWKS, JWK or PEM), when given so. */
    public Optional<String> tokenPublicKey() {
        return settings.optional(TOKEN_PUBLIC_KEY);
    }

    /** Where the identity provider's keys are, when they are not inline (api.auth=jwt). */
    public String tokenPublicKeyLocation() {
        return settings.required(TOKEN_PUBLIC_KEY_LOCATION);
    }

    /** The audiences a token must name one of (api.auth=jwt): required, never empty. */
    public Set<String> tokenAudiences() {
        Set<String> audiences = settings.commaSeparated(TOKEN_AUDIENCES);
        if (audiences.isEmpty()) {
            throw new MissingSettingException(TOKEN_AUDIENCES.key());
        }
        return audiences;
    }

    @Override
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (platform.jwtChosen()) {
            if (settings.optional(TOKEN_ISSUER).isEmpty()) {
                missing.add(TOKEN_ISSUER.key());
            }
            if (settings.optional(TOKEN_PUBLIC_KEY_LOCATION).isEmpty() && settings.optional(TOKEN_PUBLIC_KEY).isEmpty()) {
                missing.add(TOKEN_PUBLIC_KEY_LOCATION.key());
            }
            if (settings.commaSeparated(TOKEN_AUDIENCES).isEmpty()) {
                missing.add(TOKEN_AUDIENCES.key());
            }
        }
        return missing;
    }

    @Override
    public List<InvalidSettingException> invalid() {
        List<InvalidSettingException> invalid = new ArrayList<>();
        if (platform.jwtChosen() && settings.optional(TOKEN_PUBLIC_KEY_LOCATION)
                .filter(location -> !secureKeyLocation(location)).isPresent()) {
            invalid.add(new InvalidSettingException(TOKEN_PUBLIC_KEY_LOCATION.key(), "must be an https:// URL "
                    + "(http:// only for a loopback address: 127.0.0.0/8, ::1, localhost), a file path or a file: URL"));
        }
        String clientAmounts = settings.orDefault(CLIENT_AMOUNTS);
        if (!"forbidden".equals(clientAmounts) && !"allowed".equals(clientAmounts)) {
            invalid.add(new InvalidSettingException(CLIENT_AMOUNTS.key(), "must be forbidden or allowed"));
        }
        return invalid;
    }

    /**
     * True unless {@code location} is a URL that could hand us someone else's keys: an {@code http://}
     * URL to anything but a loopback address (127.0.0.0/8, ::1, localhost), or a URL of another
     * scheme than https, http or file. File paths are fine. No name is looked up.
     */
    public static boolean secureKeyLocation(String location) {
        String lower = location.trim().toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://") || lower.startsWith("file:")) {
            return true;
        }
        if (!lower.startsWith("http://")) {
            return !lower.matches("[a-z][a-z0-9+.-]*://.*"); // a path, not a URL of another scheme
        }
        return OutboundUrl.problem(location, false).isEmpty(); // the same rule as every outbound URL's
    }
}
