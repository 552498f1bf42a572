package dev.iotpaymerchant.platform.values;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rule for every URL this node calls out to (IOTPay's API, the webhook, the identity provider's
 * keys): https, or http to this machine itself. Anything on the path of a plain http call can read it
 * or answer in its place (swap a QR code or a redirect, so that payers pay someone else). A lab may
 * allow http anywhere for IOTPay and the webhook with http.allow-insecure-outbound (never for the keys, which
 * decide who is who). No name is looked up.
 */
public final class OutboundUrl {

    /** What the rule asks for, as the refusal says it. */
    public static final String RULE = "must be an https:// URL (http:// only to a loopback address: 127.0.0.0/8, ::1,"
            + " localhost; or anywhere with http.allow-insecure-outbound=true, for a lab)";

    private static final List<IpNetwork> LOOPBACK = List.of(IpNetwork.parse("127.0.0.0/8"), IpNetwork.parse("::1/128"));

    private OutboundUrl() {
    }

    /** Why {@code url} may not be called, or empty when it may. */
    public static Optional<String> problem(String url, boolean insecureAllowed) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("is not an http or https URL with a host");
        }
        if (scheme.equals("https") || insecureAllowed || isLoopback(uri.getHost())) {
            return Optional.empty();
        }
        return Optional.of(RULE);
    }

    /** True for localhost and loopback literals (127.0.0.0/8, ::1), which never leave the machine. */
    public static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || IpNetwork.anyContains(LOOPBACK, name);
    }
}
