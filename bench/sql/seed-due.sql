-- The claim queries' worst case: :count unsettled orders whose check is due, and :count outbox
-- events pending for both destinations, among whatever settled rows are already there.
INSERT INTO payment_order (id, mch_order_no, pay_order_id, channel, amount, currency, status, subject, body,
                           client_ip, created_at, updated_at, next_check_at, check_attempts, version)
SELECT :id_base + n, 'MOdue' || lpad(n::text, 10, '0'), NULL, 'WX_APP', 1999, 'CAD',
       CASE WHEN n % 10 = 0 THEN 'UNKNOWN' ELSE 'PENDING' END, 'Order', 'In-app purchase', '127.0.0.1',
       now() - interval '1 hour', now() - interval '1 hour', now() - ((n % 3600) || ' seconds')::interval, 0, 1
  FROM generate_series(1, :count) AS n;
INSERT INTO payment_event (id, event_id, type, mch_order_no, payload, created_at, observers_state, observers_attempts,
                           observers_next_at, webhook_state, webhook_attempts, webhook_next_at, version)
SELECT :id_base + n, 'evt_bench' || lpad(n::text, 10, '0'), 'payment.succeeded', 'MOdue' || lpad(n::text, 10, '0'),
       '{}', now() - interval '1 hour', 'PENDING', 0, now() - ((n % 3600) || ' seconds')::interval,
       'PENDING', 0, now() - ((n % 3600) || ' seconds')::interval, 1
  FROM generate_series(1, :count) AS n;
VACUUM ANALYZE payment_order;
VACUUM ANALYZE payment_event;
