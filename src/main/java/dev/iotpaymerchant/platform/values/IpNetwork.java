package dev.iotpaymerchant.platform.values;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An IP network written as a CIDR block (192.168.0.0/16, fd00::/8) and the addresses in it. Only
 * address literals are read, never a name: a DNS lookup would let whoever answers it choose.
 */
public final class IpNetwork {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    /**
     * The networks api.auth=none answers without being told: loopback, RFC 1918's private IPv4, RFC 4193's
     * unique local IPv6 and link-local (RFC 3927, RFC 4291), so a laptop and a phone on the same Wi-Fi work.
     */
    public static final List<IpNetwork> LOCAL = Stream.of("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "169.254.0.0/16", "::1/128", "fc00::/7", "fe80::/10").map(IpNetwork::parse).toList();

    private final byte[] base;
    private final int prefix;
    private final String text;

    private IpNetwork(byte[] base, int prefix, String text) {
        this.base = base;
        this.prefix = prefix;
        this.text = text;
    }

    /** A CIDR block, or a single address (a /32 or /128); anything else is an IllegalArgumentException. */
    public static IpNetwork parse(String cidr) {
        String trimmed = cidr.trim();
        int slash = trimmed.indexOf('/');
        byte[] address = literal(slash < 0 ? trimmed : trimmed.substring(0, slash))
                .orElseThrow(() -> new IllegalArgumentException("not an IP address or CIDR block"));
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = trimmed.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                throw new IllegalArgumentException("not a prefix length from 0 to " + bits);
            }
            prefix = Integer.parseInt(length);
        }
        return new IpNetwork(address, prefix, trimmed);
    }

    /**
     * The bytes of an IPv4 or IPv6 literal (brackets and a zone allowed; an IPv4-mapped IPv6 address
     * is its IPv4 address), or empty for anything else, host names included.
     */
    public static Optional<byte[]> literal(String address) {
        if (address == null) {
            return Optional.empty();
        }
        String plain = address.trim();
        if (plain.startsWith("[") && plain.endsWith("]")) {
            plain = plain.substring(1, plain.length() - 1);
        }
        int zone = plain.indexOf('%');
        if (zone >= 0 && plain.contains(":")) {
            plain = plain.substring(0, zone);
        }
        boolean v4 = IPV4.matcher(plain).matches();
        if (!v4 && !(plain.contains(":") && IPV6.matcher(plain).matches())) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(plain).getAddress()); // a literal is parsed, never looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** True when {@code address} is a literal in this network. */
    public boolean contains(String address) {
        return literal(address).filter(this::contains).isPresent();
    }

    private boolean contains(byte[] address) {
        if (address.length != base.length) {
            return false;
        }
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (address[i] != base[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        int mask = rest == 0 ? 0 : (0xff << (8 - rest)) & 0xff;
        return rest == 0 || (address[whole] & mask) == (base[whole] & mask);
    }

    /** True when {@code address} is in one of {@code networks}. */
    public static boolean anyContains(List<IpNetwork> networks, String address) {
        return literal(address).filter(bytes -> networks.stream().anyMatch(network -> network.contains(bytes))).isPresent();
    }

    @Override
    public String toString() {
        return text;
    }
}
