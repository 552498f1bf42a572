-- The first schema (issue #2): orders and every notification received. Runs on PostgreSQL and H2.

CREATE SEQUENCE payment_order_seq START WITH 50 INCREMENT BY 50;
CREATE SEQUENCE received_notification_seq START WITH 50 INCREMENT BY 50;

CREATE TABLE payment_order (
    id               BIGINT                   NOT NULL,
    mch_order_no     VARCHAR(30)              NOT NULL,
    pay_order_id     VARCHAR(64),
    channel_order_no VARCHAR(64),
    channel          VARCHAR(24)              NOT NULL,
    amount           BIGINT                   NOT NULL,
    currency         VARCHAR(3)               NOT NULL,
    status           VARCHAR(20)              NOT NULL,
    subject          VARCHAR(64)              NOT NULL,
    body             VARCHAR(255)             NOT NULL,
    param1           VARCHAR(64),
    param2           VARCHAR(64),
    os_type          VARCHAR(10),
    client_ip        VARCHAR(45)              NOT NULL,
    status_reason    VARCHAR(255),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    paid_at          TIMESTAMP WITH TIME ZONE,
    version          BIGINT                   NOT NULL,
    CONSTRAINT pk_payment_order PRIMARY KEY (id),
    CONSTRAINT uq_payment_order_mch_order_no UNIQUE (mch_order_no),
    CONSTRAINT ck_payment_order_amount CHECK (amount > 0),
    CONSTRAINT ck_payment_order_status CHECK (status IN ('UNKNOWN', 'PENDING', 'PAID', 'FAILED', 'CLOSED', 'PAID_AFTER_CLOSE')),
    -- A paid order always says when.
    CONSTRAINT ck_payment_order_paid_at CHECK (status NOT IN ('PAID', 'PAID_AFTER_CLOSE') OR paid_at IS NOT NULL)
);
CREATE INDEX ix_payment_order_pay_order_id ON payment_order (pay_order_id);
CREATE INDEX ix_payment_order_status_created ON payment_order (status, created_at);

CREATE TABLE received_notification (
    id             BIGINT                   NOT NULL,
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    mch_order_no   VARCHAR(64),
    pay_order_id   VARCHAR(64),
    outcome        VARCHAR(20)              NOT NULL,
    reason         VARCHAR(255),
    sign_present   BOOLEAN                  NOT NULL,
    remote_address VARCHAR(45),
    parameters     VARCHAR(4000),
    CONSTRAINT pk_received_notification PRIMARY KEY (id)
);
CREATE INDEX ix_received_notification_order ON received_notification (mch_order_no);
