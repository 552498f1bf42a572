package dev.iotpaymerchant.model;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.ejb.ApplicationException;
import jakarta.ejb.EJBException;
import jakarta.ejb.EJBTransactionRequiredException;
import jakarta.ejb.EJBTransactionRolledbackException;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Container-managed transactions as an EJB container runs them, for one thread and one node: REQUIRED
 * joins or begins, REQUIRES_NEW and NOT_SUPPORTED suspend, MANDATORY insists; a system exception rolls
 * back (wrapped in {@link EJBException}), an application exception only when it says so. Each transaction
 * has its own EntityManager, which the beans reach through {@link #entityManager()} as through
 * {@code @PersistenceContext}. Every commit is a point where the test may crash the node ({@link Crash}):
 * just before it (the transaction is lost) or just after it (committed, but nothing after it runs).
 */
final class Transactions {

    /** Where a planned crash strikes, counted in commits from when it was planned. */
    record CrashPlan(int commit, boolean afterCommit) {
    }

    /** The node stopped: nothing of the current operation after this point ran. Not an Exception, so no catch in the code sees it. */
    static final class Crash extends Error {

        Crash(String where) {
            super(where, null, false, false);
        }
    }

    private final EntityManagerFactory factory;
    private final Map<String, Runnable> before = new HashMap<>();
    private Tx current;
    private CrashPlan plan;
    private int commits;
    /** Where the node crashed, once it has: the code on its stack still runs its finally blocks, but begins nothing new. */
    private String down;

    Transactions(EntityManagerFactory factory) {
        this.factory = factory;
    }

    /** The node crashes at the {@code plan.commit()}-th commit from now (1 = the next one). */
    void crashAt(CrashPlan plan) {
        this.plan = plan;
        this.commits = 0;
    }

    /**
     * Runs {@code other} once, when business method {@code method} ("Bean.method") is next called, before
     * its transaction begins: what another node does while this request is slow to get there.
     */
    void beforeCall(String method, Runnable other) {
        before.put(method, other);
    }

    /** The business method {@code method} is called: first whatever was to run before it. */
    void calling(String method) {
        Runnable other = before.remove(method);
        if (other != null) {
            Tx caller = current;
            try {
                current = null; // on another node: in no transaction of this one
                other.run();
            } finally {
                current = caller;
            }
        }
    }

    /** Whether a planned crash is still waiting; cleared, as a restarted node plans nothing. */
    boolean crashPending() {
        boolean pending = plan != null;
        plan = null;
        before.clear();
        return pending;
    }

    /** A transaction: its EntityManager, what runs after it ends, and whether it must roll back. */
    private static final class Tx {
        final EntityManager em;
        final List<Synchronization> synchronizations = new ArrayList<>();
        final Map<Object, Object> resources = new HashMap<>();
        boolean rollbackOnly;

        Tx(EntityManager em) {
            this.em = em;
        }
    }

    /** Runs {@code call} as a business method with {@code type}; null: not an EJB, no transaction rules. */
    Object around(TransactionAttributeType type, Callable<?> call) throws Exception {
        if (down != null) {
            throw new Crash(down); // from a finally block on the crashed node's stack: a dead process runs none
        }
        if (type == null || type == TransactionAttributeType.SUPPORTS) {
            return call.call();
        }
        Tx caller = current;
        switch (type) {
            case MANDATORY -> {
                if (caller == null) {
                    throw new EJBTransactionRequiredException("MANDATORY without a transaction");
                }
                return joined(caller, call);
            }
            case REQUIRED -> {
                return caller != null ? joined(caller, call) : fresh(call);
            }
            case REQUIRES_NEW -> {
                try {
                    current = null;
                    return fresh(call);
                } finally {
                    current = caller;
                }
            }
            case NOT_SUPPORTED -> {
                try {
                    current = null;
                    return call.call();
                } finally {
                    current = caller;
                }
            }
            default -> throw new IllegalStateException("not used by the application: " + type);
        }
    }

    private Object joined(Tx tx, Callable<?> call) throws Exception {
        try {
            return call.call();
        } catch (Exception e) {
            if (!isApplication(e)) {
                tx.rollbackOnly = true;
                throw new EJBTransactionRolledbackException(e.toString(), e);
            }
            if (rollsBack(e)) {
                tx.rollbackOnly = true;
            }
            throw e;
        }
    }

    private Object fresh(Callable<?> call) throws Exception {
        Tx tx = new Tx(factory.createEntityManager());
        current = tx;
        tx.em.getTransaction().begin();
        Object result;
        try {
            result = call.call();
        } catch (Exception e) {
            boolean application = isApplication(e);
            if (application && !rollsBack(e) && !tx.rollbackOnly) {
                end(tx, true);
            } else {
                end(tx, false);
            }
            if (!application) {
                throw new EJBException(e.toString(), e);
            }
            throw e;
        } catch (Error e) {
            end(tx, false);
            throw e;
        } finally {
            current = null;
        }
        try {
            end(tx, !tx.rollbackOnly);
        } catch (RuntimeException commitFailed) {
            throw new EJBTransactionRolledbackException(commitFailed.toString(), commitFailed);
        }
        return result;
    }

    /** Commits (at a point where a planned crash may strike) or rolls back, then tells the synchronizations. */
    private void end(Tx tx, boolean commit) {
        boolean committed = false;
        try {
            if (commit) {
                tx.em.flush();
                crashIfPlanned(false);
                tx.em.getTransaction().commit();
                committed = true;
                crashIfPlanned(true);
            }
        } finally {
            if (tx.em.getTransaction().isActive()) {
                tx.em.getTransaction().rollback();
            }
            tx.em.close();
            int status = committed ? Status.STATUS_COMMITTED : Status.STATUS_ROLLEDBACK;
            tx.synchronizations.forEach(synchronization -> synchronization.afterCompletion(status));
        }
    }

    private void crashIfPlanned(boolean afterCommit) {
        if (plan == null) {
            return;
        }
        if (!afterCommit) {
            commits++;
        }
        if (commits == plan.commit() && afterCommit == plan.afterCommit()) {
            plan = null;
            down = (afterCommit ? "after" : "before") + " commit " + commits;
            throw new Crash(down);
        }
    }

    private static boolean isApplication(Exception e) {
        return !(e instanceof RuntimeException) || applicationAnnotation(e.getClass()) != null;
    }

    private static boolean rollsBack(Exception e) {
        ApplicationException annotation = applicationAnnotation(e.getClass());
        return annotation != null && annotation.rollback();
    }

    private static ApplicationException applicationAnnotation(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            ApplicationException annotation = c.getAnnotation(ApplicationException.class);
            if (annotation != null) {
                return c == type || annotation.inherited() ? annotation : null;
            }
        }
        return null;
    }

    /**
     * The EntityManager a bean's {@code @PersistenceContext} gives: the current transaction's, or, outside
     * any, a new one for each call (reads only), as a transaction-scoped persistence context behaves.
     */
    EntityManager entityManager() {
        return (EntityManager) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {EntityManager.class},
                (proxy, method, args) -> {
                    EntityManager target = current != null ? current.em : factory.createEntityManager();
                    try {
                        return method.invoke(target, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** What {@code @Resource TransactionSynchronizationRegistry} gives: the current transaction's. */
    TransactionSynchronizationRegistry registry() {
        return (TransactionSynchronizationRegistry) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TransactionSynchronizationRegistry.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "registerInterposedSynchronization" -> {
                        requireTransaction().synchronizations.add((Synchronization) args[0]);
                        yield null;
                    }
                    case "putResource" -> requireTransaction().resources.put(args[0], args[1]);
                    case "getResource" -> requireTransaction().resources.get(args[0]);
                    case "getTransactionStatus" -> current == null ? Status.STATUS_NO_TRANSACTION : Status.STATUS_ACTIVE;
                    case "setRollbackOnly" -> {
                        requireTransaction().rollbackOnly = true;
                        yield null;
                    }
                    case "getRollbackOnly" -> requireTransaction().rollbackOnly;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Tx requireTransaction() {
        if (current == null) {
            throw new IllegalStateException("no transaction");
        }
        return current;
    }
}
