package dev.iotpaymerchant.access.control;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;

import dev.iotpaymerchant.access.control.TokenRefused.Reason;
import dev.iotpaymerchant.platform.observability.LogFields;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.PlatformSettings;
import dev.iotpaymerchant.platform.values.LogSafe;

/**
 * Verifies bearer tokens from the standard MicroProfile JWT settings ({@code
 * mp.jwt.verify.publickey.location} or {@code mp.jwt.verify.publickey}, {@code
 * mp.jwt.verify.issuer}, {@code mp.jwt.verify.audiences}), and says why it refuses one
 * ({@link TokenRefused.Reason}). In order: a JWS (anything else is malformed, or {@code alg: none}
 * and encrypted tokens an algorithm not allowed), of an access token's type ({@code JWT}, {@code
 * at+jwt} or none), RS256 or ES256; a key that may have signed it ({@link SigningKeys}: a PEM key
 * whatever the {@code kid}, a JWKS key by its {@code kid}); the signature; not an ID token (a payload
 * {@code typ} other than Keycloak's {@code Bearer}); the issuer; one of the
 * audiences; expiry and not-before with a minute of skew; a subject. The reason is logged at FINE,
 * the token never. Keys published at a URL are read from deployment on, off the request threads
 * ({@link SigningKeys}); until they are known, a token is answered {@link KeysUnavailable}.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final Logger LOG = LogFields.logger(TokenVerifier.class);
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final Set<String> TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");
    static final Duration SKEW = Duration.ofSeconds(60);

    @Inject
    AccessSettings settings;

    @Inject
    PlatformSettings platform;

    /** Makes the one thread that reads keys published at a URL. */
    @Resource
    ManagedThreadFactory threads;

    private volatile Rules rules;
    private ScheduledThreadPoolExecutor keyReads;

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
    public Verified verify(String token) throws TokenRefused, KeysUnavailable {
        try {
            return verify(token, rules(), Instant.now());
        } catch (TokenRefused refused) {
            LOG.fine(() -> "Bearer token refused: " + refused.reason().text());
            throw refused;
        }
    }

    /** With api.auth=jwt, the keys start being read at deployment, so the first request with a token waits for nothing. */
    void readKeysAtStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        if (platform.jwtChosen()) {
            try {
                rules();
            } catch (RuntimeException unusable) {
                // The start-up check names the missing or invalid setting; requests are answered 503 for it.
                LOG.fine(() -> "The token settings are not usable yet: " + unusable.getMessage());
            }
        }
    }

    @PreDestroy
    synchronized void stopReading() {
        Rules current = rules;
        if (current != null) {
            current.keys().stop();
        }
        if (keyReads != null) {
            keyReads.shutdownNow();
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

    static Verified verify(String token, Rules rules, Instant now) throws TokenRefused, KeysUnavailable {
        SignedJWT jwt = signed(token);
        JWSHeader header = jwt.getHeader();
        if (header.getType() != null && !TYPES.contains(header.getType().getType().toLowerCase(Locale.ROOT))) {
            throw new TokenRefused(Reason.NOT_AN_ACCESS_TOKEN); // e.g. a logout token: another kind of JWT
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
        requireAccessTokenType(claims.getClaim("typ"));
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

    /**
     * Keycloak types its tokens in the payload: {@code Bearer} for access tokens, {@code ID} for ID
     * tokens, whose {@code aud} is the app's client id and may well be one of our audiences. An ID
     * token only says who signed in to an app, so only an untyped token or a {@code Bearer} one passes.
     */
    private static void requireAccessTokenType(Object typ) throws TokenRefused {
        if (typ == null || "bearer".equals(String.valueOf(typ).toLowerCase(Locale.ROOT))) {
            return;
        }
        throw new TokenRefused("id".equals(String.valueOf(typ).toLowerCase(Locale.ROOT)) ? Reason.ID_TOKEN : Reason.NOT_AN_ACCESS_TOKEN);
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
            return SigningKeys.fixed(PublishedKeys.parse(inline.get(), AccessSettings.TOKEN_PUBLIC_KEY.key()));
        }
        String location = settings.tokenPublicKeyLocation();
        if (!AccessSettings.secureKeyLocation(location)) {
            throw new InvalidSettingException(AccessSettings.TOKEN_PUBLIC_KEY_LOCATION.key(), "must be an https:// URL (http:// only "
                    + "for a loopback address), a file path or a file: URL");
        }
        String lower = location.toLowerCase(Locale.ROOT);
        try {
            if (lower.startsWith("http://") || lower.startsWith("https://")) {
                // A thread of its own: a read may take its whole 5 s, and the server's default managed
                // scheduler has one thread, which the status long-polls tick on.
                keyReads = new ScheduledThreadPoolExecutor(1, threads);
                keyReads.setRemoveOnCancelPolicy(true);
                return SigningKeys.remote(new PublishedKeys.UrlSource(URI.create(location)), Clock.systemUTC(),
                        (read, delay) -> keyReads.schedule(read, delay.toMillis(), TimeUnit.MILLISECONDS));
            }
            Path file = lower.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            return SigningKeys.fixed(PublishedKeys.parse(Files.readString(file, StandardCharsets.UTF_8),
                    AccessSettings.TOKEN_PUBLIC_KEY_LOCATION.key()));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSettingException(AccessSettings.TOKEN_PUBLIC_KEY_LOCATION.key(), "cannot be read as a URL or file of public keys");
        }
    }
}
