package dev.iotpaymerchant.access.control;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import dev.iotpaymerchant.access.control.TokenRefused.Reason;
import dev.iotpaymerchant.platform.control.InvalidSettingException;
import dev.iotpaymerchant.platform.control.LogFields;
import dev.iotpaymerchant.platform.control.LogSafe;

/**
 * Verifies bearer tokens from the standard MicroProfile JWT settings ({@code
 * mp.jwt.verify.publickey.location} or {@code mp.jwt.verify.publickey}, {@code
 * mp.jwt.verify.issuer}, {@code mp.jwt.verify.audiences}), and says why it refuses one
 * ({@link TokenRefused.Reason}). In order: a JWS (anything else is malformed, or {@code alg: none}
 * and encrypted tokens an algorithm not allowed), of an access token's type ({@code JWT}, {@code
 * at+jwt} or none), RS256 or ES256; a key that may have signed it ({@link SigningKeys}: a PEM key
 * whatever the {@code kid}, a JWKS key by its {@code kid}); the signature; the issuer; one of the
 * audiences; expiry and not-before with a minute of skew; a subject. The reason is logged at FINE,
 * the token never.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final Logger LOG = LogFields.logger(TokenVerifier.class);
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final Set<String> TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");
    static final Duration SKEW = Duration.ofSeconds(60);
    private static final int MAX_KEYS_BYTES = 512 * 1024;
    private static final Duration KEYS_TIMEOUT = Duration.ofSeconds(5);
    private static final java.util.regex.Pattern BARE_PEM = java.util.regex.Pattern.compile("[A-Za-z0-9+/=\\s]{64,}");

    @Inject
    AccessSettings settings;

    private volatile Rules rules;

    /** What a verified token says about its bearer. */
    public record Verified(String subject, Set<String> groups) {
    }

    /** What a token must satisfy: issued by {@code issuer} for one of {@code audiences}, signed by one of {@code keys}. */
    record Rules(String issuer, Set<String> audiences, SigningKeys keys) {
    }

    /**
     * The token's subject and groups, or why it is refused. Unusable settings are not the token's
     * fault: they throw {@link InvalidSettingException} or a missing-setting exception instead.
     */
    public Verified verify(String token) throws TokenRefused {
        try {
            return verify(token, rules(), Instant.now());
        } catch (TokenRefused refused) {
            LOG.fine(() -> "Bearer token refused: " + refused.reason().text());
            throw refused;
        }
    }

    private Rules rules() {
        Rules current = rules;
        if (current == null) {
            synchronized (this) {
                if (rules == null) {
                    rules = new Rules(settings.tokenIssuer(), settings.tokenAudiences(), keys());
                }
                current = rules;
            }
        }
        return current;
    }

    static Verified verify(String token, Rules rules, Instant now) throws TokenRefused {
        SignedJWT jwt = signed(token);
        JWSHeader header = jwt.getHeader();
        if (header.getType() != null && !TYPES.contains(header.getType().getType().toLowerCase(Locale.ROOT))) {
            throw new TokenRefused(Reason.MALFORMED); // an ID token or another kind of JWT, not an access token
        }
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new TokenRefused(Reason.ALGORITHM_NOT_ALLOWED);
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new TokenRefused(Reason.MALFORMED);
        }
        List<JWK> candidates = rules.keys().candidates(header);
        if (candidates.isEmpty()) {
            if (header.getKeyID() != null) {
                LOG.fine(() -> "No signing key has the token's key id '" + LogSafe.text(header.getKeyID()) + "'");
            }
            throw new TokenRefused(Reason.UNKNOWN_SIGNING_KEY);
        }
        if (!signedByOneOf(jwt, candidates)) {
            throw new TokenRefused(Reason.SIGNATURE_INVALID);
        }
        if (!rules.issuer().equals(claims.getIssuer())) {
            throw new TokenRefused(Reason.WRONG_ISSUER);
        }
        if (claims.getAudience().stream().noneMatch(rules.audiences()::contains)) {
            throw new TokenRefused(Reason.WRONG_AUDIENCE);
        }
        Date expires = claims.getExpirationTime();
        if (expires == null) {
            throw new TokenRefused(Reason.MALFORMED);
        }
        if (now.isAfter(expires.toInstant().plus(SKEW))) {
            throw new TokenRefused(Reason.EXPIRED);
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant().minus(SKEW))) {
            throw new TokenRefused(Reason.NOT_YET_VALID);
        }
        String subject = claims.getSubject();
        if (subject == null || subject.isBlank() || subject.length() > 255 || subject.chars().anyMatch(Character::isISOControl)) {
            throw new TokenRefused(Reason.MALFORMED); // OIDC Core 2 caps sub at 255; it is stored as owner, creator, actor
        }
        try {
            List<String> groups = claims.getClaim("groups") == null ? List.of() : claims.getStringListClaim("groups");
            return new Verified(subject, Set.copyOf(groups.stream().filter(java.util.Objects::nonNull).toList()));
        } catch (ParseException e) {
            throw new TokenRefused(Reason.MALFORMED);
        }
    }

    private static SignedJWT signed(String token) throws TokenRefused {
        if (token == null || token.isBlank()) {
            throw new TokenRefused(Reason.MALFORMED);
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            // nimbus refuses "alg":"none" in a three-part token it would read as a JWS
            throw new TokenRefused(isUnsigned(token) ? Reason.ALGORITHM_NOT_ALLOWED : Reason.MALFORMED);
        }
        if (jwt instanceof SignedJWT signed) {
            return signed;
        }
        throw new TokenRefused(Reason.ALGORITHM_NOT_ALLOWED); // alg: none, or an encrypted token
    }

    private static boolean isUnsigned(String token) {
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.split("\\.", -1)[0]), StandardCharsets.UTF_8);
            return header.replace(" ", "").toLowerCase(Locale.ROOT).contains("\"alg\":\"none\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean signedByOneOf(SignedJWT jwt, List<JWK> candidates) {
        for (JWK key : candidates) {
            try {
                JWSVerifier verifier = key instanceof RSAKey rsa ? new RSASSAVerifier(rsa) : new ECDSAVerifier((ECKey) key);
                if (jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | RuntimeException notThisOne) {
                // an unusable key (too short, wrong curve): try the next
            }
        }
        return false;
    }

    private SigningKeys keys() {
        Optional<String> inline = settings.tokenPublicKey();
        if (inline.isPresent()) {
            return SigningKeys.fixed(parse(inline.get(), AccessSettings.TOKEN_PUBLIC_KEY.key()));
        }
        String location = settings.tokenPublicKeyLocation();
        if (!AccessSettings.secureKeyLocation(location)) {
            throw new InvalidSettingException(AccessSettings.TOKEN_PUBLIC_KEY_LOCATION.key(), "must be an https:// URL (http:// only "
                    + "for a loopback address), a file path or a file: URL");
        }
        String lower = location.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                return SigningKeys.remote(new UrlSource(URI.create(location)), Clock.systemUTC());
            }
            Path file = lower.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            return SigningKeys.fixed(parse(Files.readString(file, StandardCharsets.UTF_8), AccessSettings.TOKEN_PUBLIC_KEY_LOCATION.key()));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSettingException(AccessSettings.TOKEN_PUBLIC_KEY_LOCATION.key(), "cannot be read as a URL or file of public keys");
        }
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
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private final CompletableFuture<byte[]> done = new CompletableFuture<>();
        private java.util.concurrent.Flow.Subscription subscription;

        Capped(int limit) {
            this.limit = limit;
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> buffers) {
            for (java.nio.ByteBuffer buffer : buffers) {
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
