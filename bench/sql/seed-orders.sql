-- Orders the benchmark reads and notifies: PENDING, 19.99 CAD, WX_APP, mchOrderNo = :'prefix' + 8
-- digits, payOrderId 'P' + mchOrderNo (what bench/tools/SignedNotifications.java signs). Ids start
-- at :id_base, far above what the backend's sequence hands out. Their next check is a day away, so
-- the sweep leaves them alone during the run.
INSERT INTO payment_order (id, mch_order_no, pay_order_id, channel, amount, currency, status, subject, body,
                           client_ip, created_at, updated_at, next_check_at, check_attempts, version)
SELECT :id_base + n, :'prefix' || lpad(n::text, 8, '0'), 'P' || :'prefix' || lpad(n::text, 8, '0'), 'WX_APP',
       1999, 'CAD', 'PENDING', 'Order', 'In-app purchase', '127.0.0.1', now(), now(), now() + interval '1 day', 0, 1
  FROM generate_series(1, :count) AS n;
