-- Issue #3: when the reconciliation next asks IOTPay about an order, and Idempotency-Keys.

ALTER TABLE payment_order ADD COLUMN next_check_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE payment_order ADD COLUMN check_attempts INTEGER DEFAULT 0 NOT NULL;
-- Orders from before: check every unsettled one at once.
UPDATE payment_order SET next_check_at = created_at;
ALTER TABLE payment_order ALTER COLUMN next_check_at SET NOT NULL;

-- The sweep's lookup: unsettled orders by due time, in keyset order.
DROP INDEX ix_payment_order_status_created;
CREATE INDEX ix_payment_order_due ON payment_order (status, next_check_at, id);

CREATE TABLE idempotency_key (
    idempotency_key   VARCHAR(255)             NOT NULL,
    request_hash      VARCHAR(64)              NOT NULL,
    mch_order_no      VARCHAR(30),
    response_status   INTEGER,
    response_type     VARCHAR(64),
    response_body     VARCHAR(8000),
    response_location VARCHAR(500),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    version           BIGINT                   NOT NULL,
    CONSTRAINT pk_idempotency_key PRIMARY KEY (idempotency_key)
);
CREATE INDEX ix_idempotency_key_created ON idempotency_key (created_at);
