-- Issue #30: one key, one request. Each claim of an Idempotency-Key writes a token of its own; a
-- stale key taken over by a retry is claimed afresh (its row deleted and inserted again) with a new
-- token. Naming the order or refund, and storing the answer, are writes conditional on the token,
-- so a first request that lost its claim can do neither. Rows written before this version (and by
-- an older node during an upgrade) get the default: their requests never write conditionally.
-- Runs on PostgreSQL and H2.
ALTER TABLE idempotency_key ADD COLUMN claim_token VARCHAR(36) DEFAULT 'before-v16' NOT NULL;
