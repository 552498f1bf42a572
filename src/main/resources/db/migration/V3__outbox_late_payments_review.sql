-- Issue #7: the transactional outbox with per-destination delivery state, webhook attempts, the
-- late-payment watch, NEEDS_REVIEW, and a bounded notification log. Runs on PostgreSQL and H2.

-- NEEDS_REVIEW: IOTPay reported a payment that does not match the order; what it reported is kept.
ALTER TABLE payment_order DROP CONSTRAINT ck_payment_order_status;
ALTER TABLE payment_order ADD CONSTRAINT ck_payment_order_status
    CHECK (status IN ('UNKNOWN', 'PENDING', 'PAID', 'FAILED', 'CLOSED', 'PAID_AFTER_CLOSE', 'NEEDS_REVIEW'));
ALTER TABLE payment_order ADD COLUMN reported_pay_order_id VARCHAR(64);
ALTER TABLE payment_order ADD COLUMN reported_amount BIGINT;
ALTER TABLE payment_order ADD COLUMN reported_currency VARCHAR(16);

-- The sweep now looks only at rows with a due time: unsettled orders, and closed or failed ones
-- still watched for a late payment until watch_until. Settled orders have no due time.
ALTER TABLE payment_order ADD COLUMN watch_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE payment_order ALTER COLUMN next_check_at DROP NOT NULL;
UPDATE payment_order SET watch_until = updated_at + INTERVAL '48' HOUR
    WHERE status = 'CLOSED' AND updated_at + INTERVAL '48' HOUR > CURRENT_TIMESTAMP;
UPDATE payment_order SET next_check_at = NULL
    WHERE status NOT IN ('UNKNOWN', 'PENDING') AND watch_until IS NULL;
-- A settled order is never due again; an unsettled one always is.
ALTER TABLE payment_order ADD CONSTRAINT ck_payment_order_due
    CHECK (status NOT IN ('UNKNOWN', 'PENDING') OR next_check_at IS NOT NULL);
ALTER TABLE payment_order ADD CONSTRAINT ck_payment_order_settled_not_due
    CHECK (status NOT IN ('PAID', 'PAID_AFTER_CLOSE', 'NEEDS_REVIEW') OR next_check_at IS NULL);
DROP INDEX ix_payment_order_due;
CREATE INDEX ix_payment_order_due ON payment_order (next_check_at, id);

-- The outbox: one row per event, written in the transaction of the transition it announces.
CREATE SEQUENCE payment_event_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE payment_event (
    id                   BIGINT                   NOT NULL,
    event_id             VARCHAR(40)              NOT NULL,
    type                 VARCHAR(40)              NOT NULL,
    mch_order_no         VARCHAR(30)              NOT NULL,
    payload              VARCHAR(8000)            NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Destination 1: the application's CDI observers.
    observers_state      VARCHAR(12)              NOT NULL,
    observers_attempts   INTEGER                  NOT NULL,
    observers_next_at    TIMESTAMP WITH TIME ZONE,
    observers_done       VARCHAR(4000),
    observers_error      VARCHAR(500),
    observers_done_at    TIMESTAMP WITH TIME ZONE,
    -- Destination 2: the signed webhook (SKIPPED when no URL was configured when it came due).
    webhook_state        VARCHAR(12)              NOT NULL,
    webhook_attempts     INTEGER                  NOT NULL,
    webhook_next_at      TIMESTAMP WITH TIME ZONE,
    webhook_error        VARCHAR(500),
    webhook_done_at      TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    CONSTRAINT pk_payment_event PRIMARY KEY (id),
    CONSTRAINT uq_payment_event_event_id UNIQUE (event_id),
    CONSTRAINT ck_payment_event_observers_state CHECK (observers_state IN ('PENDING', 'DELIVERED', 'FAILED')),
    CONSTRAINT ck_payment_event_webhook_state CHECK (webhook_state IN ('PENDING', 'DELIVERED', 'FAILED', 'SKIPPED')),
    -- Only a pending delivery has a due time, and a pending one always has one.
    CONSTRAINT ck_payment_event_observers_due CHECK ((observers_state = 'PENDING') = (observers_next_at IS NOT NULL)),
    CONSTRAINT ck_payment_event_webhook_due CHECK ((webhook_state = 'PENDING') = (webhook_next_at IS NOT NULL))
);
CREATE INDEX ix_payment_event_order ON payment_event (mch_order_no, id);
CREATE INDEX ix_payment_event_observers_due ON payment_event (observers_next_at, id);
CREATE INDEX ix_payment_event_webhook_due ON payment_event (webhook_next_at, id);

-- Every webhook attempt: when, what came back, or what went wrong.
CREATE SEQUENCE webhook_attempt_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE webhook_attempt (
    id            BIGINT                   NOT NULL,
    event_id      VARCHAR(40)              NOT NULL,
    attempt       INTEGER                  NOT NULL,
    attempted_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_ms   BIGINT                   NOT NULL,
    http_status   INTEGER,
    error         VARCHAR(500),
    CONSTRAINT pk_webhook_attempt PRIMARY KEY (id),
    CONSTRAINT fk_webhook_attempt_event FOREIGN KEY (event_id) REFERENCES payment_event (event_id)
);
CREATE INDEX ix_webhook_attempt_event ON webhook_attempt (event_id, attempt);

-- The notification log is purged by age; applied notifications stay.
CREATE INDEX ix_received_notification_received ON received_notification (received_at);
