package dev.iotpaymerchant.model;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.iotpaymerchant.model.ScriptedIotPay.Fault;

class PaymentModelRegressionTest {

    @Test
    void aPaidAttemptIsRefundedInPartsAndTheOthersClose() {
        PaymentModelPropertyTest.run(List.of(new Step.Pay(0, Fault.ANSWER), new Step.Pay(-1, Fault.ANSWER),
                new Step.Pay(0, Fault.ANSWER), new Step.Notify(0, Step.Notification.PAID), new Step.FollowUp(),
                new Step.Notify(1, Step.Notification.PAID), new Step.FollowUp(),
                new Step.Refund(0, 300, 0, Fault.ANSWER), new Step.Refund(0, 300, 0, Fault.ANSWER),
                new Step.Refund(0, 800, 1, Fault.ANSWER), new Step.Wait(2), new Step.Sweep(Fault.ANSWER),
                new Step.Notify(0, Step.Notification.MISMATCHED_AMOUNT), new Step.Notify(2, Step.Notification.FORGED),
                new Step.Cancel(), new Step.Expire(), new Step.RefundSweep(Fault.ANSWER)));
    }
}
