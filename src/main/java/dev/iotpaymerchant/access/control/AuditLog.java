package dev.iotpaymerchant.access.control;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import dev.iotpaymerchant.access.entity.AuditEntry;

/**
 * The audit log of operator actions. An entry is written in the transaction of the action it
 * records (MANDATORY), by the caller of the current request or by the {@link Actor} named.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AuditLog {

    @PersistenceContext
    EntityManager em;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    public AuditEntry record(String action, String mchOrderNo, String target, String note) {
        return record(caller.asActor(), action, mchOrderNo, target, note);
    }

    public AuditEntry record(Actor by, String action, String mchOrderNo, String target, String note) {
        AuditEntry entry = new AuditEntry(OffsetDateTime.now(clock), by.name(), action, mchOrderNo, target, note);
        em.persist(entry);
        return entry;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<AuditEntry> of(String mchOrderNo) {
        return em.createNamedQuery(AuditEntry.OF_ORDER, AuditEntry.class).setParameter("number", mchOrderNo)
                .setMaxResults(500).getResultList();
    }

}
