package dev.iotpaymerchant.platform.observability;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Filter;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.iotpaymerchant.platform.values.LogSafe;

/**
 * Puts the trace id and the order number on every log line of ours that has them, three ways, so
 * that each server's own formats carry them without anything of ours in its logging configuration:
 * <ul>
 *   <li>at the end of the message, {@code [traceId=… orderNo=…]}, for plain-text logs;</li>
 *   <li>where JBoss Logging is present (WildFly), in its MDC, which WildFly's JSON formatter writes under
 *       {@code mdc};</li>
 *   <li>elsewhere as a {@code Map} parameter, which Payara's JSON formatter writes as top-level fields.</li>
 * </ul>
 * Loggers get it from {@link #logger}; the classes of this WAR log only through such loggers.
 */
public final class LogFields {

    private static final Filter ADD_FIELDS = record -> {
        add(record);
        return true;
    };
    /** JBoss LogManager runs java.util.logging on WildFly; elsewhere JBoss Logging may be present (Payara's Weld) but its MDC is shown by nobody. */
    private static final boolean JBOSS_LOG_MANAGER = LogManager.getLogManager().getClass().getName().startsWith("org.jboss.logmanager");
    private static final MethodHandle MDC_PUT = JBOSS_LOG_MANAGER
            ? mdc("put", MethodType.methodType(Object.class, String.class, Object.class)) : null;
    private static final MethodHandle MDC_REMOVE = JBOSS_LOG_MANAGER
            ? mdc("remove", MethodType.methodType(void.class, String.class)) : null;

    private LogFields() {
    }

    /** The logger for {@code owner}, adding the fields to each record it logs. */
    public static Logger logger(Class<?> owner) {
        Logger logger = Logger.getLogger(owner.getName());
        logger.setFilter(ADD_FIELDS);
        return logger;
    }

    static void add(LogRecord record) {
        Optional<String> traceId = Traces.traceId();
        Optional<String> orderNo = Traces.orderNo();
        if (traceId.isEmpty() && orderNo.isEmpty()) {
            return;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        traceId.ifPresent(id -> fields.put("traceId", id));
        orderNo.ifPresent(no -> fields.put("orderNo", LogSafe.text(no)));
        StringBuilder suffix = new StringBuilder(" [");
        fields.forEach((name, value) -> suffix.append(suffix.length() > 2 ? " " : "").append(name).append('=').append(value));
        record.setMessage((record.getMessage() == null ? "" : record.getMessage()) + suffix.append(']'));
        if (JBOSS_LOG_MANAGER) {
            // JBoss LogManager formats every record with parameters as a MessageFormat pattern, which
            // would eat quotes and braces in ours: on WildFly the MDC carries the fields instead.
            mdc(traceId.orElse(null), orderNo.orElse(null));
            return;
        }
        Object[] parameters = record.getParameters();
        Object[] withFields = parameters == null ? new Object[1] : Arrays.copyOf(parameters, parameters.length + 1);
        withFields[withFields.length - 1] = fields;
        record.setParameters(withFields);
    }

    /** Sets (or with nulls, clears) the MDC entries where JBoss Logging is present. */
    static void mdc(String traceId, String orderNo) {
        if (MDC_PUT == null || MDC_REMOVE == null) {
            return;
        }
        try {
            if (traceId == null) {
                MDC_REMOVE.invoke("traceId");
            } else {
                MDC_PUT.invoke("traceId", (Object) traceId);
            }
            if (orderNo == null) {
                MDC_REMOVE.invoke("orderNo");
            } else {
                MDC_PUT.invoke("orderNo", (Object) orderNo);
            }
        } catch (Throwable ignored) {
            // Logging context only: never let it fail the work it describes.
        }
    }

    private static MethodHandle mdc(String method, MethodType type) {
        try {
            Class<?> mdc = Class.forName("org.jboss.logging.MDC", false, LogFields.class.getClassLoader());
            return MethodHandles.publicLookup().findStatic(mdc, method, type);
        } catch (ReflectiveOperationException | LinkageError notJBossLogging) {
            return null;
        }
    }
}
