-- Issue #9: refunds. The order carries what is reserved by refunds that are not FAILED and what
-- has been refunded, and the database refuses more than was paid, whatever the code does.

ALTER TABLE payment_order ADD COLUMN refund_reserved BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE payment_order ADD COLUMN refunded_amount BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE payment_order ADD CONSTRAINT ck_payment_order_refunds
    CHECK (refunded_amount >= 0 AND refunded_amount <= refund_reserved AND refund_reserved <= amount);

CREATE SEQUENCE refund_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE refund (
    id              BIGINT                   NOT NULL,
    refund_no       VARCHAR(30)              NOT NULL,
    mch_order_no    VARCHAR(30)              NOT NULL,
    amount          BIGINT                   NOT NULL,
    currency        VARCHAR(3)               NOT NULL,
    status          VARCHAR(12)              NOT NULL,
    reason          VARCHAR(64),
    refund_order_id VARCHAR(64),
    status_reason   VARCHAR(255),
    created_by      VARCHAR(255),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    succeeded_at    TIMESTAMP WITH TIME ZONE,
    next_check_at   TIMESTAMP WITH TIME ZONE,
    check_attempts  INTEGER                  NOT NULL,
    version         BIGINT                   NOT NULL,
    CONSTRAINT pk_refund PRIMARY KEY (id),
    CONSTRAINT uq_refund_refund_no UNIQUE (refund_no),
    CONSTRAINT fk_refund_order FOREIGN KEY (mch_order_no) REFERENCES payment_order (mch_order_no),
    CONSTRAINT ck_refund_amount CHECK (amount > 0),
    CONSTRAINT ck_refund_status CHECK (status IN ('UNKNOWN', 'PROCESSING', 'SUCCEEDED', 'FAILED')),
    CONSTRAINT ck_refund_succeeded_at CHECK (status <> 'SUCCEEDED' OR succeeded_at IS NOT NULL),
    -- Only an unsettled refund is asked about, and an unsettled one always is.
    CONSTRAINT ck_refund_due CHECK ((status IN ('UNKNOWN', 'PROCESSING')) = (next_check_at IS NOT NULL))
);
CREATE INDEX ix_refund_order ON refund (mch_order_no, id);
CREATE INDEX ix_refund_due ON refund (next_check_at, id);
