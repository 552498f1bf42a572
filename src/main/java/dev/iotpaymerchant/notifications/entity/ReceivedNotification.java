package dev.iotpaymerchant.notifications.entity;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.TreeMap;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

import dev.iotpaymerchant.platform.values.StoredText;

/**
 * Every notification that reached us, verified or not, with what we did and why, so an operator
 * can see what IOTPay (or anyone else) sent. The {@code sign} value is never stored.
 */
@Entity
@NamedQuery(name = ReceivedNotification.OF_ORDER,
        query = "select n from ReceivedNotification n where n.mchOrderNo = :number order by n.receivedAt, n.id")
@Table(name = "received_notification", indexes = {
        @Index(name = "ix_received_notification_order", columnList = "mch_order_no")})
public class ReceivedNotification {

    public static final String OF_ORDER = "ReceivedNotification.ofOrder";

    private static final int MAX_PARAMETERS = 4000;

    @Id
    @SequenceGenerator(name = "received_notification_seq", sequenceName = "received_notification_seq", allocationSize = 500)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "received_notification_seq")
    private Long id;

    @Column(name = "received_at", nullable = false)
    private OffsetDateTime receivedAt;

    @Column(name = "mch_order_no", length = 64)
    private String mchOrderNo;

    @Column(name = "pay_order_id", length = 64)
    private String payOrderId;

    @Enumerated(EnumType.STRING)
    @Column(name = "outcome", length = 20, nullable = false)
    private NotificationOutcome outcome;

    @Column(name = "reason", length = 255)
    private String reason;

    @Column(name = "sign_present", nullable = false)
    private boolean signPresent;

    @Column(name = "remote_address", length = 45)
    private String remoteAddress;

    /** The received parameters except sign, as name=value lines, cut at 4000 characters. */
    @Column(name = "parameters", length = MAX_PARAMETERS)
    private String parameters;

    protected ReceivedNotification() {
        // for JPA
    }

    public ReceivedNotification(Map<String, String> received, NotificationOutcome outcome, String reason,
                                String remoteAddress, OffsetDateTime receivedAt) {
        this.receivedAt = receivedAt;
        this.mchOrderNo = StoredText.of(received.get("mchOrderNo"), 64);
        this.payOrderId = StoredText.of(received.get("payOrderId"), 64);
        this.outcome = outcome;
        this.reason = StoredText.of(reason, 255);
        this.signPresent = received.containsKey("sign");
        this.remoteAddress = StoredText.of(remoteAddress, 45);
        StringBuilder text = new StringBuilder();
        new TreeMap<>(received).forEach((name, value) -> {
            if (!"sign".equals(name) && text.length() < MAX_PARAMETERS) {
                text.append(StoredText.of(name, MAX_PARAMETERS)).append('=')
                        .append(StoredText.of(value, MAX_PARAMETERS)).append('\n');
            }
        });
        this.parameters = cut(text, MAX_PARAMETERS);
    }

    /** The lines are clean already (the newlines between them are ours); cut without splitting a character. */
    private static String cut(CharSequence text, int max) {
        if (text.length() <= max) {
            return text.toString();
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.subSequence(0, end).toString();
    }

    public Long getId() {
        return id;
    }

    public OffsetDateTime getReceivedAt() {
        return receivedAt;
    }

    public String getMchOrderNo() {
        return mchOrderNo;
    }

    public NotificationOutcome getOutcome() {
        return outcome;
    }

    public String getReason() {
        return reason;
    }

    public String getRemoteAddress() {
        return remoteAddress;
    }

    public String getPayOrderId() {
        return payOrderId;
    }

    public String getParameters() {
        return parameters;
    }
}
