// Operators sign in with the merchant's OpenID Connect provider: authorization code flow with
// PKCE (S256), as a public client. The access token lives in this tab's sessionStorage only and is
// sent as a bearer token; no cookie is used, so nothing is sent to the API automatically.

const SESSION = 'iotpay-console.session';
const PENDING = 'iotpay-console.pending-login';

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

export async function signIn(settings) {
    const provider = await discovery(settings.issuer);
    const verifier = random(48);
    const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const state = random(24);
    sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, returnTo: location.hash || '#/overview' }));
    const query = new URLSearchParams({
        response_type: 'code', client_id: settings.clientId, redirect_uri: redirectUri(), scope: settings.scope,
        state, nonce: random(24), code_challenge: challenge, code_challenge_method: 'S256',
    });
    location.assign(`${provider.authorization_endpoint}?${query}`);
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
    const provider = await discovery(settings.issuer);
    const response = await fetch(provider.token_endpoint, {
        method: 'POST', credentials: 'omit',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
            grant_type: 'authorization_code', code: query.get('code'), redirect_uri: redirectUri(),
            client_id: settings.clientId, code_verifier: pending.verifier,
        }),
    });
    if (!response.ok) throw new Error(`Sign-in failed: the identity provider refused the code (HTTP ${response.status}).`);
    const tokens = await response.json();
    const expiresIn = Number(tokens.expires_in) || 300;
    sessionStorage.setItem(SESSION, JSON.stringify({
        accessToken: tokens.access_token, idToken: tokens.id_token || null, expiresAt: Date.now() + expiresIn * 1000,
    }));
    return true;
}

function session() {
    const stored = JSON.parse(sessionStorage.getItem(SESSION) || 'null');
    return stored && stored.expiresAt > Date.now() + 5000 ? stored : null;
}

export function accessToken() {
    return session()?.accessToken || null;
}

/** The signed-in subject as the token names it (for display only: the API verifies the token). */
export function subject() {
    const token = accessToken();
    if (!token) return null;
    try {
        const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
        return payload.preferred_username || payload.sub || null;
    } catch {
        return null;
    }
}

export async function signOut(settings) {
    const idToken = session()?.idToken;
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
