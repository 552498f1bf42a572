-- Issue #16: a refund settles only on IOTPay's word. Runs on PostgreSQL and H2.

-- A refund IOTPay's refund query did not know for refunds.settle-watch-hours is FAILED, but it is
-- still asked about until watch_until, so that a late success is recorded. Only such a FAILED
-- refund is due; an unsettled one always is; a SUCCEEDED one never is.
ALTER TABLE refund ADD COLUMN watch_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE refund DROP CONSTRAINT ck_refund_due;
ALTER TABLE refund ADD CONSTRAINT ck_refund_due CHECK (
    (status IN ('UNKNOWN', 'PROCESSING') AND next_check_at IS NOT NULL)
    OR (status = 'SUCCEEDED' AND next_check_at IS NULL)
    OR (status = 'FAILED' AND (next_check_at IS NULL OR watch_until IS NOT NULL)));
ALTER TABLE refund ADD CONSTRAINT ck_refund_watch CHECK (watch_until IS NULL OR status IN ('FAILED', 'SUCCEEDED'));

-- A refund that succeeds after it was FAILED takes its amount back into refund_reserved without
-- asking whether there is room: IOTPay already gave the money back. The reservation may exceed
-- what was paid by those late refunds, and by nothing else. over_refund_resolved is the
-- refunded amount an operator has marked as dealt with (the review queue's "over-refunded").
ALTER TABLE payment_order ADD COLUMN late_refunded_amount BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE payment_order ADD COLUMN over_refund_resolved BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE payment_order DROP CONSTRAINT ck_payment_order_refunds;
ALTER TABLE payment_order ADD CONSTRAINT ck_payment_order_refunds CHECK (
    refunded_amount >= 0 AND refunded_amount <= refund_reserved AND late_refunded_amount >= 0
    AND late_refunded_amount <= refunded_amount AND refund_reserved <= amount + late_refunded_amount
    AND over_refund_resolved >= 0 AND over_refund_resolved <= refunded_amount);
