-- Issue #32: the self-audit checks the books (orders, checkouts, refunds, events, idempotency keys)
-- on one node at a time and keeps each run's findings, so that any node answers the last run.
-- Runs on PostgreSQL and H2.

-- One row: when the scheduled audit is next due. A node takes it with the due-work claim
-- (FOR UPDATE SKIP LOCKED, a lease on the database's clock), so one node runs it at a time.
CREATE TABLE audit_schedule (
    id           INTEGER                  NOT NULL,
    next_run_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    claim        VARCHAR(32),
    CONSTRAINT pk_audit_schedule PRIMARY KEY (id)
);
INSERT INTO audit_schedule (id, next_run_at) VALUES (1, CURRENT_TIMESTAMP);

-- Every run: who asked (the schedule or an operator), the window of changes it read, and how many
-- findings it had. An incomplete run stopped at its row budget; the next one reads on from window_to.
CREATE SEQUENCE audit_run_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE audit_run (
    id              BIGINT                   NOT NULL,
    started_by      VARCHAR(255)             NOT NULL,
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    window_from     TIMESTAMP WITH TIME ZONE NOT NULL,
    window_to       TIMESTAMP WITH TIME ZONE NOT NULL,
    complete        BOOLEAN                  NOT NULL,
    orders_checked  INTEGER                  NOT NULL,
    findings        INTEGER                  NOT NULL,
    CONSTRAINT pk_audit_run PRIMARY KEY (id)
);
CREATE INDEX ix_audit_run_finished ON audit_run (finished_at, id);

-- What a run found: which invariant, about what (an order, a refund, an event, a checkout, a key),
-- the order whose story shows it, and what is wrong, in words.
CREATE SEQUENCE audit_finding_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE audit_finding (
    id            BIGINT        NOT NULL,
    run_id        BIGINT        NOT NULL,
    invariant     VARCHAR(40)   NOT NULL,
    subject       VARCHAR(400)  NOT NULL,
    mch_order_no  VARCHAR(30),
    detail        VARCHAR(500)  NOT NULL,
    CONSTRAINT pk_audit_finding PRIMARY KEY (id),
    CONSTRAINT fk_audit_finding_run FOREIGN KEY (run_id) REFERENCES audit_run (id) ON DELETE CASCADE
);
CREATE INDEX ix_audit_finding_run ON audit_finding (run_id, id);

-- The audit's window: what changed since the last run, read by time in index order.
CREATE INDEX ix_payment_order_updated ON payment_order (updated_at, id);
CREATE INDEX ix_refund_updated ON refund (updated_at, id);
CREATE INDEX ix_payment_event_created ON payment_event (created_at, id);
