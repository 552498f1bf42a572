package dev.iotpaymerchant.access.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

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
        private final HttpClient http = HttpClient.newBuilder()
                .connectTimeout(KEYS_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        UrlSource(URI url) {
            this.url = url;
        }

        /**
         * One read, bounded in all: {@code KEYS_TIMEOUT} covers connecting, the headers and the whole
         * body (a provider that sends a byte at a time is cut off), and at most {@code MAX_KEYS_BYTES}
         * are read.
         */
        @Override
        public JWKSet read() throws IOException {
            HttpRequest request = HttpRequest.newBuilder(url).timeout(KEYS_TIMEOUT)
                    .header("Accept", "application/jwk-set+json, application/json").GET().build();
            CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, info -> new Capped(MAX_KEYS_BYTES));
            HttpResponse<byte[]> response;
            try {
                response = exchange.get(KEYS_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                exchange.cancel(true);
                throw new IOException("no whole answer within " + KEYS_TIMEOUT.toMillis() + " ms", e);
            } catch (ExecutionException e) {
                throw new IOException(e.getCause() == null ? "the read failed" : e.getCause().getMessage(), e);
            } catch (InterruptedException e) {
                exchange.cancel(true);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            if (response.body() == null) {
                throw new IOException("more than " + MAX_KEYS_BYTES + " bytes");
            }
            return parseKeys(new String(response.body(), StandardCharsets.UTF_8));
        }

        @Override
        public String describe() {
            return url.toString();
        }
    }

    /** Collects a body up to a limit; past it, stops reading (closing the exchange) and gives null. */
    static final class Capped implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Capped(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.write(chunk, 0, chunk.length);
            }
            if (bytes.size() > limit && !done.isDone()) {
                subscription.cancel();
                done.complete(null);
            }
        }

        @Override
        public void onError(Throwable failure) {
            done.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            done.complete(bytes.toByteArray());
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
