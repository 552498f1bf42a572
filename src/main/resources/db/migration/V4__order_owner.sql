-- Issue #8: the token subject that created an order owns it; callers list their own orders newest
-- first by keyset, operators list everyone's. Idempotency-Keys are kept per subject.

ALTER TABLE payment_order ADD COLUMN owner VARCHAR(255);
CREATE INDEX ix_payment_order_owner_created ON payment_order (owner, created_at, id);
CREATE INDEX ix_payment_order_created ON payment_order (created_at, id);

-- "sub:" + a hash of the subject + ":" + the caller's key (up to 255 characters).
ALTER TABLE idempotency_key ALTER COLUMN idempotency_key SET DATA TYPE VARCHAR(400);
