// Calls this backend's JSON API with the operator's bearer token (api.auth=jwt). Requests are
// same-origin and carry no cookies; problems (RFC 9457) become ApiError with their title and detail.
import { accessToken } from './auth.js';

const ROOT = location.pathname.replace(/\/console\/.*$/, '');

export class ApiError extends Error {
    constructor(status, problem) {
        super(problem?.detail || problem?.title || `HTTP ${status}`);
        this.status = status;
        this.problem = problem;
    }
}

export async function api(path, { method = 'GET', body, headers = {} } = {}) {
    const sent = { Accept: 'application/json', ...headers };
    const token = accessToken();
    if (token) sent.Authorization = `Bearer ${token}`;
    if (body !== undefined) sent['Content-Type'] = 'application/json';
    const response = await fetch(`${ROOT}/api/${path}`, {
        method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit', cache: 'no-store',
    });
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

export async function consoleSettings() {
    const response = await fetch(`${ROOT}/console/settings`, { credentials: 'omit', cache: 'no-store' });
    return response.json();
}

/** A fresh Idempotency-Key for one confirmed action; a retry of that action reuses it. */
export function newKey() {
    return crypto.randomUUID();
}
