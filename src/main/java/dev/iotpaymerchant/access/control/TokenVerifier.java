package dev.iotpaymerchant.access.control;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.iotpaymerchant.platform.control.InvalidSettingException;
import dev.iotpaymerchant.platform.control.LogSafe;
import dev.iotpaymerchant.platform.control.MissingSettingException;
import dev.iotpaymerchant.platform.control.Settings;

/**
 * Verifies bearer tokens as MicroProfile JWT does, from the same standard settings
 * ({@code mp.jwt.verify.publickey.location} or {@code mp.jwt.verify.publickey}, {@code
 * mp.jwt.verify.issuer}, {@code mp.jwt.verify.audiences}): the signature with the identity
 * provider's public key (PEM or JWKS, a file or a URL; JWKS URLs are cached and refreshed), RS256
 * or ES256 only, the issuer, the audience when set, expiry and not-before with a minute of skew,
 * and a subject. Anything else is no token at all.
 */
@ApplicationScoped
public class TokenVerifier {

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(TokenVerifier.class.getName());
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final Set<String> TYPES = Set.of("jwt", "at+jwt", "application/at+jwt");
    private static final int SKEW_SECONDS = 60;

    @Inject
    Settings settings;

    private volatile DefaultJWTProcessor<SecurityContext> processor;

    /** What a verified token says about its bearer. */
    public record Verified(String subject, Set<String> groups) {
    }

    public Optional<Verified> verify(String token) {
        try {
            JWTClaimsSet claims = processor().process(token, null);
            List<String> groups = claims.getClaim("groups") == null ? List.of() : claims.getStringListClaim("groups");
            return Optional.of(new Verified(claims.getSubject(), Set.copyOf(groups)));
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException invalid) {
            if (invalid instanceof InvalidSettingException || invalid instanceof MissingSettingException) {
                throw (RuntimeException) invalid;
            }
            LOG.fine(() -> "Bearer token refused: " + LogSafe.text(String.valueOf(invalid)));
            return Optional.empty();
        }
    }

    private DefaultJWTProcessor<SecurityContext> processor() {
        DefaultJWTProcessor<SecurityContext> current = processor;
        if (current == null) {
            synchronized (this) {
                if (processor == null) {
                    processor = build(settings.tokenIssuer(), settings.tokenAudiences(), keys());
                }
                current = processor;
            }
        }
        return current;
    }

    static DefaultJWTProcessor<SecurityContext> build(String issuer, Set<String> audiences, JWKSource<SecurityContext> keys) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        // Access tokens say "JWT" or "at+jwt" (RFC 9068), or nothing.
        processor.setJWSTypeVerifier((type, context) -> {
            if (type != null && !TYPES.contains(type.getType().toLowerCase(java.util.Locale.ROOT))) {
                throw new BadJOSEException("a token of type " + type + " is not an access token");
            }
        });
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                audiences.isEmpty() ? null : new HashSet<>(audiences), // a mutable set: nimbus asks it about null
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                new HashSet<>(List.of("sub", "exp")), null);
        claims.setMaxClockSkew(SKEW_SECONDS);
        processor.setJWTClaimsSetVerifier(claims);
        return processor;
    }

    private JWKSource<SecurityContext> keys() {
        Optional<String> inline = settings.optional(Settings.TOKEN_PUBLIC_KEY);
        if (inline.isPresent()) {
            return new ImmutableJWKSet<>(parse(inline.get(), Settings.TOKEN_PUBLIC_KEY));
        }
        String location = settings.required(Settings.TOKEN_PUBLIC_KEY_LOCATION);
        try {
            if (location.startsWith("http://") || location.startsWith("https://")) {
                return JWKSourceBuilder.create(new URL(location)).retrying(true).build();
            }
            Path file = location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
            return new ImmutableJWKSet<>(parse(Files.readString(file, StandardCharsets.UTF_8), Settings.TOKEN_PUBLIC_KEY_LOCATION));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSettingException(Settings.TOKEN_PUBLIC_KEY_LOCATION, "cannot be read as a URL or file of public keys");
        }
    }

    /** A PEM "PUBLIC KEY" (X.509 SubjectPublicKeyInfo), RSA or EC, without extra libraries. */
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

    /** A JWKS, a single JWK, or a PEM-encoded public key (RSA or EC). */
    static JWKSet parse(String text, String setting) {
        String trimmed = text.trim();
        try {
            if (trimmed.startsWith("-----BEGIN")) {
                return new JWKSet(fromPem(trimmed));
            }
            if (trimmed.contains("\"keys\"")) {
                return JWKSet.parse(trimmed);
            }
            return new JWKSet(JWK.parse(trimmed));
        } catch (ParseException | JOSEException | RuntimeException e) {
            throw new InvalidSettingException(setting, "holds no public key in PEM or JWK(S) form");
        }
    }
}
