-- The claims exactly as DueOrders.claim and Deliveries.due run them (batch of 25), with their row
-- locks, inside a transaction that is rolled back.
BEGIN;
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM payment_order WHERE next_check_at <= now()
  ORDER BY next_check_at, id LIMIT 25 FOR UPDATE SKIP LOCKED;
ROLLBACK;
BEGIN;
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM payment_event WHERE observers_next_at <= now()
  ORDER BY observers_next_at, id LIMIT 25 FOR UPDATE SKIP LOCKED;
ROLLBACK;
BEGIN;
EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM payment_event WHERE webhook_next_at <= now()
  ORDER BY webhook_next_at, id LIMIT 25 FOR UPDATE SKIP LOCKED;
ROLLBACK;
