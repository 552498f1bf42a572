-- Issue #30: whatever the API accepts is stored, copied into events and stored answers without error.
-- The columns below hold copies of what a merchant or payer sent (or IOTPay's answer to it), and
-- their lengths were not the API's limits: a checkout with its 20 metadata values of 500 characters
-- (6 characters for each JSON-escaped control character), or some 70 attempts, overflowed the
-- event payload, so its payment could never be recorded. Runs on PostgreSQL and H2.
--
-- VARCHAR without a length, not TEXT: on PostgreSQL both are unbounded and the same, and widening a
-- VARCHAR(n) to it rewrites no row (a short ACCESS EXCLUSIVE lock only); on H2 2.2, TEXT would be a
-- CLOB, which the JPA providers read differently and H2 cannot compare, while VARCHAR is CHARACTER
-- VARYING of up to 1,000,000,000 characters, widened in place too.
ALTER TABLE payment_event ALTER COLUMN payload SET DATA TYPE VARCHAR;
ALTER TABLE idempotency_key ALTER COLUMN response_body SET DATA TYPE VARCHAR;
ALTER TABLE checkout ALTER COLUMN metadata SET DATA TYPE VARCHAR;
ALTER TABLE payment_order ALTER COLUMN next_action SET DATA TYPE VARCHAR;
