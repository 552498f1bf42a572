// Calls this backend's JSON API with the operator's bearer token (api.auth=jwt). Requests are
// same-origin and carry no cookies; problems (RFC 9457) become ApiError with their title and detail.
//
// A call made when the session's token has expired, or answered 401 because the API no longer
// accepts it, waits for the session to be resumed (a renewed token, or the operator signing in
// again) and is then sent again exactly as before: the same body and headers, so an action keeps
// its Idempotency-Key and cannot happen twice.
import { accessToken, expire, signedIn } from './auth.js';

const ROOT = location.pathname.replace(/\/console\/.*$/, '');

/** Resumes an ended session; resolves true once there is a valid token again. Set by the app. */
let resume = async () => false;

export function onSessionEnded(handler) {
    resume = handler;
}

export class ApiError extends Error {
    constructor(status, problem) {
        super(problem?.detail || problem?.title || `HTTP ${status}`);
        this.status = status;
        this.problem = problem;
    }
}

function sessionEnded() {
    return new ApiError(401, { title: 'Session ended', detail: 'Your session has ended: sign in again to continue.' });
}

export async function api(path, { method = 'GET', body, headers = {} } = {}) {
    let resumed = false;
    for (;;) {
        if (signedIn() && !accessToken()) {
            if (resumed || !(await resume())) throw sessionEnded();
            resumed = true;
        }
        const sent = { Accept: 'application/json', ...headers };
        const token = accessToken();
        if (token) sent.Authorization = `Bearer ${token}`;
        if (body !== undefined) sent['Content-Type'] = 'application/json';
        const response = await fetch(`${ROOT}/api/${path}`, {
            method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body),
            credentials: 'omit', cache: 'no-store',
        });
        if (response.status === 401 && token && !resumed) {
            expire(); // the API says the token is over, whatever our clock says
            continue;
        }
        const text = await response.text();
        let json = null;
        try {
            json = text ? JSON.parse(text) : null;
        } catch {
            json = null;
        }
        if (!response.ok) throw new ApiError(response.status, json);
        return json;
    }
}

/** An image the API serves under the same access rules as the order (a QR code), as a data: URL for <img>. */
export async function apiImage(path) {
    const token = accessToken();
    const response = await fetch(`${ROOT}/api/${path}`, {
        headers: token ? { Authorization: `Bearer ${token}` } : {}, credentials: 'omit', cache: 'no-store',
    });
    if (!response.ok) return null;
    const blob = await response.blob();
    return new Promise(resolve => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result));
        reader.onerror = () => resolve(null);
        reader.readAsDataURL(blob);
    });
}

export async function consoleSettings() {
    const response = await fetch(`${ROOT}/console/settings`, { credentials: 'omit', cache: 'no-store' });
    // The sandbox build marks every answer; the production WAR never does.
    return { ...await response.json(), sandbox: response.headers.get('Sandbox') === 'true' };
}

/** A fresh Idempotency-Key for one confirmed action; a retry of that action reuses it. */
export function newKey() {
    return crypto.randomUUID();
}
