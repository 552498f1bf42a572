package dev.iotpaymerchant.idempotency.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.idempotency.entity.IdempotencyKey;
import dev.iotpaymerchant.platform.control.Housekeeping;

/** Stores Idempotency-Keys; every method is its own transaction, committed before it returns. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class IdempotencyKeys {

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    IdempotencySettings settings;

    @Inject
    @Any
    Instance<KeyRetention> retentions;

    /** Inserts the key as in flight; fails (unique key) if another request holds it already. */
    public void claim(String key, String requestHash) {
        em.persist(new IdempotencyKey(key, requestHash, OffsetDateTime.now(clock)));
        em.flush();
    }

    public Optional<IdempotencyKey> find(String key) {
        return Optional.ofNullable(em.find(IdempotencyKey.class, key));
    }

    public void complete(String key, int status, String type, String body, String location) {
        em.find(IdempotencyKey.class, key).complete(status, type, body, location);
    }

    /** Lets the key be used again: the request failed before anything reached IOTPay. */
    public void release(String key) {
        IdempotencyKey stored = em.find(IdempotencyKey.class, key);
        if (stored != null && stored.getMchOrderNo() == null) {
            em.remove(stored);
        }
    }

    /** The hash of a request's canonical meaning: the same fields give the same hash, whatever the JSON spelling. */
    public static String hash(String meaning) {
        return sha256(meaning);
    }

    /**
     * Removes the keys past their retention, except those naming something still unsettled (each
     * component that stores things says which, through {@link KeyRetention}).
     */
    public int purge(@Observes Housekeeping housekeeping) {
        StringBuilder query = new StringBuilder("delete from IdempotencyKey k where k.createdAt < :cutoff");
        retentions.forEach(retention -> query.append(" and not ").append(retention.unsettled()));
        return em.createQuery(query.toString())
                .setParameter("cutoff", housekeeping.at().minus(settings.retention()))
                .executeUpdate();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
