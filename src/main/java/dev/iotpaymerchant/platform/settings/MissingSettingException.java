package dev.iotpaymerchant.platform.settings;

import jakarta.ejb.ApplicationException;

/**
 * A required configuration value is absent. The message names the key and its environment
 * variable, never a value, so it is safe to log and to show. An application exception, so an EJB
 * that throws it rolls back but is not discarded from its pool.
 */
@ApplicationException(rollback = true)
public class MissingSettingException extends RuntimeException {

    private final String key;

    public MissingSettingException(String key) {
        super("The setting '" + key + "' is not configured; set the environment variable "
                + Settings.environmentVariableOf(key) + ".");
        this.key = key;
    }

    public String key() {
        return key;
    }
}
