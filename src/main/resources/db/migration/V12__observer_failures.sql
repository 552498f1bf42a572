-- Schema version 12 (issue #16): events whose delivery to the CDI observers FAILED are in the review
-- queue and counted on every console page, as FAILED webhooks are (V6's ix_payment_event_webhook_state).
CREATE INDEX ix_payment_event_observers_state ON payment_event (observers_state, id);
