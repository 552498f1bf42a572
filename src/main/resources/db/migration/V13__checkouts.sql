-- Issue #19: checkouts. The merchant's server sets the price in a checkout; the payer only pays it,
-- through one or more payment attempts (orders). Runs on PostgreSQL and H2.
CREATE TABLE checkout (
    checkout_id       VARCHAR(32)              NOT NULL,
    status            VARCHAR(12)              NOT NULL,
    amount            BIGINT                   NOT NULL,
    currency          VARCHAR(3)               NOT NULL,
    subject           VARCHAR(64)              NOT NULL,
    body              VARCHAR(255)             NOT NULL,
    reference         VARCHAR(64),
    request_hash      VARCHAR(64)              NOT NULL,
    payer             VARCHAR(255),
    metadata          VARCHAR(16000)           NOT NULL,
    param1            VARCHAR(64),
    param2            VARCHAR(64),
    created_by        VARCHAR(255),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    settled_at        TIMESTAMP WITH TIME ZONE,
    paid_order_no     VARCHAR(30),
    extra_payments    INTEGER                  DEFAULT 0 NOT NULL,
    overpaid_resolved BOOLEAN                  DEFAULT FALSE NOT NULL,
    version           BIGINT                   NOT NULL,
    CONSTRAINT pk_checkout PRIMARY KEY (checkout_id),
    CONSTRAINT uq_checkout_reference UNIQUE (reference),
    CONSTRAINT ck_checkout_amount CHECK (amount > 0),
    CONSTRAINT ck_checkout_status CHECK (status IN ('OPEN', 'PAID', 'EXPIRED', 'CANCELLED')),
    -- A paid checkout names the order that paid it; an open one is not settled.
    CONSTRAINT ck_checkout_paid CHECK ((status = 'PAID') = (paid_order_no IS NOT NULL)),
    CONSTRAINT ck_checkout_settled CHECK ((status = 'OPEN') = (settled_at IS NULL)),
    CONSTRAINT ck_checkout_extra CHECK (extra_payments >= 0)
);
-- The expiry sweep finds open checkouts by expiry; lists are newest first.
CREATE INDEX ix_checkout_due ON checkout (status, expires_at);
CREATE INDEX ix_checkout_created ON checkout (created_at, checkout_id);
CREATE INDEX ix_checkout_extra ON checkout (extra_payments, overpaid_resolved);

-- An order made to pay a checkout names it; closing a checkout asks its open attempts to close by then.
ALTER TABLE payment_order ADD COLUMN checkout_id VARCHAR(32);
ALTER TABLE payment_order ADD COLUMN close_by TIMESTAMP WITH TIME ZONE;
CREATE INDEX ix_payment_order_checkout ON payment_order (checkout_id);
