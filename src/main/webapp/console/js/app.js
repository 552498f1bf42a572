// The operator console: a few pages over the JSON API, routed by the URL's #fragment.
import { api, apiImage, ApiError, consoleSettings, newKey, onSessionEnded } from './api.js';
import {
    accessToken, completeSignIn, handBackPopupSignIn, reauthorize, renew, schedule, signedIn, signIn, signOut, subject,
} from './auth.js';
import { h, majorUnits, money, minorUnits, replace, status, when } from './dom.js';
import { confirmAction, showPage } from './confirm.js';
import { auditPage } from './audit.js';

const main = document.getElementById('main');
let settings = { authMode: 'unset' };
/** What an order's page says first, once, the next time it is shown: { mchOrderNo, tone, text }. */
let notice = null;

const STATUSES = ['UNKNOWN', 'PENDING', 'PAID', 'FAILED', 'CLOSED', 'PAID_AFTER_CLOSE', 'NEEDS_REVIEW'];
const CHANNELS = ['WX_APP', 'ALIPAY_MOBILE'];
const CHECKOUT_STATUSES = ['OPEN', 'PAID', 'EXPIRED', 'CANCELLED'];
/** The only statuses the refund endpoint accepts. */
const REFUNDABLE_STATUSES = ['PAID', 'PAID_AFTER_CLOSE'];
/** A refund in any other status (UNKNOWN, PROCESSING) is still being settled by asking IOTPay. */
const SETTLED_REFUND_STATUSES = ['SUCCEEDED', 'FAILED'];

async function start() {
    if (handBackPopupSignIn()) return; // this is the small window a re-authorization ran in
    try {
        settings = await consoleSettings();
        if (settings.authMode === 'jwt') {
            await completeSignIn(settings);
            if (signedIn() && !accessToken()) await renew(settings);
        }
    } catch (error) {
        return show(h('div', { class: 'signin' }, h('h1', {}, 'Sign-in failed'), h('p', { class: 'error' }, error.message),
            h('button', { type: 'button', onclick: () => signIn(settings) }, 'Try again')));
    }
    const banner = document.getElementById('banner');
    const sandbox = settings.sandbox
        ? [h('strong', {}, 'Sandbox. '), 'This build fakes IOTPay: no payment here is real. ', h('br')] : [];
    if (sandbox.length) {
        banner.hidden = false;
        replace(banner, ...sandbox);
    }
    if (settings.authMode === 'none') {
        banner.hidden = false;
        replace(banner, ...sandbox, h('strong', {}, 'Open console. '),
            'api.auth=none: anyone who can reach this page from this machine, a private network or '
            + 'api.none-allow-networks can see every order and refund money. Set api.auth=jwt for anything else.');
    } else if (settings.authMode !== 'jwt') {
        return show(h('div', { class: 'signin' }, h('h1', {}, 'Not configured'),
            h('p', {}, 'Set api.auth (jwt or none) before using the console.')));
    } else if (!settings.clientId || !settings.issuer) {
        return show(h('div', { class: 'signin' }, h('h1', {}, 'Sign-in is not configured'),
            h('p', {}, 'Set console.oidc.client-id (and console.oidc.issuer, or mp.jwt.verify.issuer) to let operators sign in.')));
    } else if (!accessToken()) {
        return show(h('div', { class: 'signin' }, h('h1', {}, 'Operator console'),
            h('p', { class: 'muted' }, 'Sign in with your organisation\'s account. Only the operator group gets in.'),
            h('button', { type: 'button', id: 'sign-in', onclick: () => signIn(settings) }, 'Sign in')));
    } else {
        document.getElementById('who').textContent = subject() || '';
        const out = document.getElementById('sign-out');
        out.hidden = false;
        out.addEventListener('click', () => signOut(settings));
        onSessionEnded(askToSignInAgain);
        window.addEventListener('iotpay-console.session', watchSession);
        watchSession();
    }
    window.addEventListener('hashchange', route);
    route();
}

// ---- The session ----------------------------------------------------------------------------

let sessionTimers = [];
/** API calls waiting for the operator to sign in again (resolved true when they did, false for "Not now"). */
let waiting = [];

function at(time, action) {
    sessionTimers.push(setTimeout(action, Math.max(0, time - Date.now())));
}

/**
 * Called at sign-in and whenever a new token is stored: renews the token ahead of its expiry when
 * the provider gave a refresh token; otherwise, or when renewing fails, warns a minute before it
 * ends; and says when it has ended. The page stays as it is throughout.
 */
function watchSession() {
    sessionTimers.forEach(clearTimeout);
    sessionTimers = [];
    const when = schedule();
    if (!when) return;
    document.getElementById('who').textContent = subject() || '';
    showSession(null);
    const warnLater = () => at(when.warnAt, () => showSession('ending', when.endsAt));
    if (when.renewable) {
        at(when.renewAt, async () => {
            if (!(await renew(settings))) warnLater(); // a renewed token calls watchSession again
        });
    } else {
        warnLater();
    }
    at(when.endsAt, () => showSession('ended'));
}

/** An API call needs a valid token again: renew it, or ask the operator to sign in again and wait. */
async function askToSignInAgain() {
    if (await renew(settings)) return true;
    return new Promise(resolve => {
        waiting.push(resolve);
        showSession('ended');
    });
}

async function signInAgain() {
    if (await reauthorize(settings)) {
        const resumed = waiting;
        waiting = [];
        resumed.forEach(resolve => resolve(true));
    }
}

function notNow() {
    const given = waiting;
    waiting = [];
    given.forEach(resolve => resolve(false));
    showSession('ended');
}

/**
 * The session's notice: none, 'ending' (a minute or less left) or 'ended'. Shown under the header
 * and, while a dialog is open (everything else is out of reach then), in the dialog too.
 */
function showSession(state, endsAt) {
    const banner = document.getElementById('session');
    const inDialog = document.getElementById('confirm-session');
    if (!state) {
        banner.hidden = true;
        replace(banner);
        replace(inDialog);
        return;
    }
    const again = id => h('button', { type: 'button', id, onclick: signInAgain }, 'Sign in again');
    const text = state === 'ending'
        ? `Your session ends at ${new Date(endsAt).toLocaleTimeString()}, in less than a minute. Sign in again to stay`
            + ' signed in; this page stays as it is.'
        : 'Your session has ended. Sign in again to go on; this page stays as it is.';
    banner.hidden = false;
    replace(banner, h('span', { id: 'session-text' }, text), ' ', again('sign-in-again'));
    if (document.getElementById('confirm').open) {
        replace(inDialog, h('p', { class: `notice warn`, role: 'alert' }, state === 'ended' && waiting.length
            ? 'Your session has ended. Sign in again and this action is sent again, exactly as before (with the same'
                + ' Idempotency-Key, so it cannot happen twice).' : text, ' ',
        again('sign-in-again-dialog'),
        state === 'ended' && waiting.length
            ? [' ', h('button', { type: 'button', class: 'quiet', id: 'sign-in-later', onclick: notNow }, 'Not now')] : null));
    } else {
        replace(inDialog);
    }
}

function show(...content) {
    replace(main, ...content);
}

async function route() {
    const [page, ...rest] = (location.hash.replace(/^#\/?/, '') || 'overview').split('/');
    const [name, query] = page.split('?');
    const said = notice; // shown once, by the page it is for
    notice = null;
    document.getElementById('nav').hidden = false;
    for (const link of document.querySelectorAll('nav a')) {
        link.classList.toggle('active', link.dataset.page === name);
    }
    try {
        if (name === 'orders' && rest.length) {
            await orderPage(decodeURIComponent(rest.join('/')), said);
        } else if (name === 'orders') {
            await ordersPage(new URLSearchParams(query || ''));
        } else if (name === 'checkouts' && rest.length) {
            await checkoutPage(decodeURIComponent(rest.join('/')));
        } else if (name === 'checkouts') {
            await checkoutsPage(new URLSearchParams(query || ''));
        } else if (name === 'review') {
            await reviewPage();
        } else if (name === 'audit') {
            await auditPage(show);
        } else {
            await overviewPage();
        }
        refreshQueueSize();
    } catch (error) {
        failed(error);
    }
}

function failed(error) {
    if (error instanceof ApiError && error.status === 403 && settings.authMode === 'jwt') {
        document.getElementById('nav').hidden = true;
        return show(h('div', { class: 'signin', id: 'refused' }, h('h1', {}, 'No access'),
            h('p', {}, `You are signed in as ${subject() || 'someone'}, who is not in the operator group`
                + ` (${settings.operatorGroup}). Ask an administrator, or sign in with another account.`),
            h('button', { type: 'button', onclick: () => signOut(settings) }, 'Sign out')));
    }
    if (error instanceof ApiError && error.status === 401) {
        return show(h('div', { class: 'signin' }, h('h1', {}, 'Session ended'), h('p', {}, error.message),
            h('button', { type: 'button', onclick: async () => {
                if (await reauthorize(settings)) route();
            } }, 'Sign in again')));
    }
    show(h('h1', {}, 'Something went wrong'), h('p', { class: 'error' }, error.message));
}

async function refreshQueueSize() {
    try {
        const overview = await api('console/overview');
        document.getElementById('queue-size').textContent = overview.reviewQueueSize ? String(overview.reviewQueueSize) : '';
    } catch {
        // the page itself says what went wrong
    }
}

// ---- Overview -------------------------------------------------------------------------------

async function overviewPage() {
    const overview = await api('console/overview');
    const failedHook = overview.lastFailedWebhook;
    show(
        h('h1', {}, 'Overview'),
        h('div', { class: 'cards' },
            card('Orders today', overview.today.orders, `since ${when(overview.today.since)}`),
            card('Orders, last 7 days', overview.last7Days.orders, `since ${when(overview.last7Days.since)}`),
            h('a', { class: 'card', href: '#/review', id: 'queue-card' }, h('div', { class: 'muted' }, 'Review queue'),
                h('div', { class: 'big' }, String(overview.reviewQueueSize)), h('div', { class: 'muted' }, 'items wait for an operator')),
            h('a', { class: 'card', href: '#/review', id: 'failures-card' }, h('div', { class: 'muted' }, 'Failed deliveries'),
                h('div', { class: 'big' }, String((overview.failedWebhooks || 0) + (overview.failedObservers || 0))),
                h('div', { class: 'muted' }, h('span', { id: 'failed-webhooks-count' }, String(overview.failedWebhooks || 0)),
                    ' webhook(s) · ', h('span', { id: 'failed-observers-count' }, String(overview.failedObservers || 0)),
                    ' to the application')),
            h('div', { class: 'card', id: 'last-failed-webhook' }, h('div', { class: 'muted' }, 'Last failed webhook'),
                failedHook
                    ? [h('div', {}, h('a', { href: `#/orders/${encodeURIComponent(failedHook.mchOrderNo)}` }, failedHook.mchOrderNo)),
                        h('div', {}, failedHook.type, ' · ', when(failedHook.createdAt)),
                        h('div', { class: 'muted' }, failedHook.error || '')]
                    : h('div', {}, 'None'))),
        h('h2', {}, 'Paid orders per hour (last 24 hours, UTC)'),
        h('div', { class: 'card' }, chart(overview.paidPerHour)),
        h('h2', {}, 'Today by status and channel'), totalsTable(overview.today.groups),
        h('h2', {}, 'Last 7 days by status and channel'), totalsTable(overview.last7Days.groups));
}

function card(title, value, note) {
    return h('div', { class: 'card' }, h('div', { class: 'muted' }, title), h('div', { class: 'big' }, String(value)),
        h('div', { class: 'muted' }, note));
}

function totalsTable(groups) {
    if (!groups.length) return h('p', { class: 'muted' }, 'No orders.');
    return h('div', { class: 'table-wrap' }, h('table', {},
        h('thead', {}, h('tr', {}, h('th', {}, 'Status'), h('th', {}, 'Channel'), h('th', { class: 'num' }, 'Orders'),
            h('th', { class: 'num' }, 'Amount'))),
        h('tbody', {}, groups.map(group => h('tr', {}, h('td', {}, status(group.status)), h('td', {}, group.channel),
            h('td', { class: 'num' }, String(group.count)), h('td', { class: 'num' }, money(group.amount, group.currency)))))));
}

/** A bar chart drawn as SVG elements, one bar per hour. */
function chart(hours) {
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    const width = 720, height = 160, bottom = 18;
    svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    svg.setAttribute('class', 'chart');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', 'Paid orders per hour');
    const max = Math.max(1, ...hours.map(hour => hour.paid));
    const slot = width / hours.length;
    hours.forEach((hour, i) => {
        const bar = document.createElementNS(ns, 'rect');
        const barHeight = Math.round((height - bottom - 14) * hour.paid / max);
        bar.setAttribute('x', String(i * slot + 2));
        bar.setAttribute('y', String(height - bottom - barHeight));
        bar.setAttribute('width', String(slot - 4));
        bar.setAttribute('height', String(barHeight));
        const tip = document.createElementNS(ns, 'title');
        tip.textContent = `${when(hour.hour)}: ${hour.paid} paid`;
        bar.append(tip);
        svg.append(bar);
        if (hour.paid) {
            const count = document.createElementNS(ns, 'text');
            count.setAttribute('x', String(i * slot + slot / 2));
            count.setAttribute('y', String(height - bottom - barHeight - 3));
            count.setAttribute('text-anchor', 'middle');
            count.textContent = String(hour.paid);
            svg.append(count);
        }
        if (i % 3 === 0) {
            const label = document.createElementNS(ns, 'text');
            label.setAttribute('x', String(i * slot + slot / 2));
            label.setAttribute('y', String(height - 4));
            label.setAttribute('text-anchor', 'middle');
            label.textContent = hour.hour.substring(11, 13) + 'h';
            svg.append(label);
        }
    });
    return svg;
}

// ---- Orders ---------------------------------------------------------------------------------

async function ordersPage(query) {
    const search = (query.get('q') || '').trim();
    const field = query.get('in') || 'mchOrderNo';
    if (search && field === 'mchOrderNo') {
        location.hash = `#/orders/${encodeURIComponent(search)}`;
        return;
    }
    const params = new URLSearchParams({ limit: '25' });
    for (const name of ['status', 'channel', 'after']) {
        if (query.get(name)) params.set(name, query.get(name));
    }
    if (query.get('fromDate')) params.set('from', `${query.get('fromDate')}T00:00:00Z`);
    if (query.get('toDate')) params.set('to', `${nextDay(query.get('toDate'))}T00:00:00Z`);
    if (search) params.set(field, search);
    const page = await api(`orders?${params}`);
    const form = h('form', { class: 'filters', id: 'order-filters' },
        h('label', {}, 'Search', h('input', { name: 'q', id: 'search', value: search, placeholder: 'order no, payOrderId or owner' })),
        h('label', {}, 'in', select('in', [['mchOrderNo', 'order number'], ['payOrderId', 'payOrderId'], ['owner', 'owner']], field)),
        h('label', {}, 'Status', select('status', [['', 'any'], ...STATUSES.map(s => [s, s])], query.get('status') || '')),
        h('label', {}, 'Channel', select('channel', [['', 'any'], ...CHANNELS.map(c => [c, c])], query.get('channel') || '')),
        h('label', {}, 'From', h('input', { type: 'date', name: 'fromDate', value: query.get('fromDate') || '' })),
        h('label', {}, 'To', h('input', { type: 'date', name: 'toDate', value: query.get('toDate') || '' })),
        h('button', { type: 'submit' }, 'Search'));
    form.addEventListener('submit', event => {
        event.preventDefault();
        const next = new URLSearchParams();
        for (const [name, value] of new FormData(form)) if (value) next.set(name, value);
        if (!next.get('q')) next.delete('in');
        location.hash = `#/orders?${next}`;
    });
    const next = new URLSearchParams(query);
    show(h('h1', {}, 'Orders'), form,
        page.orders.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'orders' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Order'), h('th', {}, 'Status'), h('th', { class: 'num' }, 'Amount'),
                h('th', { class: 'optional' }, 'Channel'), h('th', { class: 'optional' }, 'Created (UTC)'), h('th', { class: 'optional' }, 'Owner'))),
            h('tbody', {}, page.orders.map(order => h('tr', {},
                h('td', {}, h('a', { href: `#/orders/${encodeURIComponent(order.mchOrderNo)}` }, order.mchOrderNo)),
                h('td', {}, status(order.status)), h('td', { class: 'num' }, money(order.amount, order.currency)),
                h('td', { class: 'optional' }, order.channelId), h('td', { class: 'optional' }, when(order.createdAt)),
                h('td', { class: 'optional' }, order.owner || '')))))) : h('p', { class: 'muted' }, 'No orders match.'),
        h('div', { class: 'pager' },
            query.get('after') ? h('button', { type: 'button', class: 'quiet', onclick: () => {
                next.delete('after');
                location.hash = `#/orders?${next}`;
            } }, 'First page') : null,
            page.next ? h('button', { type: 'button', id: 'next-page', onclick: () => {
                next.set('after', page.next);
                location.hash = `#/orders?${next}`;
            } }, 'Next page') : null));
}

function nextDay(date) {
    const day = new Date(`${date}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 1);
    return day.toISOString().substring(0, 10);
}

function select(name, options, chosen) {
    return h('select', { name }, options.map(([value, label]) => h('option', { value, selected: value === chosen }, label)));
}

// ---- Checkouts ------------------------------------------------------------------------------

function checkoutHash(checkoutId) {
    return `#/checkouts/${encodeURIComponent(checkoutId)}`;
}

async function checkoutsPage(query) {
    const reference = (query.get('reference') || '').trim();
    const params = new URLSearchParams({ limit: '25' });
    if (reference) params.set('reference', reference);
    for (const name of ['status', 'after']) {
        if (query.get(name)) params.set(name, query.get(name));
    }
    const page = await api(`checkouts?${params}`);
    const form = h('form', { class: 'filters', id: 'checkout-filters' },
        h('label', {}, 'Reference', h('input', { name: 'reference', id: 'checkout-reference', value: reference,
            maxlength: '64', placeholder: 'the merchant\'s reference' })),
        h('label', {}, 'Status', select('status', [['', 'any'], ...CHECKOUT_STATUSES.map(s => [s, s])], query.get('status') || '')),
        h('button', { type: 'submit' }, 'Search'));
    form.addEventListener('submit', event => {
        event.preventDefault();
        const next = new URLSearchParams();
        for (const [name, value] of new FormData(form)) if (value.trim()) next.set(name, value.trim());
        location.hash = `#/checkouts?${next}`;
    });
    const next = new URLSearchParams(query);
    show(h('h1', {}, 'Checkouts'), form,
        page.checkouts.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'checkouts' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Checkout'), h('th', {}, 'Status'), h('th', { class: 'num' }, 'Amount'),
                h('th', {}, 'Reference'), h('th', { class: 'optional' }, 'Created (UTC)'))),
            h('tbody', {}, page.checkouts.map(checkout => h('tr', { dataset: { checkout: checkout.checkoutId } },
                h('td', {}, h('a', { href: checkoutHash(checkout.checkoutId) }, checkout.checkoutId)),
                h('td', {}, status(checkout.status)), h('td', { class: 'num' }, money(checkout.amount, checkout.currency)),
                h('td', {}, checkout.reference || '—'), h('td', { class: 'optional' }, when(checkout.createdAt))))))) :
            h('p', { class: 'muted' }, 'No checkouts match.'),
        h('div', { class: 'pager' },
            query.get('after') ? h('button', { type: 'button', class: 'quiet', onclick: () => {
                next.delete('after');
                location.hash = `#/checkouts?${next}`;
            } }, 'First page') : null,
            page.next ? h('button', { type: 'button', id: 'next-page', onclick: () => {
                next.set('after', page.next);
                location.hash = `#/checkouts?${next}`;
            } }, 'Next page') : null));
}

async function checkoutPage(checkoutId) {
    let checkout;
    try {
        checkout = await api(`checkouts/${encodeURIComponent(checkoutId)}`);
    } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
            return show(h('h1', {}, 'Checkout not found'), h('p', {}, `No checkout has the id ${checkoutId}.`),
                h('p', {}, h('a', { href: '#/checkouts' }, 'Back to checkouts')));
        }
        throw error;
    }
    const extra = checkout.extraPayments || [];
    const orderLink = mchOrderNo => h('a', { href: orderHash(mchOrderNo) }, mchOrderNo);
    const metadata = Object.entries(checkout.metadata || {});
    show(
        h('h1', {}, 'Checkout ', checkout.checkoutId, ' ', status(checkout.status)),
        extra.length ? h('p', { class: 'notice warn', id: 'overpaid' }, `Paid ${extra.length} more time(s) than needed: `,
            extra.map((mchOrderNo, i) => [i ? ', ' : '', orderLink(mchOrderNo)]),
            '. Each extra payment is refunded in full unless checkouts.refund-duplicates is false; until an operator'
            + ' resolves it, the checkout waits in the ', h('a', { href: '#/review' }, 'review queue'), '.') : null,
        h('dl', { class: 'summary card', id: 'checkout-facts' },
            fact('Amount', money(checkout.amount, checkout.currency)),
            fact('Reference', checkout.reference || '—'), fact('Subject', checkout.subject),
            fact('Payer', checkout.payer || 'anyone'),
            fact('Paid by', checkout.paidOrder ? orderLink(checkout.paidOrder) : '—'),
            fact('Created (UTC)', when(checkout.createdAt)), fact('Expires (UTC)', when(checkout.expiresAt)),
            fact('Settled (UTC)', when(checkout.settledAt) || '—'),
            checkout.param1 ? fact('param1', checkout.param1) : null,
            checkout.param2 ? fact('param2', checkout.param2) : null),
        metadata.length ? [h('h2', {}, 'Metadata'), h('dl', { class: 'facts card' },
            metadata.map(([name, value]) => [h('dt', {}, name), h('dd', {}, String(value))]))] : null,
        h('h2', {}, 'Attempts'),
        checkout.payments.length ? h('div', { class: 'table-wrap' }, h('table', { id: 'attempts' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Order'), h('th', {}, 'Channel'), h('th', {}, 'Status'), h('th', {}, ''),
                h('th', { class: 'optional' }, 'Created (UTC)'))),
            h('tbody', {}, checkout.payments.map(payment => h('tr', { dataset: { order: payment.mchOrderNo } },
                h('td', {}, orderLink(payment.mchOrderNo)), h('td', {}, payment.channelId), h('td', {}, status(payment.status)),
                h('td', {}, payment.mchOrderNo === checkout.paidOrder ? 'paid the checkout'
                    : extra.includes(payment.mchOrderNo) ? 'extra payment' : ''),
                h('td', { class: 'optional' }, when(payment.createdAt))))))) : h('p', { class: 'muted' }, 'No attempt to pay it yet.'));
}

// ---- Order detail ---------------------------------------------------------------------------

function orderHash(mchOrderNo) {
    return `#/orders/${encodeURIComponent(mchOrderNo)}`;
}

/**
 * The order's refunds whose outcome is not known yet: UNKNOWN (stored, perhaps sent, no usable answer
 * from IOTPay) and PROCESSING (IOTPay took it and is still carrying it out). The sweep settles them.
 *
 * While an order has one, the console offers no new refund of it: the order page shows the Refund
 * button disabled, with the refund that is open and why. The server alone would allow a second
 * refund of what is left (`refundable` already holds back the open one's amount), but it cannot tell
 * a deliberate second refund from an operator repeating one that seemed to go nowhere, which would
 * give the money back twice once the first one goes through. Waiting costs minutes (the sweep asks
 * IOTPay after orders.reconcile.after-seconds). A refund still UNKNOWN after 10 minutes is in the
 * review queue; whoever settles it with IOTPay can still refund the rest through the API.
 */
function openRefunds(story) {
    return (story.refunds || []).filter(refund => !SETTLED_REFUND_STATUSES.includes(refund.status));
}

/**
 * What the refund endpoint would still accept, as the server counts it: what was paid minus every
 * refund that has not FAILED. Never amount - refundedAmount, which forgets UNKNOWN and PROCESSING
 * refunds. Without the field (an older node answered) nothing is offered.
 */
function refundableOf(order) {
    return order.refundable === undefined || order.refundable === null ? 0n : BigInt(order.refundable);
}

function refundOffered(story) {
    return REFUNDABLE_STATUSES.includes(story.order.status) && refundableOf(story.order) > 0n && !openRefunds(story).length;
}

async function orderPage(mchOrderNo, said) {
    let story;
    try {
        story = await api(`console/orders/${encodeURIComponent(mchOrderNo)}/timeline`);
    } catch (error) {
        if (error instanceof ApiError && error.status === 404) {
            return show(h('h1', {}, 'Order not found'), h('p', {}, `No order has the number ${mchOrderNo}.`),
                h('p', {}, h('a', { href: '#/orders' }, 'Back to orders')));
        }
        throw error;
    }
    const order = story.order;
    const refundable = refundableOf(order);
    const open = REFUNDABLE_STATUSES.includes(order.status) ? openRefunds(story) : [];
    const reviewable = ['NEEDS_REVIEW', 'PAID_AFTER_CLOSE'].includes(order.status) && !story.resolution;
    show(
        h('h1', {}, 'Order ', order.mchOrderNo, ' ', status(order.status)),
        said && said.mchOrderNo === order.mchOrderNo
            ? h('p', { class: `notice ${said.tone}`, id: 'refund-notice', role: 'status' }, said.text) : null,
        h('dl', { class: 'summary card' },
            fact('Amount', money(order.amount, order.currency)),
            fact('Refunded', money(order.refundedAmount || 0, order.currency)),
            fact('Refundable', money(refundable, order.currency)),
            fact('Channel', order.channelId), fact('payOrderId', order.payOrderId || '—'),
            order.nextAction ? fact('Next action', nextActionText(order.nextAction)) : null,
            fact('Owner', order.owner || '—'), fact('Created (UTC)', when(order.createdAt)),
            fact('Paid (UTC)', when(order.paidAt) || '—'),
            order.reported ? fact('IOTPay reported', [
                order.reported.amount == null ? null : money(order.reported.amount, order.reported.currency ?? '').trim(),
                order.reported.payOrderId].filter(part => part != null && part !== '').join(' ')) : null,
            order.statusReason ? fact('Reason', order.statusReason) : null,
            story.resolution ? fact('Resolved', `${when(story.resolution.resolvedAt)} by ${story.resolution.resolvedBy}: ${story.resolution.note}`) : null),
        order.nextAction && order.nextAction.type === 'qr'
            ? h('figure', { class: 'card qr' }, h('img', { id: 'qr', alt: `QR code to pay order ${order.mchOrderNo}`, width: 192, height: 192 }),
                h('figcaption', { class: 'muted' }, 'The payer scans this code while the order is unpaid.')) : null,
        h('div', { class: 'actions' },
            open.length
                ? h('button', { type: 'button', id: 'refund', disabled: true, 'aria-describedby': 'refund-blocked',
                    title: 'A refund of this order is not settled yet' }, 'Refund…')
                : refundOffered(story) ? h('button', { type: 'button', id: 'refund', onclick: () => refund(order) }, 'Refund…') : null,
            reviewable ? h('button', { type: 'button', id: 'resolve', onclick: () => resolve(order) }, 'Mark resolved…') : null),
        open.length ? refundBlocked(open) : null,
        story.refunds && story.refunds.length ? [h('h2', {}, 'Refunds'), h('div', { class: 'table-wrap' }, h('table', { id: 'refunds' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Refund'), h('th', {}, 'Status'), h('th', { class: 'num' }, 'Amount'),
                h('th', { class: 'optional' }, 'Created (UTC)'), h('th', { class: 'optional' }, 'Reason'))),
            h('tbody', {}, story.refunds.map(r => h('tr', { dataset: { refund: r.refundNo } },
                h('td', {}, r.refundNo), h('td', {}, status(r.status)), h('td', { class: 'num' }, money(r.amount, r.currency)),
                h('td', { class: 'optional' }, when(r.createdAt)),
                h('td', { class: 'optional' }, [r.reason, r.statusReason].filter(Boolean).join(' · ')))))))] : null,
        story.events.length ? [h('h2', {}, 'Events'), h('div', { class: 'table-wrap' }, h('table', { id: 'events' },
            h('thead', {}, h('tr', {}, h('th', {}, 'Event'), h('th', {}, 'Webhook'), h('th', {}, 'Application'), h('th', {}, ''))),
            h('tbody', {}, story.events.map(event => h('tr', { dataset: { event: event.eventId } },
                h('td', {}, event.type, h('div', { class: 'muted' }, event.eventId)), h('td', {}, status(event.webhook)),
                h('td', {}, event.observers ? status(event.observers) : ''),
                h('td', {}, event.webhook === 'SKIPPED' ? null : h('button', { type: 'button', class: 'quiet redeliver',
                    dataset: { eventId: event.eventId }, onclick: () => redeliver(event, order.mchOrderNo) }, 'Redeliver webhook…'),
                event.observers === 'FAILED' ? h('button', { type: 'button', class: 'quiet redeliver-observers',
                    dataset: { eventId: event.eventId }, onclick: () => redeliverToApplication(event, order.mchOrderNo) },
                'Redeliver to the application…') : null))))))] : null,
        h('h2', {}, 'Timeline'),
        h('ol', { class: 'timeline', id: 'timeline' }, story.timeline.map(entry => h('li', { class: entry.kind },
            h('div', {}, h('span', { class: 'when' }, when(entry.at)), h('span', { class: 'kind' }, entry.kind)),
            h('strong', {}, entry.title),
            Object.keys(entry.facts).length ? h('dl', { class: 'facts' },
                Object.entries(entry.facts).map(([label, value]) => [h('dt', {}, label), h('dd', {}, value)])) : null))));
    if (order.nextAction && order.nextAction.type === 'qr') {
        const image = await apiImage(`orders/${encodeURIComponent(order.mchOrderNo)}/qr.png`);
        const img = document.getElementById('qr');
        if (image && img) img.src = image;
    }
}

/** What the payer does next, in words (shown as text, never as a link: the address is IOTPay's). */
function nextActionText(next) {
    if (next.type === 'sdk') return `the app's ${next.sdk} SDK pays with IOTPay's payParams`;
    if (next.type === 'redirect') return `the payer's browser goes to ${next.url}`;
    if (next.type === 'qr') return `the payer scans a QR code (${next.content})`;
    return next.type;
}

/** Why the Refund button is disabled (openRefunds). */
function refundBlocked(open) {
    const one = open.length === 1;
    return h('p', { class: 'notice warn', id: 'refund-blocked' },
        `No new refund until ${open.map(r => `refund ${r.refundNo} (${money(r.amount, r.currency)}, ${r.status})`).join(', ')}`
        + (one ? ' is settled: its outcome at IOTPay is' : ' are settled: their outcome at IOTPay is')
        + ' being settled by asking IOTPay, and this page shows it once it is SUCCEEDED or FAILED. Do not refund'
        + ' this order again, here or in IOTPay\'s portal, before then. A refund still UNKNOWN after 10 minutes'
        + ' is listed in the review queue.');
}

function fact(label, value) {
    return h('div', {}, h('dt', {}, label), h('dd', {}, value));
}

/**
 * The refund dialog, for an order as just read from the server (refundOffered). One dialog is one
 * refund: every try sends the same Idempotency-Key and the same body, so a retry can never refund
 * twice. Once an answer names a refund (201, or a problem with its refundNo: 504 outcome unknown, 502
 * refused, 409 still running), that refund exists: the dialog closes and the order's page shows it,
 * and offers no new refund while it is not settled (openRefunds). Only an answer that says nothing
 * was stored (400, 404, 409 not refundable, 422 too much) lets the operator change the amount.
 */
function refund(order) {
    const refundable = refundableOf(order);
    const key = newKey();
    let unsure = false; // a try got no answer that says whether a refund was stored
    const amount = h('input', { name: 'amount', id: 'refund-amount', inputmode: 'decimal', required: true,
        value: majorUnits(refundable, order.currency) });
    const reason = h('input', { name: 'reason', id: 'refund-reason', maxlength: '64' });
    confirmAction({
        title: `Refund order ${order.mchOrderNo}`,
        text: `Up to ${money(refundable, order.currency)} can be refunded. The money goes back to the payer through IOTPay.`,
        fields: [h('label', {}, `Amount (${order.currency})`, amount), h('label', {}, 'Reason (optional)', reason)],
        confirm: 'Refund',
        danger: true,
        run: async () => {
            const minor = minorUnits(amount.value, order.currency);
            if (minor === null || minor < 1n) throw new Error(`Write the amount like ${majorUnits(1234, order.currency)}.`);
            if (minor > refundable) throw new Error(`At most ${money(refundable, order.currency)} can be refunded.`);
            const why = reason.value.trim();
            amount.readOnly = true; // what is sent under this key stays what a retry sends
            reason.readOnly = true;
            let answer;
            try {
                answer = await api(`orders/${encodeURIComponent(order.mchOrderNo)}/refunds`, {
                    method: 'POST', headers: { 'Idempotency-Key': key },
                    body: why ? { amount: Number(minor), reason: why } : { amount: Number(minor) },
                });
            } catch (error) {
                const problem = error instanceof ApiError ? error.problem : null;
                if (problem && typeof problem.refundNo === 'string' && problem.refundNo) {
                    notice = refundProblemNotice(order, minor, error.status, problem);
                    return orderHash(order.mchOrderNo);
                }
                if (!(error instanceof ApiError) || error.status >= 500
                    || String(problem?.type || '').endsWith(':idempotency-key-in-flight')) {
                    unsure = true;
                    const what = String(error.message || 'No answer').trim();
                    throw new Error(`${/[.!?]$/.test(what) ? what : `${what}.`} A refund may have been stored. Try again:`
                        + ' the same request goes out under the same key, so it cannot refund twice.');
                }
                if (!unsure) {
                    amount.readOnly = false; // nothing was stored: the amount may be corrected
                    reason.readOnly = false;
                }
                throw error;
            }
            notice = refundNotice(order, answer);
            return orderHash(order.mchOrderNo);
        },
        onCancel: () => {
            if (!unsure) return;
            // Show whatever was stored: an open refund blocks the next one (openRefunds).
            notice = { mchOrderNo: order.mchOrderNo, tone: 'warn', text: 'The refund got no clear answer. If it was'
                + ' stored, it is listed below, and no new refund is offered until it is settled.' };
            showPage(orderHash(order.mchOrderNo));
        },
    });
}

/** What the order's page says after a 201: the refund SUCCEEDED, or IOTPay is still carrying it out. */
function refundNotice(order, made) {
    const what = `Refund ${made.refundNo} of ${money(made.amount, made.currency)}`;
    if (made.status === 'SUCCEEDED') {
        return { mchOrderNo: order.mchOrderNo, tone: 'ok', text: `${what} SUCCEEDED: the money goes back to the payer.` };
    }
    return { mchOrderNo: order.mchOrderNo, tone: 'warn', text: `${what} is ${made.status}: IOTPay took it and is still`
        + ' carrying it out. It is settled by asking IOTPay; do not refund this order again before this page shows it'
        + ' SUCCEEDED or FAILED.' };
}

/** What the order's page says after a problem that names the refund it stored. */
function refundProblemNotice(order, minor, httpStatus, problem) {
    const what = `refund ${problem.refundNo} of ${money(minor, order.currency)}`;
    if (httpStatus === 502) {
        return { mchOrderNo: order.mchOrderNo, tone: 'bad', text: `IOTPay refused ${what}: ${problem.detail || problem.title}`
            + ' Nothing went back to the payer; the refund is FAILED and its amount can be refunded again.' };
    }
    return { mchOrderNo: order.mchOrderNo, tone: 'warn', text: `The ${what} was stored, but its outcome at IOTPay is`
        + ` not known yet (${problem.title || `HTTP ${httpStatus}`}). It is being settled by asking IOTPay, and this page`
        + ' shows it once it is SUCCEEDED or FAILED. Do not retry it, and do not refund this order again (here or in'
        + ' IOTPay\'s portal) before then: the money could go back twice.' };
}

/**
 * The review queue's rows may be minutes old and do not list refunds: read the order again and open
 * the dialog only when its page would offer it; otherwise show its page, which says why not.
 */
async function refundFromQueue(mchOrderNo) {
    let story;
    try {
        story = await api(`console/orders/${encodeURIComponent(mchOrderNo)}/timeline`);
    } catch (error) {
        return failed(error);
    }
    if (refundOffered(story)) {
        refund(story.order);
    } else {
        showPage(orderHash(mchOrderNo));
    }
}

function resolve(order) {
    const note = h('textarea', { name: 'note', id: 'resolve-note', maxlength: '1000', required: true });
    confirmAction({
        title: `Resolve order ${order.mchOrderNo}`,
        text: `It leaves the review queue and stays ${order.status}. Say what was done; the note goes into the audit log.`,
        fields: [h('label', {}, 'Note', note)],
        confirm: 'Mark resolved',
        run: async () => {
            if (!note.value.trim()) throw new Error('Say what was done.');
            await api(`console/orders/${encodeURIComponent(order.mchOrderNo)}/resolution`, { method: 'POST', body: { note: note.value.trim() } });
        },
    });
}

function resolveCheckout(checkout) {
    const note = h('textarea', { name: 'note', id: 'resolve-note', maxlength: '1000', required: true });
    confirmAction({
        title: `Resolve checkout ${checkout.checkoutId}`,
        text: `It leaves the review queue: its extra payments (${(checkout.extraPayments || []).join(', ')}) were dealt with.`
            + ' Say what was done; the note goes into the audit log of each extra payment.',
        fields: [h('label', {}, 'Note', note)],
        confirm: 'Mark resolved',
        run: async () => {
            if (!note.value.trim()) throw new Error('Say what was done.');
            await api(`console/checkouts/${encodeURIComponent(checkout.checkoutId)}/resolution`,
                { method: 'POST', body: { note: note.value.trim() } });
        },
    });
}

function redeliver(event, mchOrderNo) {
    const key = newKey();
    const note = h('input', { name: 'note', id: 'redeliver-note', maxlength: '1000' });
    confirmAction({
        title: `Redeliver ${event.type}`,
        text: `The webhook for order ${mchOrderNo} is sent again from now, with the same webhook-id and the full retry schedule.`,
        fields: [h('label', {}, 'Note (optional)', note)],
        confirm: 'Redeliver',
        run: async () => {
            await api(`console/events/${encodeURIComponent(event.eventId)}/redelivery`, {
                method: 'POST', headers: { 'Idempotency-Key': key }, body: note.value.trim() ? { note: note.value.trim() } : {},
            });
        },
    });
}

/**
 * Calls the application's CDI observers again for an event whose delivery to them FAILED: from now,
 * with the full retry schedule; those that took the event before are not called again.
 */
function redeliverToApplication(event, mchOrderNo) {
    const key = newKey();
    const note = h('input', { name: 'note', id: 'redeliver-observers-note', maxlength: '1000' });
    confirmAction({
        title: `Redeliver ${event.type} to the application`,
        text: `The application's observers get the event for order ${mchOrderNo} again from now, with the same eventId`
            + ' and the full retry schedule. Observers that took it before are not called again.',
        fields: [h('label', {}, 'Note (optional)', note)],
        confirm: 'Redeliver',
        run: async () => {
            await api(`console/events/${encodeURIComponent(event.eventId)}/observer-redelivery`, {
                method: 'POST', headers: { 'Idempotency-Key': key }, body: note.value.trim() ? { note: note.value.trim() } : {},
            });
        },
    });
}

// ---- Review queue ---------------------------------------------------------------------------

async function reviewPage() {
    const queue = await api('console/review-queue');
    const orderItem = (order, actions) => h('div', { class: 'queue-item', dataset: { order: order.mchOrderNo } },
        h('div', { class: 'what' }, h('a', { href: `#/orders/${encodeURIComponent(order.mchOrderNo)}` }, order.mchOrderNo), ' ',
            status(order.status), ' ', money(order.amount, order.currency),
            h('div', { class: 'muted' }, `created ${when(order.createdAt)}`, order.statusReason ? ` · ${order.statusReason}` : '')),
        h('div', { class: 'actions' }, actions));
    show(h('h1', {}, 'Review queue'), h('p', { class: 'muted' }, `${queue.size} item(s) wait for an operator.`),
        section('Needs review', 'needs-review', 'IOTPay reported a payment that contradicts the order.', queue.needsReview.map(order =>
            orderItem(order, h('button', { type: 'button', class: 'resolve', onclick: () => resolve(order) }, 'Mark resolved…')))),
        section('Paid after close', 'paid-after-close',
            'Paid at IOTPay after we closed or failed the order, and wanted by nothing any more: refund or fulfil.',
            queue.paidAfterClose.map(order => orderItem(order, [
                refundableOf(order) > 0n
                    ? h('button', { type: 'button', class: 'quiet', onclick: () => refundFromQueue(order.mchOrderNo) }, 'Refund…') : null,
                h('button', { type: 'button', class: 'resolve', onclick: () => resolve(order) }, 'Mark resolved…')]))),
        section('Refunded beyond the payment', 'over-refunded',
            'IOTPay made a refund after we had failed it, and its amount had been refunded again: recover the difference, then resolve.',
            (queue.overRefunded || []).map(order => orderItem(order, [
                h('span', { class: 'muted' }, 'refunded ', money(order.refundedAmount, order.currency)),
                h('button', { type: 'button', class: 'resolve', onclick: () => resolve(order) }, 'Mark resolved…')]))),
        section('Checkouts paid more than once', 'overpaid-checkouts',
            'Paid by more than one attempt, or paid after it closed: make sure each extra payment went back, then resolve.',
            (queue.overpaidCheckouts || []).map(checkout => h('div', { class: 'queue-item', dataset: { checkout: checkout.checkoutId } },
                h('div', { class: 'what' }, h('a', { href: checkoutHash(checkout.checkoutId) }, checkout.checkoutId), ' ',
                    status(checkout.status), ' ', money(checkout.amount, checkout.currency),
                    h('div', { class: 'muted' }, checkout.reference ? `reference ${checkout.reference} · ` : '',
                        checkout.paidOrder ? ['paid by ', h('a', { href: orderHash(checkout.paidOrder) }, checkout.paidOrder), ' · '] : '',
                        'extra: ', (checkout.extraPayments || []).map((mchOrderNo, i) =>
                            [i ? ', ' : '', h('a', { href: orderHash(mchOrderNo) }, mchOrderNo)]))),
                h('div', { class: 'actions' }, h('button', { type: 'button', class: 'resolve-checkout',
                    onclick: () => resolveCheckout(checkout) }, 'Mark resolved…'))))),
        section('Unknown orders (over 10 minutes)', 'unknown-orders', 'The sweep keeps asking IOTPay; look if one stays here.',
            queue.unknownOrders.map(order => orderItem(order, h('a', { href: `#/orders/${encodeURIComponent(order.mchOrderNo)}` }, 'Open')))),
        section('Unknown refunds (over 10 minutes)', 'unknown-refunds',
            'UNKNOWN, or PROCESSING but no longer known to IOTPay\'s refund query. The sweep keeps asking; one IOTPay has not'
            + ' known for refunds.settle-watch-hours is FAILED and its amount free again.',
            queue.unknownRefunds.map(refund => h('div', { class: 'queue-item' }, h('div', { class: 'what' }, refund.refundNo, ' ',
                status(refund.status), ' ', money(refund.amount, refund.currency), ' for ',
                h('a', { href: `#/orders/${encodeURIComponent(refund.mchOrderNo)}` }, refund.mchOrderNo))))),
        section('Failed webhooks', 'failed-webhooks', 'Every retry failed; redeliver once the receiver is fixed.',
            queue.failedWebhooks.map(event => h('div', { class: 'queue-item', dataset: { event: event.eventId } },
                h('div', { class: 'what' }, event.type, ' for ', h('a', { href: `#/orders/${encodeURIComponent(event.mchOrderNo)}` }, event.mchOrderNo),
                    h('div', { class: 'muted' }, `${event.attempts} attempt(s)`, event.error ? ` · ${event.error}` : '')),
                h('div', { class: 'actions' }, h('button', { type: 'button', class: 'redeliver',
                    onclick: () => redeliver(event, event.mchOrderNo) }, 'Redeliver webhook…'))))),
        section('Failed deliveries to the application', 'failed-observers',
            'An observer in the application threw on every try; redeliver once it is fixed. Observers that took the event are not called again.',
            (queue.failedObservers || []).map(event => h('div', { class: 'queue-item', dataset: { event: event.eventId } },
                h('div', { class: 'what' }, event.type, ' for ', h('a', { href: `#/orders/${encodeURIComponent(event.mchOrderNo)}` }, event.mchOrderNo),
                    h('div', { class: 'muted' }, `${event.attempts} attempt(s)`, event.error ? ` · ${event.error}` : '')),
                h('div', { class: 'actions' }, h('button', { type: 'button', class: 'redeliver-observers',
                    onclick: () => redeliverToApplication(event, event.mchOrderNo) }, 'Redeliver to the application…'))))));
}

function section(title, id, note, items) {
    return h('section', { id }, h('h2', {}, `${title} (${items.length})`), h('p', { class: 'muted' }, note),
        items.length ? items : h('p', { class: 'muted empty' }, 'Nothing here.'));
}

start();
