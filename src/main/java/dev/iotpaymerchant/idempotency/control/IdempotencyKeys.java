package dev.iotpaymerchant.idempotency.control;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

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
import dev.iotpaymerchant.platform.work.Housekeeping;

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

    /** Inserts the key as in flight, with a new claim token; fails (unique key) if another request holds it already. */
    public KeyClaim claim(String key, String requestHash) {
        KeyClaim claim = new KeyClaim(key, UUID.randomUUID().toString());
        em.persist(new IdempotencyKey(key, requestHash, claim.token(), OffsetDateTime.now(clock)));
        em.flush();
        return claim;
    }

    public Optional<IdempotencyKey> find(String key) {
        return Optional.ofNullable(em.find(IdempotencyKey.class, key));
    }

    /**
     * Names what the request stored (an order, a refund) on its key, in the caller's transaction,
     * which stores that thing: throws {@link ClaimLost} (rolling it back) unless {@code claim} still
     * holds the key and nothing is named yet.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void attach(KeyClaim claim, String number) {
        int named = em.createQuery("update IdempotencyKey k set k.mchOrderNo = :number, k.version = k.version + 1"
                        + " where k.key = :key and k.claimToken = :token and k.mchOrderNo is null and k.responseStatus is null")
                .setParameter("number", number)
                .setParameter("key", claim.key())
                .setParameter("token", claim.token())
                .executeUpdate();
        if (named != 1) {
            throw new ClaimLost(claim.key());
        }
    }

    /** Stores the answer; false (nothing written) when {@code claim} no longer holds the key or it has one already. */
    public boolean complete(KeyClaim claim, int status, String type, String body, String location) {
        return em.createQuery("update IdempotencyKey k set k.responseStatus = :status, k.responseType = :type,"
                        + " k.responseBody = :body, k.responseLocation = :location, k.version = k.version + 1"
                        + " where k.key = :key and k.claimToken = :token and k.responseStatus is null")
                .setParameter("status", status)
                .setParameter("type", type)
                .setParameter("body", body)
                .setParameter("location", location)
                .setParameter("key", claim.key())
                .setParameter("token", claim.token())
                .executeUpdate() == 1;
    }

    /**
     * Lets the key be used again (its request stored nothing, or stopped before it did); false when
     * {@code claim} no longer holds it, or it names something or has an answer: then it stays.
     */
    public boolean release(KeyClaim claim) {
        return em.createQuery("delete from IdempotencyKey k where k.key = :key and k.claimToken = :token"
                        + " and k.mchOrderNo is null and k.responseStatus is null")
                .setParameter("key", claim.key())
                .setParameter("token", claim.token())
                .executeUpdate() == 1;
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
