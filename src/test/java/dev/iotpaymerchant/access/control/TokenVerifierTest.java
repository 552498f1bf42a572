package dev.iotpaymerchant.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.access.control.TokenRefused.Reason;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;

/**
 * Only tokens of our issuer, for one of our audiences, signed RS256 or ES256 with its keys,
 * current, with a subject; every refusal says which check failed.
 */
class TokenVerifierTest {

    private static final String ISSUER = "https://id.example";
    private static final Set<String> AUDIENCES = Set.of("api", "console-api");
    private static final RSAKey RSA = rsa("rsa");
    private static final ECKey EC = ec("ec");
    private static final TokenVerifier.Rules JWKS = rules(new JWKSet(List.<JWK>of(RSA.toPublicJWK(), EC.toPublicJWK())));

    @Test
    void acceptsRs256AndEs256TokensOfTheIssuerForOneOfTheAudiences() throws Exception {
        TokenVerifier.Verified verified = verify(token(RSA, c -> c.claim("groups", List.of("operator"))), JWKS);
        assertEquals("alice", verified.subject());
        assertEquals(Set.of("operator"), verified.groups());
        assertEquals("alice", verify(token(EC, c -> { }), JWKS).subject());
        assertEquals("alice", verify(token(RSA, c -> c.audience(List.of("other", "console-api"))), JWKS).subject(),
                "one of the token's audiences is one of ours");
    }

    @Test
    void anExpiredTokenSaysSo() {
        Instant now = Instant.now();
        assertRefused(Reason.EXPIRED, token(RSA, c -> c.expirationTime(Date.from(now.minusSeconds(120)))));
    }

    @Test
    void aTokenNotValidYetSaysSo() {
        Instant now = Instant.now();
        assertRefused(Reason.NOT_YET_VALID, token(RSA, c -> c.notBeforeTime(Date.from(now.plusSeconds(600)))));
    }

    @Test
    void anotherIssuersTokenSaysSo() {
        assertRefused(Reason.WRONG_ISSUER, token(RSA, c -> c.issuer("https://evil.example")));
        assertRefused(Reason.WRONG_ISSUER, token(RSA, c -> c.issuer(null)));
    }

    @Test
    void aTokenForAnotherAudienceSaysSo() {
        assertRefused(Reason.WRONG_AUDIENCE, token(RSA, c -> c.audience("another-app")));
        assertRefused(Reason.WRONG_AUDIENCE, token(RSA, c -> c.audience((String) null)), "no audience at all");
    }

    @Test
    void aKeyIdNoKeyHasIsAnUnknownSigningKey() {
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(rsa("stranger"), c -> { }));
    }

    @Test
    void aForgedSignatureUnderAKnownKeyIdIsAnInvalidSignature() {
        assertRefused(Reason.SIGNATURE_INVALID, token(rsa("rsa"), c -> { }), "another key calling itself 'rsa'");
        assertRefused(Reason.SIGNATURE_INVALID, token(RSA, c -> { }).replaceAll("\\.[^.]+$", ".AAAA"));
    }

    @Test
    void onlyRs256AndEs256AreAllowed() throws Exception {
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa").type(JOSEObjectType.JWT).build(),
                claims(c -> { }));
        hmac.sign(new MACSigner(new byte[32]));
        assertRefused(Reason.ALGORITHM_NOT_ALLOWED, hmac.serialize());
        SignedJWT ps256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID("rsa").build(), claims(c -> { }));
        ps256.sign(new RSASSASigner(RSA));
        assertRefused(Reason.ALGORITHM_NOT_ALLOWED, ps256.serialize());
        String none = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + base64(claims(c -> { }).toString()) + ".";
        assertRefused(Reason.ALGORITHM_NOT_ALLOWED, none);
    }

    @Test
    void garbageIsMalformed() {
        for (String garbage : List.of("not.a.token", "", "abc", base64("{\"alg\":\"RS256\"}") + ".e30")) {
            assertRefused(Reason.MALFORMED, garbage);
        }
        assertRefused(Reason.MALFORMED, token(RSA, c -> c.subject(null)), "no subject");
        assertRefused(Reason.MALFORMED, token(RSA, c -> c.expirationTime(null)), "no expiry");
        assertRefused(Reason.MALFORMED, token(RSA, c -> c.claim("groups", 42)), "groups that are not strings");
    }

    /** A subject is stored as the owner of what it creates (255 characters): a longer one would be a 500 there. */
    @Test
    void aSubjectOpenIdConnectWouldNotIssueIsMalformed() throws Exception {
        String longest = "s".repeat(255);
        assertEquals(longest, verify(token(RSA, c -> c.subject(longest)), JWKS).subject());
        assertRefused(Reason.MALFORMED, token(RSA, c -> c.subject(longest + "s")), "over 255 characters (OIDC Core 2)");
        assertRefused(Reason.MALFORMED, token(RSA, c -> c.subject("ali\u0000ce")), "a NUL, which PostgreSQL cannot store");
        assertRefused(Reason.MALFORMED, token(RSA, c -> c.subject("ali\nce")), "a line break");
    }

    @Test
    void anIdTokenOrOtherTypedJwtIsNotAnAccessToken() throws Exception {
        SignedJWT logout = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rsa")
                .type(new JOSEObjectType("logout+jwt")).build(), claims(c -> { }));
        logout.sign(new RSASSASigner(RSA));
        assertRefused(Reason.NOT_AN_ACCESS_TOKEN, logout.serialize());
    }

    @Test
    void aKeycloakIdTokenForOurAudienceIsRefusedAsAnIdToken() {
        String idToken = token(RSA, c -> c.claim("typ", "ID").claim("azp", "shop-app").claim("nonce", "n-0S6_WzA2Mj")
                .claim("at_hash", "77QmUPtjPfzWtF2AnpK9RQ"));
        assertRefused(Reason.ID_TOKEN, idToken, "Keycloak's ID token, its aud one of ours");
        assertRefused(Reason.NOT_AN_ACCESS_TOKEN, token(RSA, c -> c.claim("typ", "Refresh")), "a Keycloak refresh token");
        assertRefused(Reason.NOT_AN_ACCESS_TOKEN, token(RSA, c -> c.claim("typ", "Logout")), "a Keycloak logout token");
        assertRefused(Reason.SIGNATURE_INVALID, token("rsa", rsa("forger"), c -> c.claim("typ", "ID")),
                "only a genuine token is judged by its type");
    }

    @Test
    void aKeycloakAccessTokenTypedBearerIsAccepted() throws Exception {
        assertEquals("alice", verify(token(RSA, c -> c.claim("typ", "Bearer").claim("azp", "shop-app")), JWKS).subject());
    }

    @Test
    void withinAMinuteOfSkewATokenStillCounts() throws Exception {
        Instant now = Instant.now();
        String justExpired = token(RSA, c -> c.expirationTime(Date.from(now.minusSeconds(30))));
        assertEquals("alice", verify(justExpired, JWKS).subject());
        String almostValid = token(RSA, c -> c.notBeforeTime(Date.from(now.plusSeconds(30))));
        assertEquals("alice", verify(almostValid, JWKS).subject());
    }

    // ---- which key ----------------------------------------------------------------------------

    @Test
    void aPemKeyVerifiesTokensWhateverKeyIdTheyCarry() throws Exception {
        TokenVerifier.Rules pem = rules(PublishedKeys.parse(pem(RSA), "mp.jwt.verify.publickey"));
        assertEquals("alice", verify(token(RSA, c -> { }), pem).subject(), "kid 'rsa'");
        assertEquals("alice", verify(token("keycloak-3f9a", RSA, c -> { }), pem).subject(), "a kid the PEM cannot know");
        assertEquals("alice", verify(token(null, RSA, c -> { }), pem).subject(), "no kid");
        assertRefused(Reason.SIGNATURE_INVALID, token("keycloak-3f9a", rsa("x"), c -> { }), pem);
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token(EC, c -> { }), pem, "an ES256 token, an RSA key");
    }

    @Test
    void aJwksSelectsByKeyIdWhenTheTokenHasOne() throws Exception {
        assertEquals("alice", verify(token("rsa", RSA, c -> { }), JWKS).subject(), "its kid");
        assertEquals("alice", verify(token(null, RSA, c -> { }), JWKS).subject(), "no kid: every RSA key is tried");
        assertRefused(Reason.UNKNOWN_SIGNING_KEY, token("rotated-away", RSA, c -> { }), JWKS);
    }

    @Test
    void keysComeAsPemJwkOrJwksAndOnlyTheirPublicHalvesAreKept() throws Exception {
        JWKSet set = PublishedKeys.parse(new JWKSet(List.<JWK>of(RSA, EC)).toString(false), "k");
        assertEquals(2, set.getKeys().size());
        assertTrue(set.getKeys().stream().noneMatch(JWK::isPrivate));
        assertEquals(1, PublishedKeys.parse(RSA.toPublicJWK().toJSONString(), "k").getKeys().size());
        assertTrue(PublishedKeys.parse(pem(RSA), "k").getKeys().get(0) instanceof RSAKey);
        String bare = Base64.getEncoder().encodeToString(RSA.toRSAPublicKey().getEncoded());
        assertEquals(RSA.toPublicJWK().computeThumbprint(), PublishedKeys.parse(bare, "k").getKeys().get(0).computeThumbprint(),
                "the key as Keycloak's realm settings show it: the PEM's base64 without its lines");
        InvalidSettingException wrong = assertThrows(InvalidSettingException.class,
                () -> PublishedKeys.parse("nonsense", "mp.jwt.verify.publickey"));
        assertTrue(wrong.getMessage().contains("MP_JWT_VERIFY_PUBLICKEY"));
    }

    @Test
    void theReasonsAreTheWordsTheChallengeUses() {
        assertEquals(List.of("token expired", "not yet valid", "wrong issuer", "wrong audience", "unknown signing key",
                "signature invalid", "algorithm not allowed", "malformed", "an ID token, not an access token",
                "not an access token"),
                java.util.Arrays.stream(Reason.values()).map(Reason::text).toList());
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static TokenVerifier.Verified verify(String token, TokenVerifier.Rules rules) throws TokenRefused, KeysUnavailable {
        return TokenVerifier.verify(token, rules, Instant.now());
    }

    private static void assertRefused(Reason reason, String token) {
        assertRefused(reason, token, JWKS, token);
    }

    private static void assertRefused(Reason reason, String token, String why) {
        assertRefused(reason, token, JWKS, why);
    }

    private static void assertRefused(Reason reason, String token, TokenVerifier.Rules rules) {
        assertRefused(reason, token, rules, token);
    }

    private static void assertRefused(Reason reason, String token, TokenVerifier.Rules rules, String why) {
        TokenRefused refused = assertThrows(TokenRefused.class, () -> verify(token, rules), why);
        assertEquals(reason, refused.reason(), why);
    }

    static TokenVerifier.Rules rules(JWKSet keys) {
        return new TokenVerifier.Rules(ISSUER, AUDIENCES, SigningKeys.fixed(keys));
    }

    static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("alice").audience("api")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
        change.accept(claims);
        return claims.build();
    }

    static String token(JWK key, Consumer<JWTClaimsSet.Builder> change) {
        return token(key.getKeyID(), key, change);
    }

    /** Signed by {@code key}, with {@code kid} in the header (none when null). */
    static String token(String kid, JWK key, Consumer<JWTClaimsSet.Builder> change) {
        try {
            JWSAlgorithm algorithm = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
            JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec) : new RSASSASigner((RSAKey) key);
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build(),
                    claims(change));
            jwt.sign(signer);
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pem(RSAKey key) throws Exception {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static String base64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    static RSAKey rsa(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey ec(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
