-- Issue #30: the review queue tells the truth. Runs on PostgreSQL and H2.

-- When IOTPay's refund query first answered that it does not know a refund it has not settled
-- (null while it knows it, or was never asked). A PROCESSING refund IOTPay took but no longer
-- knows is shown to operators and, after refunds.settle-watch-hours of this, FAILED like an
-- UNKNOWN one; an answer that knows it again clears it.
ALTER TABLE refund ADD COLUMN unknown_since TIMESTAMP WITH TIME ZONE;

-- An attempt paid after we had closed or failed it, while its checkout was still OPEN, paid that
-- checkout (the checkout names it) and the shop fulfilled it. From now on such an attempt is PAID;
-- the ones recorded before stay PAID_AFTER_CLOSE (that is what happened to them) but leave the
-- review queue, resolved by the system, so that nobody refunds goods already delivered.
INSERT INTO review_resolution (mch_order_no, status, resolved_by, resolved_at, note)
SELECT o.mch_order_no, o.status, 'system (schema 17)', CURRENT_TIMESTAMP,
       'It paid its checkout ' || c.checkout_id || ', which was fulfilled: nothing to refund or fulfil.'
  FROM payment_order o JOIN checkout c ON c.paid_order_no = o.mch_order_no
 WHERE o.status = 'PAID_AFTER_CLOSE'
   AND NOT EXISTS (SELECT 1 FROM review_resolution r WHERE r.mch_order_no = o.mch_order_no);
