package dev.iotpaymerchant.platform.settings;

import jakarta.ejb.ApplicationException;

/**
 * A setting is present but cannot be used. The message names the key, its environment variable
 * and what is wrong, never the value, so it is safe to log and to show.
 */
@ApplicationException(rollback = true)
public class InvalidSettingException extends RuntimeException {

    private final String key;

    public InvalidSettingException(String key, String problem) {
        super("The setting '" + key + "' (environment variable " + Settings.environmentVariableOf(key) + ") "
                + problem + ".");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
