// The sandbox demo checkout: creates an order through POST /api/orders (the quick start's api.auth=none, so no
// token), follows its nextAction (a QR code to show, or the wallet page to go to) and long-polls its status.
// Everything shown is set as text, never as HTML.
'use strict';

(() => {
    const context = location.pathname.substring(0, location.pathname.lastIndexOf('/sandbox/demo/'));
    const orders = context + '/api/orders';
    const REDIRECT_CHANNELS = new Set(['ALIPAY_WAP', 'ALIPAY_PC', 'UPI_SEQ', 'WX_JSAPI']);
    const WAITING = new Set(['UNKNOWN', 'PENDING']);
    const WAIT_SECONDS = 25;
    const byId = id => document.getElementById(id);
    let following = 0; // bumped by every new order, so that an older long-poll stops

    /** "12.34" → 1234, with string arithmetic only: no floating point ever touches the amount. */
    function minorUnits(text) {
        const amount = text.trim();
        if (!/^[0-9]+(\.[0-9]*)?$/.test(amount)) {
            throw new Error('Type the amount in digits, like 12.34.');
        }
        const [whole, fraction = ''] = amount.split('.');
        if (fraction.length > 2) {
            throw new Error('The amount has at most two decimals, like 12.34.');
        }
        const digits = (whole + fraction.padEnd(2, '0')).replace(/^0+(?=[0-9])/, '');
        if (digits.length > 15) {
            throw new Error('The amount is too large.');
        }
        return Number(digits); // at most 15 digits: an exact integer
    }

    /** 1234 → "12.34" (also with strings only). */
    function majorUnits(minor) {
        const digits = String(minor).padStart(3, '0');
        return digits.slice(0, -2) + '.' + digits.slice(-2);
    }

    /** An http(s) address from the server, or null: nothing else is followed or linked. */
    function webAddress(text) {
        try {
            const url = new URL(text, location.href);
            return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
        } catch (e) {
            return null;
        }
    }

    function showError(text) {
        byId('error').textContent = text;
        byId('error').hidden = false;
    }

    function clearError() {
        byId('error').textContent = '';
        byId('error').hidden = true;
    }

    /** The problem's title and detail (application/problem+json), else the HTTP status. */
    async function problemText(response) {
        try {
            const problem = await response.json();
            const text = [problem.title, problem.detail].filter(part => typeof part === 'string' && part).join(': ');
            return text || 'HTTP ' + response.status;
        } catch (e) {
            return 'HTTP ' + response.status;
        }
    }

    function sleep(seconds) {
        return new Promise(resolve => setTimeout(resolve, seconds * 1000));
    }

    function retryAfter(response) {
        const seconds = parseInt(response.headers.get('Retry-After') || '', 10);
        return Number.isNaN(seconds) ? 1 : Math.min(Math.max(seconds, 1), 60);
    }

    function showOrder(order) {
        byId('order').hidden = false;
        byId('mchOrderNo').textContent = order.mchOrderNo;
        byId('order-channel').textContent = order.channelId;
        byId('order-amount').textContent = majorUnits(order.amount) + ' ' + order.currency;
        byId('status').textContent = order.status;
        const result = byId('result');
        result.className = '';
        if (order.status === 'PAID' || order.status === 'PAID_AFTER_CLOSE') {
            result.textContent = 'Paid';
            result.className = 'paid';
        } else if (WAITING.has(order.status)) {
            result.textContent = 'Waiting for the payment…';
        } else {
            result.textContent = 'The order is ' + order.status + ': it will not be paid.';
        }
        if (!WAITING.has(order.status)) {
            byId('qr-box').hidden = true;
        }
    }

    function showQr(order, next) {
        byId('qr').src = next.image; // a path on this host, with the context root
        const link = byId('wallet-link');
        const wallet = webAddress(next.content);
        if (wallet) {
            link.href = wallet;
            link.textContent = 'Open the wallet page (what a phone shows after scanning)';
        } else {
            link.removeAttribute('href');
            link.textContent = next.content; // a wallet's own scheme (weixin://…): only a phone opens it
        }
        byId('qr-box').hidden = false;
    }

    /** The long-poll: asks again as soon as each answer comes, until the order is no longer waiting. */
    async function follow(order) {
        const mine = ++following;
        let known = order.status;
        while (WAITING.has(known) && mine === following) {
            let response;
            try {
                response = await fetch(orders + '/' + encodeURIComponent(order.mchOrderNo) + '?wait=' + WAIT_SECONDS
                        + '&known=' + encodeURIComponent(known), {headers: {Accept: 'application/json'}});
            } catch (e) {
                showError('The backend cannot be reached; trying again.');
                await sleep(2);
                continue;
            }
            if (response.status === 503) {
                await sleep(retryAfter(response));
                continue;
            }
            if (!response.ok) {
                showError(await problemText(response));
                return;
            }
            const now = await response.json();
            if (mine !== following) {
                return;
            }
            clearError();
            known = now.status;
            showOrder(now);
        }
    }

    async function pay(event) {
        event.preventDefault();
        clearError();
        let amount;
        try {
            amount = minorUnits(byId('amount').value);
        } catch (e) {
            showError(e.message);
            return;
        }
        const channelId = byId('channel').value;
        const request = {channelId, amount, subject: 'Sandbox demo'};
        if (channelId === 'ALIPAY_WAP') {
            request.osType = 'IOS';
        }
        if (REDIRECT_CHANNELS.has(channelId)) {
            // The wallet page sends the browser back here with ?mchOrderNo=…&payOrderId=…&status=…
            request.returnUrl = location.origin + context + '/sandbox/demo/';
        }
        following++;
        byId('order').hidden = true;
        byId('qr-box').hidden = true;
        byId('pay').disabled = true;
        try {
            const response = await fetch(orders, {
                method: 'POST',
                headers: {'Content-Type': 'application/json', Accept: 'application/json'},
                body: JSON.stringify(request)
            });
            if (!response.ok) {
                showError(await problemText(response));
                return;
            }
            const order = await response.json();
            showOrder(order);
            const next = order.nextAction;
            if (next && next.type === 'redirect') {
                const wallet = webAddress(next.url);
                if (wallet) {
                    byId('result').textContent = 'On to the wallet page…';
                    location.assign(wallet);
                    return;
                }
                showError('The order\'s next action is not a web address.');
                return;
            }
            if (next && next.type === 'qr') {
                showQr(order, next);
            }
            follow(order);
        } catch (e) {
            showError('The backend cannot be reached: ' + e.message);
        } finally {
            byId('pay').disabled = false;
        }
    }

    /** Back from the wallet page: the order named in the address, read from the API (the address itself proves nothing). */
    async function resume(mchOrderNo) {
        try {
            const response = await fetch(orders + '/' + encodeURIComponent(mchOrderNo), {headers: {Accept: 'application/json'}});
            if (!response.ok) {
                showError(await problemText(response));
                return;
            }
            const order = await response.json();
            if ([...byId('channel').options].some(option => option.value === order.channelId)) {
                byId('channel').value = order.channelId;
            }
            byId('amount').value = majorUnits(order.amount);
            showOrder(order);
            follow(order);
        } catch (e) {
            showError('The backend cannot be reached: ' + e.message);
        }
    }

    byId('checkout').addEventListener('submit', pay);
    const returned = new URLSearchParams(location.search).get('mchOrderNo');
    if (returned) {
        resume(returned);
    }
})();
