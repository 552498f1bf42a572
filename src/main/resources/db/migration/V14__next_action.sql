-- Issue #20: every IOTPay online channel. What the payer does to pay an order (an SDK's data, a page
-- to open, a QR code's content), as IOTPay answered create_order, kept so that every read of the
-- order can say it while the order is unpaid. Nullable: older orders and UNKNOWN ones have none.
-- Runs on PostgreSQL and H2.
ALTER TABLE payment_order ADD COLUMN next_action VARCHAR(8000);
