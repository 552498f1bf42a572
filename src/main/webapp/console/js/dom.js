// Builds the page from data without ever parsing text as HTML: every string becomes a text node,
// so what IOTPay or a caller sent (a notification's param1, a note) is shown, never run.

export function h(tag, attributes = {}, ...children) {
    const element = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
        if (value === null || value === undefined || value === false) continue;
        if (name.startsWith('on') && typeof value === 'function') {
            element.addEventListener(name.slice(2), value);
        } else if (name === 'dataset') {
            Object.assign(element.dataset, value);
        } else {
            element.setAttribute(name, value === true ? '' : String(value));
        }
    }
    append(element, children);
    return element;
}

function append(element, children) {
    for (const child of children.flat(Infinity)) {
        if (child === null || child === undefined || child === false) continue;
        element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
}

export function replace(element, ...children) {
    element.replaceChildren();
    append(element, children);
}

/**
 * The currency's minor-unit digits (ISO 4217, as the server's MinorUnits reads them from
 * java.util.Currency): CAD 2, JPY 0, KWD 3; 2 for a code the browser does not know.
 */
export function fractionDigits(currency) {
    try {
        return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
    } catch {
        return 2;
    }
}

/** Minor units as major units, by string arithmetic, without grouping: 123456 CAD → "1234.56", 500 JPY → "500". */
export function majorUnits(minor, currency) {
    const digits = fractionDigits(currency);
    const value = BigInt(minor);
    const padded = (value < 0n ? -value : value).toString().padStart(digits + 1, '0');
    const whole = padded.slice(0, padded.length - digits);
    return `${value < 0n ? '-' : ''}${whole}${digits ? '.' + padded.slice(padded.length - digits) : ''}`;
}

/** Minor units as major units with the currency: 123456 CAD → "1,234.56 CAD", 500 JPY → "500 JPY". */
export function money(minor, currency) {
    const [whole, fraction] = majorUnits(minor, currency).split('.');
    const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${grouped}${fraction === undefined ? '' : '.' + fraction} ${currency}`;
}

/** "12.34" CAD → 1234n, "500" JPY → 500n; null when it is not an amount with at most the currency's decimals. */
export function minorUnits(text, currency) {
    const digits = fractionDigits(currency);
    const match = /^\s*(\d{1,12})(?:\.(\d+))?\s*$/.exec(text);
    if (!match || (match[2] || '').length > digits) return null;
    return BigInt(match[1]) * 10n ** BigInt(digits) + BigInt((match[2] || '').padEnd(digits, '0') || '0');
}

export function when(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function status(text) {
    return h('span', { class: `status ${text}` }, text);
}
