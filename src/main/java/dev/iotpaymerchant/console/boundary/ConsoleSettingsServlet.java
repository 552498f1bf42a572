package dev.iotpaymerchant.console.boundary;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.iotpaymerchant.access.control.AccessSettings;
import dev.iotpaymerchant.console.control.ConsoleSettings;
import dev.iotpaymerchant.platform.http.Jsons;
import dev.iotpaymerchant.platform.settings.AuthMode;
import dev.iotpaymerchant.platform.settings.InvalidSettingException;
import dev.iotpaymerchant.platform.settings.MissingSettingException;
import dev.iotpaymerchant.platform.settings.PlatformSettings;

/**
 * What the console page needs before anyone signs in: the API's auth mode and, with {@code jwt},
 * where operators sign in (issuer, public client id, scope). Nothing here is secret.
 */
@WebServlet("/console/settings")
public class ConsoleSettingsServlet extends HttpServlet {

    @Inject
    ConsoleSettings settings;

    @Inject
    AccessSettings access;

    @Inject
    PlatformSettings platform;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonObjectBuilder json = Jsons.object();
        Optional<AuthMode> mode = authMode();
        json.add("authMode", mode.map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).orElse("unset"));
        if (mode.orElse(null) == AuthMode.JWT) {
            settings.consoleIssuer().ifPresentOrElse(issuer -> json.add("issuer", issuer), () -> json.addNull("issuer"));
            settings.consoleClientId().ifPresentOrElse(id -> json.add("clientId", id), () -> json.addNull("clientId"));
            json.add("scope", settings.consoleScope()).add("operatorGroup", access.operatorGroup());
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json.build().toString());
    }

    private Optional<AuthMode> authMode() {
        try {
            return Optional.of(platform.authMode());
        } catch (MissingSettingException | InvalidSettingException e) {
            return Optional.empty();
        }
    }

    /** The provider's origin, which the console's scripts talk to for discovery and tokens. */
    static Optional<String> originOf(String issuer) {
        try {
            URI uri = URI.create(issuer);
            if (uri.getScheme() == null || uri.getRawAuthority() == null
                    || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                return Optional.empty();
            }
            return Optional.of(uri.getScheme() + "://" + uri.getRawAuthority());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
