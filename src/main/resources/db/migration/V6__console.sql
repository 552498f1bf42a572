-- Issue #10: the operator console. Every IOTPay call is kept with its outcome, every operator
-- action goes into an audit log, and review items can be resolved with a note. Runs on
-- PostgreSQL and H2.

-- Every call to IOTPay about an order or a refund: which, why, what came back, what it changed.
CREATE SEQUENCE gateway_call_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE gateway_call (
    id            BIGINT                   NOT NULL,
    mch_order_no  VARCHAR(30)              NOT NULL,
    refund_no     VARCHAR(30),
    operation     VARCHAR(20)              NOT NULL,
    cause         VARCHAR(20)              NOT NULL,
    outcome       VARCHAR(20)              NOT NULL,
    detail        VARCHAR(500),
    effect        VARCHAR(100),
    called_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    duration_ms   BIGINT                   NOT NULL,
    CONSTRAINT pk_gateway_call PRIMARY KEY (id),
    CONSTRAINT ck_gateway_call_operation CHECK (operation IN ('create_order', 'query_order', 'refund_order', 'query_refund'))
);
CREATE INDEX ix_gateway_call_order ON gateway_call (mch_order_no, id);

-- Who did what, when, to which order, and why. An operator's Idempotency-Key (hashed with who
-- sent it) names the entry, so a repeated request is answered from here and never acts twice.
CREATE SEQUENCE audit_entry_seq START WITH 50 INCREMENT BY 50;
CREATE TABLE audit_entry (
    id            BIGINT                   NOT NULL,
    recorded_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    actor         VARCHAR(255)             NOT NULL,
    action        VARCHAR(40)              NOT NULL,
    mch_order_no  VARCHAR(30),
    target        VARCHAR(64),
    note          VARCHAR(1000),
    request_key   VARCHAR(64),
    CONSTRAINT pk_audit_entry PRIMARY KEY (id),
    CONSTRAINT uq_audit_entry_request_key UNIQUE (request_key)
);
CREATE INDEX ix_audit_entry_order ON audit_entry (mch_order_no, id);

-- A review item (an order in NEEDS_REVIEW or PAID_AFTER_CLOSE) an operator has dealt with.
CREATE TABLE review_resolution (
    mch_order_no  VARCHAR(30)              NOT NULL,
    status        VARCHAR(20)              NOT NULL,
    resolved_by   VARCHAR(255)             NOT NULL,
    resolved_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    note          VARCHAR(1000)            NOT NULL,
    CONSTRAINT pk_review_resolution PRIMARY KEY (mch_order_no),
    CONSTRAINT fk_review_resolution_order FOREIGN KEY (mch_order_no) REFERENCES payment_order (mch_order_no)
);

-- The console's lookup paths: paid orders per hour, by payOrderId, by channel, failed webhooks,
-- old unknown refunds.
CREATE INDEX ix_payment_order_paid_at ON payment_order (paid_at);
CREATE INDEX ix_payment_order_channel_created ON payment_order (channel, created_at, id);
CREATE INDEX ix_payment_event_webhook_state ON payment_event (webhook_state, id);
CREATE INDEX ix_refund_status_created ON refund (status, created_at);
