package dev.iotpaymerchant.fulfilment.entity;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One running node's webhook settings, as a fingerprint, and when it last said so. */
@Entity
@Table(name = "node_settings")
@NamedQuery(name = NodeSettings.SEEN_SINCE, query = "select n from NodeSettings n where n.seenAt >= :since")
@NamedQuery(name = NodeSettings.GONE, query = "delete from NodeSettings n where n.seenAt < :before")
public class NodeSettings {

    public static final String SEEN_SINCE = "NodeSettings.seenSince";
    public static final String GONE = "NodeSettings.gone";

    @Id
    @Column(name = "node_id", length = 40)
    private String nodeId;

    /** "none", or a fingerprint of the webhook URL and secret (never either of them). */
    @Column(name = "webhooks", length = 40, nullable = false)
    private String webhooks;

    @Column(name = "seen_at", nullable = false)
    private OffsetDateTime seenAt;

    protected NodeSettings() {
        // for JPA
    }

    public NodeSettings(String nodeId, String webhooks, OffsetDateTime now) {
        this.nodeId = nodeId;
        seen(webhooks, now);
    }

    public final void seen(String webhooks, OffsetDateTime now) {
        this.webhooks = webhooks;
        this.seenAt = now.withOffsetSameInstant(ZoneOffset.UTC);
    }

    public String getNodeId() {
        return nodeId;
    }

    public String getWebhooks() {
        return webhooks;
    }
}
