package dev.iotpaymerchant.fulfilment.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.fulfilment.entity.NodeSettings;

/**
 * Compares this node's webhook settings with the other running nodes'. Every node decides, when it
 * writes an event, whether the event goes to a webhook; a node without the webhook the others have
 * would silently mark its events SKIPPED. So each node records a fingerprint of its settings
 * (a hash of the URL and secret, never either of them) and says when it differs.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class WebhookSettings {

    /** This node, for as long as the application is deployed. */
    static final String NODE_ID = "node-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
    /** A node that has not reported for this long is taken to be gone. */
    static final Duration RECENT = Duration.ofMinutes(10);

    @PersistenceContext
    EntityManager em;

    @Inject
    FulfilmentSettings settings;

    @Inject
    Clock clock;

    /** How this node's webhook settings compare with those of the nodes seen recently. */
    public record Comparison(String mine, int otherNodes, int differing) {

        public boolean differs() {
            return differing > 0;
        }

        public String describe() {
            String own = "none".equals(mine) ? "no webhook" : "a webhook";
            return differing == 0 ? "same as the " + otherNodes + " other node(s) seen in the last 10 minutes ("
                    + own + ")" : "this node has " + own + "; " + differing + " of " + otherNodes
                    + " other node(s) seen in the last 10 minutes have other webhook settings";
        }
    }

    /** Records this node's settings and compares them with the others'. */
    public Comparison report() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String mine = fingerprint(settings.webhooksUrl().map(Object::toString), settings.webhooksSecretAsConfigured());
        NodeSettings own = em.find(NodeSettings.class, NODE_ID);
        if (own == null) {
            em.persist(new NodeSettings(NODE_ID, mine, now));
        } else {
            own.seen(mine, now);
        }
        em.createNamedQuery(NodeSettings.GONE).setParameter("before", now.minusDays(1)).executeUpdate();
        List<NodeSettings> others = em.createNamedQuery(NodeSettings.SEEN_SINCE, NodeSettings.class)
                .setParameter("since", now.minus(RECENT))
                .getResultList().stream()
                .filter(node -> !node.getNodeId().equals(NODE_ID))
                .toList();
        int differing = (int) others.stream().filter(node -> !node.getWebhooks().equals(mine)).count();
        return new Comparison(mine, others.size(), differing);
    }

    static String fingerprint(Optional<String> url, Optional<String> secret) {
        if (url.isEmpty()) {
            return "none";
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("iotpay-merchant webhooks\n" + url.get() + "\n"
                    + secret.orElse("")).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
