package dev.iotpaymerchant.access.control;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

import dev.iotpaymerchant.platform.http.BoundedExchange;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;

/**
 * The identity provider's public keys as they are published: a JWKS, a single JWK or a PEM key, in
 * the settings, in a file or at an https (or loopback http) URL. Only public halves are kept.
 */
final class PublishedKeys {

    private static final int MAX_KEYS_BYTES = 512 * 1024;
    private static final Duration KEYS_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern BARE_PEM = Pattern.compile("[A-Za-z0-9+/=\\s]{64,}");

    private PublishedKeys() {
    }

    /** Reads the keys at an https (or loopback http) URL: no redirects, bounded in time and size. */
    static final class UrlSource implements SigningKeys.Source {

        private final URI url;
        // HTTP/2 is the JDK client's default version, which these reads always used.
        private final BoundedExchange http = new BoundedExchange(HttpClient.Version.HTTP_2, KEYS_TIMEOUT);

        UrlSource(URI url) {
            this.url = url;
        }

        /**
         * One read, bounded in all ({@link BoundedExchange}): {@code KEYS_TIMEOUT} covers connecting,
         * the headers and the whole body (a provider that sends a byte at a time is cut off), and at
         * most {@code MAX_KEYS_BYTES} are read.
         */
        @Override
        public JWKSet read() throws IOException {
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .header("Accept", "application/jwk-set+json, application/json").GET();
            BoundedExchange.Outcome outcome = http.send(request, KEYS_TIMEOUT, MAX_KEYS_BYTES);
            if (!outcome.headArrived()) {
                throw new IOException(why(outcome), outcome.cause());
            }
            if (outcome.status() != 200) {
                throw new IOException("HTTP " + outcome.status());
            }
            if (outcome.failure() == BoundedExchange.Failure.BODY_TOO_LARGE) {
                throw new IOException("more than " + MAX_KEYS_BYTES + " bytes");
            }
            return parseKeys(new String(outcome.body(), StandardCharsets.UTF_8));
        }

        /** The client's own words when it failed; ours when the deadline passed while waiting or the read was interrupted. */
        private static String why(BoundedExchange.Outcome outcome) {
            if (outcome.cause() != null) {
                return outcome.cause().getMessage();
            }
            return switch (outcome.failure()) {
                case DEADLINE_PASSED -> "no whole answer within " + KEYS_TIMEOUT.toMillis() + " ms";
                case INTERRUPTED -> "interrupted";
                default -> "the read failed";
            };
        }

        @Override
        public String describe() {
            return url.toString();
        }
    }

    /** A PEM "PUBLIC KEY" (X.509 SubjectPublicKeyInfo), RSA or EC, without extra libraries; it has no key id. */
    private static JWK fromPem(String pem) throws JOSEException {
        String base64 = pem.replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
        X509EncodedKeySpec spec = new X509EncodedKeySpec(Base64.getDecoder().decode(base64));
        try {
            return new RSAKey.Builder((RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(spec)).build();
        } catch (GeneralSecurityException notRsa) {
            try {
                ECPublicKey key = (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(spec);
                return new ECKey.Builder(Curve.forECParameterSpec(key.getParams()), key).build();
            } catch (GeneralSecurityException | RuntimeException neither) {
                throw new JOSEException("not an RSA or EC public key");
            }
        }
    }

    /** A JWKS, a single JWK, or a PEM-encoded public key (RSA or EC, with or without its BEGIN and END lines); public halves only. */
    static JWKSet parse(String text, String setting) {
        try {
            return parseKeys(text);
        } catch (IOException e) {
            throw new InvalidSettingException(setting, "holds no public key in PEM or JWK(S) form");
        }
    }

    private static JWKSet parseKeys(String text) throws IOException {
        String trimmed = text.trim();
        try {
            JWKSet keys;
            if (trimmed.startsWith("-----BEGIN") || BARE_PEM.matcher(trimmed).matches()) {
                keys = new JWKSet(fromPem(trimmed)); // with or without its PEM lines, as Keycloak shows it
            } else if (trimmed.contains("\"keys\"")) {
                keys = JWKSet.parse(trimmed);
            } else {
                keys = new JWKSet(JWK.parse(trimmed));
            }
            return keys.toPublicJWKSet();
        } catch (ParseException | JOSEException | RuntimeException e) {
            throw new IOException("no public key in PEM or JWK(S) form");
        }
    }
}
