// The console's Audit page: the self-audit's last run (any node's) and its findings, each linked
// to the story of the order that shows it, and "Run now" (POST /api/console/audit). The audit
// changes nothing: each finding is answered with one of the existing actions (docs/operations.md).
import { api } from './api.js';
import { h, when } from './dom.js';

/** What an operator does about each invariant, in a few words; docs/operations.md says more. */
const ACTIONS = {
    'payment-event': 'Open the order: fulfil or refund as its payment says, then report the missing or extra event as a bug.',
    'checkout-open-paid': 'Open the checkout\'s paid attempt: the checkout should have been paid by it. Report it as a bug.',
    'checkout-attempts': 'Open the order and its checkout: make sure each extra payment was refunded, then resolve the checkout.',
    'refund-totals': 'Open the order: compare its refunds with IOTPay\'s portal before any new refund. Report it as a bug.',
    'refund-over-payment': 'Recover what was refunded beyond the payment, then resolve the order in the review queue.',
    'order-overdue': 'Check that the nodes are ready and their sweep runs; the order is checked again once they do.',
    'refund-overdue': 'Check that the nodes are ready and their refund sweep runs; the refund is checked again once they do.',
    'event-not-failed': 'Redeliver the event (webhook or application) from the order\'s page.',
    'key-dangling': 'Nothing to repair in the books; the key expires with its retention. Report it as a bug.',
};

/** Draws the page from GET /api/console/audit; "Run now" draws it again from that run's answer. */
export async function auditPage(show, answer) {
    const report = answer || await api('console/audit');
    const button = h('button', { type: 'button', id: 'run-audit', onclick: async () => {
        button.disabled = true;
        button.textContent = 'Running…';
        try {
            await auditPage(show, await api('console/audit', { method: 'POST' }));
        } finally {
            button.disabled = false;
        }
    } }, 'Run now');
    const run = report.run;
    show(h('h1', {}, 'Audit'),
        h('p', { class: 'muted' }, 'The self-audit checks the books (orders, checkouts, refunds, events, idempotency keys)'
            + ' every few minutes on one node, and reports what breaks an invariant. It changes nothing.'),
        h('p', { id: 'audit-run' }, run
            ? [`Last run ${when(run.finishedAt)} (${run.startedBy}): ${run.ordersChecked} order(s) checked, `,
                h('strong', {}, `${run.findings} finding(s)`), run.complete ? '.' : '; the next run reads on.']
            : 'No run yet.', ' ', button),
        h('section', { id: 'audit-findings' }, h('h2', {}, `Findings (${report.findings.length})`),
            report.findings.length ? report.findings.map(finding => h('div', { class: 'queue-item', dataset: { invariant: finding.invariant } },
                h('div', { class: 'what' }, h('strong', {}, finding.invariant), ' ',
                    finding.mchOrderNo ? h('a', { href: `#/orders/${encodeURIComponent(finding.mchOrderNo)}` }, finding.mchOrderNo) : finding.subject,
                    h('div', {}, finding.detail),
                    h('div', { class: 'muted' }, ACTIONS[finding.invariant] || '')))) : h('p', { class: 'muted empty' }, 'Nothing found.')));
}
