-- The scale target's history: :count settled (PAID) orders, and one applied notification for each,
-- as a long-lived merchant's database holds them. Ids start at :id_base.
INSERT INTO payment_order (id, mch_order_no, pay_order_id, channel, amount, currency, status, subject, body,
                           client_ip, created_at, updated_at, paid_at, next_check_at, check_attempts, version)
SELECT :id_base + n, 'MOscale' || lpad(n::text, 10, '0'), 'Pscale' || lpad(n::text, 10, '0'), 'WX_APP',
       1999, 'CAD', 'PAID', 'Order', 'In-app purchase', '127.0.0.1',
       now() - (n || ' seconds')::interval, now() - (n || ' seconds')::interval, now() - (n || ' seconds')::interval,
       NULL, 0, 2
  FROM generate_series(1, :count) AS n;
INSERT INTO received_notification (id, received_at, mch_order_no, pay_order_id, outcome, reason, sign_present,
                                   remote_address, parameters)
SELECT :id_base + n, now() - (n || ' seconds')::interval, 'MOscale' || lpad(n::text, 10, '0'),
       'Pscale' || lpad(n::text, 10, '0'), 'APPLIED', NULL, true, '127.0.0.1',
       'amount=1999&backType=2&channelId=WX_APP&currency=CAD&mchId=10000701&mchOrderNo=MOscale' || lpad(n::text, 10, '0')
         || '&payOrderId=Pscale' || lpad(n::text, 10, '0') || '&status=2'
  FROM generate_series(1, :count) AS n;
VACUUM ANALYZE payment_order;
VACUUM ANALYZE received_notification;
