package dev.iotpaymerchant.access.control;

import java.util.Locale;

/**
 * A bearer token that is not accepted, and why, in words an integrator can act on (RFC 6750's
 * {@code error_description}) without helping an attacker: nothing about the token is repeated.
 */
public final class TokenRefused extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why a token is refused; {@link #text()} is what the 401 says. */
    public enum Reason {
        EXPIRED("token expired"),
        NOT_YET_VALID("not yet valid"),
        WRONG_ISSUER("wrong issuer"),
        WRONG_AUDIENCE("wrong audience"),
        UNKNOWN_SIGNING_KEY("unknown signing key"),
        SIGNATURE_INVALID("signature invalid"),
        ALGORITHM_NOT_ALLOWED("algorithm not allowed"),
        MALFORMED("malformed"),
        ID_TOKEN("an ID token, not an access token"),
        NOT_AN_ACCESS_TOKEN("not an access token");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT) + " (" + text + ")";
        }
    }

    private final Reason reason;

    public TokenRefused(Reason reason) {
        super(reason.text(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
