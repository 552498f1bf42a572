package dev.iotpaymerchant.platform.control;

/**
 * A required configuration value is absent. The message names the key and its environment
 * variable, never a value, so it is safe to log and to show.
 */
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
