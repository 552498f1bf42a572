package dev.iotpaymerchant.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import dev.iotpaymerchant.platform.control.InvalidSettingException;

/** Only tokens of our issuer, for our audience, signed RS256 or ES256 with its keys, current, with a subject. */
class TokenVerifierTest {

    private static final String ISSUER = "https://id.example";
    private static final RSAKey RSA = generateRsa();
    private static final ECKey EC = generateEc();
    private static final DefaultJWTProcessor<SecurityContext> PROCESSOR = TokenVerifier.build(ISSUER, Set.of("api"),
            new ImmutableJWKSet<>(new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK()))));

    @Test
    void acceptsRs256AndEs256TokensOfTheIssuerForTheAudience() throws Exception {
        assertEquals("alice", PROCESSOR.process(token(JWSAlgorithm.RS256, c -> { }), null).getSubject());
        assertEquals("alice", PROCESSOR.process(token(JWSAlgorithm.ES256, c -> { }), null).getSubject());
    }

    /** Each token differs from an accepted one in one thing, and is refused for that thing. */
    static Stream<Arguments> refused() {
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("expired", token(JWSAlgorithm.RS256, c -> c.expirationTime(Date.from(now.minusSeconds(120)))),
                        ExpiredJWTException.class, "Expired JWT"),
                Arguments.of("not yet valid", token(JWSAlgorithm.RS256, c -> c.notBeforeTime(Date.from(now.plusSeconds(600)))),
                        BadJWTException.class, "JWT before use time"),
                Arguments.of("another issuer", token(JWSAlgorithm.RS256, c -> c.issuer("https://evil.example")),
                        BadJWTException.class, "JWT iss claim has value https://evil.example"),
                Arguments.of("another audience", token(JWSAlgorithm.RS256, c -> c.audience("other")),
                        BadJWTException.class, "JWT audience rejected: [other]"),
                Arguments.of("no subject", token(JWSAlgorithm.RS256, c -> c.subject(null)),
                        BadJWTException.class, "JWT missing required claims: [sub]"),
                Arguments.of("HS256", token(JWSAlgorithm.HS256, c -> { }),
                        BadJOSEException.class, "Another algorithm expected, or no matching key(s) found"),
                Arguments.of("a forged signature", token(JWSAlgorithm.RS256, c -> { }).replaceAll("\\.[^.]+$", ".AAAA"),
                        BadJWSException.class, "Invalid signature"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesEverythingElseForItsReason(String what, String token, Class<? extends BadJOSEException> expected, String reason) {
        BadJOSEException refused = assertThrows(BadJOSEException.class, () -> PROCESSOR.process(token, null), token);
        assertEquals(expected, refused.getClass(), refused.toString());
        assertTrue(refused.getMessage().contains(reason), what + ": " + refused.getMessage());
    }

    @Test
    void withinAMinuteOfSkewATokenStillCounts() throws Exception {
        Instant now = Instant.now();
        String justExpired = token(JWSAlgorithm.RS256, c -> c.expirationTime(Date.from(now.minusSeconds(30))));
        assertEquals("alice", PROCESSOR.process(justExpired, null).getSubject());
    }

    @Test
    void keysComeAsPemJwkOrJwks() throws Exception {
        assertEquals(2, TokenVerifier.parse(new JWKSet(List.of(RSA.toPublicJWK(), EC.toPublicJWK())).toString(), "k").getKeys().size());
        assertEquals(1, TokenVerifier.parse(RSA.toPublicJWK().toJSONString(), "k").getKeys().size());
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(RSA.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        assertTrue(TokenVerifier.parse(pem, "k").getKeys().get(0) instanceof RSAKey);
        InvalidSettingException wrong = assertThrows(InvalidSettingException.class, () -> TokenVerifier.parse("nonsense", "mp.jwt.verify.publickey"));
        assertTrue(wrong.getMessage().contains("MP_JWT_VERIFY_PUBLICKEY"));
    }

    private static String token(JWSAlgorithm algorithm, Consumer<JWTClaimsSet.Builder> change) {
        try {
            Instant now = Instant.now();
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").audience("api")
                    .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
            change.accept(claims);
            JWSSigner signer = algorithm == JWSAlgorithm.ES256 ? new ECDSASigner(EC)
                    : algorithm == JWSAlgorithm.HS256 ? new MACSigner(new byte[32]) : new RSASSASigner(RSA);
            String kid = algorithm == JWSAlgorithm.ES256 ? EC.getKeyID() : RSA.getKeyID();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build(), claims.build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generateRsa() {
        try {
            return new RSAKeyGenerator(2048).keyID("rsa").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generateEc() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
