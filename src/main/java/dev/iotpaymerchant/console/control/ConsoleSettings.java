package dev.iotpaymerchant.console.control;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.iotpaymerchant.access.control.AccessSettings;
import dev.iotpaymerchant.platform.settings.ComponentSettings;
import dev.iotpaymerchant.platform.settings.Setting;
import dev.iotpaymerchant.platform.settings.Settings;

/** Where operators sign in to the console (api.auth=jwt): an OpenID Connect provider and a public client. */
@ApplicationScoped
public class ConsoleSettings implements ComponentSettings {

    private static final String COMPONENT = "console";

    public static final Setting ISSUER = Setting.withDefault(COMPONENT, "console.oidc.issuer",
            AccessSettings.TOKEN_ISSUER.key(), "the provider operators sign in at; by default the tokens' issuer");
    public static final Setting CLIENT_ID = Setting.optional(COMPONENT, "console.oidc.client-id",
            "the console's public client id at that provider (authorization code flow with PKCE)");
    public static final Setting SCOPE = Setting.withDefault(COMPONENT, "console.oidc.scope", "openid",
            "the scopes the console asks for");

    static final List<Setting> DECLARED = List.of(ISSUER, CLIENT_ID, SCOPE);

    @Inject
    Settings settings;

    ConsoleSettings() {
        // for CDI
    }

    /** Reads through {@code settings} without a container (the unit tests). */
    public ConsoleSettings(Settings settings) {
        this.settings = settings;
    }

    @Override
    public List<Setting> declared() {
        return DECLARED;
    }

    @Override
    public int reportingRank() {
        return 100;
    }

    /**
     * The OpenID Connect provider operators sign in to the console with (api.auth=jwt); by default
     * the issuer whose tokens the API accepts (the default names that setting, not a value).
     */
    public Optional<String> consoleIssuer() {
        return settings.optional(ISSUER).or(() -> settings.optional(AccessSettings.TOKEN_ISSUER));
    }

    /** The console's client id at that provider: a public client using the authorization code flow with PKCE. */
    public Optional<String> consoleClientId() {
        return settings.optional(CLIENT_ID);
    }

    public String consoleScope() {
        return settings.orDefault(SCOPE);
    }
}
