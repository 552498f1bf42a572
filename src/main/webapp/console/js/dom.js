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

/** Minor units as major units with the currency, by string arithmetic: 123456 CAD → "1,234.56 CAD". */
export function money(minor, currency) {
    const digits = BigInt(minor).toString().replace('-', '');
    const sign = BigInt(minor) < 0n ? '-' : '';
    const padded = digits.padStart(3, '0');
    const major = padded.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${sign}${major}.${padded.slice(-2)} ${currency}`;
}

/** "12.34" → 1234n; null when it is not an amount with at most two decimals. */
export function minorUnits(text) {
    const match = /^\s*(\d{1,12})(?:\.(\d{1,2}))?\s*$/.exec(text);
    if (!match) return null;
    return BigInt(match[1]) * 100n + BigInt((match[2] || '0').padEnd(2, '0'));
}

export function when(iso) {
    if (!iso) return '';
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function status(text) {
    return h('span', { class: `status ${text}` }, text);
}
