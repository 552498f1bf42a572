// Operators sign in with the merchant's OpenID Connect provider: authorization code flow with
// PKCE (S256), as a public client. The tokens live in this tab's sessionStorage only and the access
// token is sent as a bearer token; no cookie is used, so nothing is sent to the API automatically.
//
// The session outlives its access token: when the provider gave a refresh token, a new access
// token is fetched with it before the old one expires (renew). Otherwise, or when that fails, the
// operator is warned a minute before it ends, and signs in again in a small window (reauthorize)
// while the page, and any dialog on it, stays as it is.

const SESSION = 'iotpay-console.session';
const PENDING = 'iotpay-console.pending-login';
/** A sign-in started in a pop-up window has a state beginning with this; that window hands the answer back. */
const POPUP_STATE = 'popup.';
const MESSAGE = 'iotpay-console.sign-in';
/** An access token this close to its expiry is not sent any more. */
const MARGIN_MS = 2000;

function redirectUri() {
    return new URL('./', location.href.split('#')[0].split('?')[0]).href;
}

function random(bytes) {
    const buffer = new Uint8Array(bytes);
    crypto.getRandomValues(buffer);
    return base64url(buffer);
}

function base64url(bytes) {
    let text = '';
    for (const byte of new Uint8Array(bytes)) text += String.fromCharCode(byte);
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function discovery(issuer) {
    const response = await fetch(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration', { credentials: 'omit' });
    if (!response.ok) throw new Error(`The identity provider's discovery document could not be read (HTTP ${response.status}).`);
    return response.json();
}

async function authorizationUrl(settings, state, verifier) {
    const provider = await discovery(settings.issuer);
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const query = new URLSearchParams({
        response_type: 'code', client_id: settings.clientId, redirect_uri: redirectUri(), scope: settings.scope,
        state, nonce: random(24), code_challenge: challenge, code_challenge_method: 'S256',
    });
    return `${provider.authorization_endpoint}?${query}`;
}

/** Signs in by leaving the page for the provider; it sends the browser back to the page it was on. */
export async function signIn(settings) {
    const verifier = random(48);
    const state = random(24);
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo: location.hash || '#/overview' }));
    location.assign(await authorizationUrl(settings, state, verifier));
}

async function tokenRequest(settings, parameters) {
    const provider = await discovery(settings.issuer);
    const response = await fetch(provider.token_endpoint, {
        method: 'POST', credentials: 'omit',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: settings.clientId, ...parameters }),
    });
    if (!response.ok) throw Object.assign(new Error(`The identity provider refused (HTTP ${response.status}).`), { refused: true });
    return response.json();
}

/** Keeps what the provider answered; the access token's own expiry counts when it is earlier than expires_in says. */
function store(tokens, before) {
    const now = Date.now();
    let expiresAt = now + (Number(tokens.expires_in) || 300) * 1000;
    const exp = claims(tokens.access_token)?.exp;
    if (typeof exp === 'number') expiresAt = Math.min(expiresAt, exp * 1000);
    sessionStorage.setItem(SESSION, JSON.stringify({
        accessToken: tokens.access_token,
        idToken: tokens.id_token || before?.idToken || null,
        refreshToken: tokens.refresh_token || before?.refreshToken || null,
        issuedAt: now, expiresAt,
    }));
    window.dispatchEvent(new Event('iotpay-console.session'));
}

/** After the provider sent the browser back with ?code=…&state=…: trades the code for tokens. */
export async function completeSignIn(settings) {
    const query = new URLSearchParams(location.search);
    if (!query.has('code') && !query.has('error')) return false;
    const pending = JSON.parse(sessionStorage.getItem(PENDING) || 'null');
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', location.pathname + (pending?.returnTo || '#/overview'));
    if (query.has('error')) throw new Error(`Sign-in failed: ${query.get('error')} ${query.get('error_description') || ''}`);
    if (!pending || pending.state !== query.get('state')) throw new Error('Sign-in failed: the answer does not match this sign-in. Please try again.');
    let tokens;
    try {
        tokens = await tokenRequest(settings, {
            grant_type: 'authorization_code', code: query.get('code'), redirect_uri: redirectUri(), code_verifier: pending.verifier,
        });
    } catch (error) {
        throw new Error(`Sign-in failed: ${error.message}`);
    }
    store(tokens, null);
    return true;
}

/**
 * In the pop-up window a re-authorization runs in: hands the provider's answer to the window that
 * opened it and closes. True when this is that window (the page must do nothing else).
 */
export function handBackPopupSignIn() {
    const query = new URLSearchParams(location.search);
    if (!(query.get('state') || '').startsWith(POPUP_STATE) || !window.opener || window.opener === window) return false;
    try {
        window.opener.postMessage({ type: MESSAGE, query: location.search }, location.origin);
    } finally {
        window.close();
    }
    return true;
}

let reauthorizing = null;

/**
 * Signs in again in a small window, keeping this page as it is; resolves true once a new access
 * token is stored, false when the window was closed first. Must be called from a click (browsers
 * only open windows then). Where no window can be opened, signs in by leaving the page instead.
 */
export function reauthorize(settings) {
    if (reauthorizing) {
        reauthorizing.popup?.focus();
        return reauthorizing.done;
    }
    const popup = window.open('', 'iotpay-console-sign-in', 'popup,width=520,height=680');
    if (!popup) {
        signIn(settings);
        return new Promise(() => { }); // the page is left
    }
    const verifier = random(48);
    const state = POPUP_STATE + random(24);
    const attempt = { popup, answered: false };
    attempt.done = new Promise(resolve => {
        let watch = null;
        const finish = result => {
            window.removeEventListener('message', onMessage);
            clearInterval(watch);
            reauthorizing = null;
            resolve(result);
        };
        const onMessage = async event => {
            if (event.origin !== location.origin || event.source !== popup || event.data?.type !== MESSAGE) return;
            const query = new URLSearchParams(event.data.query);
            if (query.get('state') !== state || !query.has('code')) return finish(false);
            attempt.answered = true;
            try {
                store(await tokenRequest(settings, {
                    grant_type: 'authorization_code', code: query.get('code'), redirect_uri: redirectUri(), code_verifier: verifier,
                }), stored());
                finish(true);
            } catch {
                finish(false);
            }
        };
        window.addEventListener('message', onMessage);
        // A window closed without an answer ends the attempt (checked after the answer had time to arrive).
        watch = setInterval(() => {
            if (popup.closed) setTimeout(() => reauthorizing === attempt && !attempt.answered && finish(false), 1000);
        }, 500);
        authorizationUrl(settings, state, verifier)
            .then(url => popup.location.assign(url))
            .catch(() => {
                popup.close();
                finish(false);
            });
    });
    reauthorizing = attempt;
    return attempt.done;
}

let renewing = null;

/** Fetches a new access token with the refresh token, without the operator; false when there is none or it fails. */
export function renew(settings) {
    const session = stored();
    if (!session?.refreshToken) return Promise.resolve(false);
    if (!renewing) {
        renewing = tokenRequest(settings, { grant_type: 'refresh_token', refresh_token: session.refreshToken })
            .then(tokens => {
                store(tokens, session);
                return true;
            })
            .catch(error => {
                if (error.refused) forgetRefreshToken(); // refused or expired: it will not work next time either
                return false;
            })
            .finally(() => {
                renewing = null;
            });
    }
    return renewing;
}

function stored() {
    return JSON.parse(sessionStorage.getItem(SESSION) || 'null');
}

function forgetRefreshToken() {
    const session = stored();
    if (session) sessionStorage.setItem(SESSION, JSON.stringify({ ...session, refreshToken: null }));
}

/** True once someone signed in in this tab and has not signed out, whether or not the token is still valid. */
export function signedIn() {
    return stored() !== null;
}

/** The access token, while it is valid; null when signed out or expired. */
export function accessToken() {
    const session = stored();
    return session && session.expiresAt > Date.now() + MARGIN_MS ? session.accessToken : null;
}

/** The API refused the token (its clock or the provider's may differ from ours): it counts as expired. */
export function expire() {
    const session = stored();
    if (session) sessionStorage.setItem(SESSION, JSON.stringify({ ...session, expiresAt: 0 }));
}

/** When the session's timers should fire: renew (or warn) ahead of the expiry, and when it ends. */
export function schedule() {
    const session = stored();
    if (!session) return null;
    const lifetime = Math.max(0, session.expiresAt - (session.issuedAt || session.expiresAt));
    const lead = Math.min(60_000, lifetime / 2);
    return {
        renewAt: session.expiresAt - lead, warnAt: session.expiresAt - 60_000, endsAt: session.expiresAt - MARGIN_MS,
        renewable: Boolean(session.refreshToken),
    };
}

function claims(token) {
    try {
        return JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    } catch {
        return null;
    }
}

/** The signed-in subject as the token names it (for display only: the API verifies the token). */
export function subject() {
    const payload = claims(stored()?.accessToken || '');
    return payload?.preferred_username || payload?.sub || null;
}

export async function signOut(settings) {
    const idToken = stored()?.idToken;
    sessionStorage.removeItem(SESSION);
    let target = redirectUri();
    try {
        const provider = await discovery(settings.issuer);
        if (provider.end_session_endpoint) {
            const query = new URLSearchParams({ post_logout_redirect_uri: redirectUri(), client_id: settings.clientId });
            if (idToken) query.set('id_token_hint', idToken);
            target = `${provider.end_session_endpoint}?${query}`;
        }
    } catch {
        // Signed out here in any case; the provider's session ends when it expires.
    }
    location.assign(target);
}
