package dev.iotpaymerchant.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The tests' own identity provider: an RSA key whose public half is published as a JWKS file the
 * deployment reads (mp.jwt.verify.publickey.location), and tokens minted with chosen claims,
 * including every kind a backend must refuse.
 */
final class Tokens {

    static final String ISSUER = "https://id.iotpay-merchant.test";
    static final String AUDIENCE = "iotpay-merchant-api";

    private final RSAKey key;
    private final ECKey ecKey;
    private final RSAKey stranger;
    private final Path jwks;

    Tokens(Path jwks) {
        try {
            key = new RSAKeyGenerator(2048).keyID("it-key").generate();
            ecKey = new ECKeyGenerator(Curve.P_256).keyID("it-ec-key").generate();
            stranger = new RSAKeyGenerator(2048).keyID("it-key").generate();
            this.jwks = jwks;
            Files.createDirectories(jwks.getParent());
            Files.writeString(jwks, new JWKSet(List.of(key.toPublicJWK(), ecKey.toPublicJWK())).toString(), StandardCharsets.UTF_8);
        } catch (JOSEException | IOException e) {
            throw new IllegalStateException("cannot make the test identity provider", e);
        }
    }

    String jwksLocation() {
        return jwks.toAbsolutePath().toUri().toString();
    }

    /** A valid token for {@code subject}, in {@code groups}. */
    String valid(String subject, String... groups) {
        return signed(key, claims(subject, groups, b -> { }));
    }

    /**
     * A valid token whose header names the key {@code kid} (null: none), as Keycloak, Auth0 and
     * Entra ID put one in every token. Signed by the same RSA key.
     */
    String withKeyId(String kid, String subject, String... groups) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(),
                    claims(subject, groups, b -> { }));
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The RSA key's public half as PEM on one line, as it fits in a properties file or an environment variable. */
    String publicKeyPem() {
        try {
            return "-----BEGIN PUBLIC KEY-----" + Base64.getEncoder().encodeToString(key.toRSAPublicKey().getEncoded())
                    + "-----END PUBLIC KEY-----";
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same, signed with ES256 (P-256). */
    String validEs256(String subject, String... groups) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(ecKey.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims(subject, groups, b -> { }));
            jwt.sign(new ECDSASigner(ecKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String with(String subject, Consumer<JWTClaimsSet.Builder> change) {
        return signed(key, claims(subject, new String[0], change));
    }

    String signedByAStranger(String subject) {
        return signed(stranger, claims(subject, new String[0], b -> { }));
    }

    /** {"alg":"none"}: no signature at all. */
    String unsigned(String subject) {
        String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        return header + "." + base64(claims(subject, new String[0], b -> { }).toString()) + ".";
    }

    /** HS256 with the public key as the HMAC secret: the classic algorithm-confusion forgery. */
    String hmacWithThePublicKey(String subject) {
        try {
            byte[] secret = key.toPublicJWK().toRSAPublicKey().getEncoded();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("it-key").type(JOSEObjectType.JWT).build(),
                    claims(subject, new String[0], b -> { }));
            jwt.sign(new MACSigner(java.util.Arrays.copyOf(secret, Math.max(secret.length, 32))));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet claims(String subject, String[] groups, Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .audience(AUDIENCE)
                .claim("upn", subject)
                .claim("groups", List.of(groups))
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)));
        change.accept(claims);
        return claims.build();
    }

    private static String signed(RSAKey with, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(with));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
