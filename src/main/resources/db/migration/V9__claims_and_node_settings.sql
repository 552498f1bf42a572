-- Issue #16: one claim mechanism for every kind of due work. An outbox delivery's outcome is
-- recorded only by the run that still holds its claim, named by a token written when it was
-- claimed. Runs on PostgreSQL and H2.
ALTER TABLE payment_event ADD COLUMN observers_claim VARCHAR(32);
ALTER TABLE payment_event ADD COLUMN webhook_claim VARCHAR(32);

-- Each node says which webhook settings it runs with (a fingerprint, never the URL or the secret),
-- so a node whose settings differ from the others' can say so in readiness and in its log.
CREATE TABLE node_settings (
    node_id     VARCHAR(40)              NOT NULL,
    webhooks    VARCHAR(40)              NOT NULL,
    seen_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_node_settings PRIMARY KEY (node_id)
);
CREATE INDEX ix_node_settings_seen ON node_settings (seen_at);
