package dev.iotpaymerchant.platform.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The payer's IP address as IOTPay wants it: the connection's address, or — only when that
 * connection comes from one of our own trusted proxies — the nearest untrusted address in
 * X-Forwarded-For. A client cannot choose its address by sending the header itself.
 */
public final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final int IOTPAY_MAX = 32;

    private ClientAddress() {
    }

    /** The payer's address for this request. */
    public static String of(HttpServletRequest request, Set<String> trustedProxies) {
        return resolve(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"), trustedProxies);
    }

    public static String resolve(String remoteAddress, String forwardedFor, Set<String> trustedProxies) {
        return fit(resolveInFull(remoteAddress, forwardedFor, trustedProxies));
    }

    /**
     * The same address, not cut to IOTPay's 32 characters: what decides which network the caller is on
     * (a full-length IPv6 address has up to 39).
     */
    public static String inFull(HttpServletRequest request, Set<String> trustedProxies) {
        return resolveInFull(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"), trustedProxies);
    }

    /** The same from the request's parts (public for the settings' tests, which live in platform/settings). */
    public static String resolveInFull(String remoteAddress, String forwardedFor, Set<String> trustedProxies) {
        String address = remoteAddress;
        if (forwardedFor != null && trustedProxies.contains(remoteAddress)) {
            String[] hops = forwardedFor.split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (!isAddress(hop)) {
                    break; // a forged or garbled entry: stop at the last address we can vouch for
                }
                address = hop;
                if (!trustedProxies.contains(hop)) {
                    break;
                }
            }
        }
        return address;
    }

    private static boolean isAddress(String candidate) {
        return IPV4.matcher(candidate).matches() || (candidate.contains(":") && IPV6_CHARS.matcher(candidate).matches());
    }

    /** IOTPay's clientIp holds 32 characters: IPv6 is written in its short form (RFC 5952). */
    static String fit(String address) {
        String plain = address == null ? "" : address;
        int zone = plain.indexOf('%');
        if (zone >= 0) {
            plain = plain.substring(0, zone);
        }
        if (plain.contains(":") && IPV6_CHARS.matcher(plain).matches()) {
            plain = shortIpv6(plain);
        }
        return plain.length() <= IOTPAY_MAX ? plain : plain.substring(0, IOTPAY_MAX);
    }

    private static String shortIpv6(String literal) {
        InetAddress parsed;
        try {
            parsed = InetAddress.getByName(literal); // a literal with ':' is never looked up in DNS
        } catch (UnknownHostException e) {
            return literal;
        }
        byte[] bytes = parsed.getAddress();
        if (bytes.length != 16) {
            return parsed.getHostAddress(); // an IPv4-mapped address is written as IPv4
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
