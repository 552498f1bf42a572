// Every action is confirmed in a dialog; it runs once per confirmation, shows what went wrong,
// and reloads the page's data when it succeeded.
import { replace } from './dom.js';

const dialog = document.getElementById('confirm');

/**
 * Opens the dialog. {@code run} throws to keep the dialog open with its message (the operator may
 * retry or cancel); when it returns, the dialog closes and the page is shown again: the page at the
 * #fragment it returned, or else the current one. While {@code run} runs, the dialog cannot be
 * cancelled, so its answer is always seen. {@code onCancel} is called when the dialog is closed
 * without {@code run} having returned.
 */
export function confirmAction({ title, text, fields = [], confirm = 'Confirm', danger = false, run, onCancel }) {
    replace(document.getElementById('confirm-title'), title);
    replace(document.getElementById('confirm-text'), text);
    replace(document.getElementById('confirm-fields'), ...fields);
    replace(document.getElementById('confirm-session'));
    const error = document.getElementById('confirm-error');
    error.textContent = '';
    const ok = document.getElementById('confirm-ok');
    ok.textContent = confirm;
    ok.className = danger ? 'danger' : '';
    ok.disabled = false;
    const cancel = document.getElementById('confirm-cancel');
    cancel.disabled = false;
    let running = false;
    let finished = false;
    const form = dialog.querySelector('form');
    form.onsubmit = async event => {
        event.preventDefault();
        if (running) return;
        running = true;
        ok.disabled = true;
        cancel.disabled = true;
        error.textContent = '';
        try {
            const next = await run();
            finished = true;
            dialog.close();
            showPage(next);
        } catch (failure) {
            error.textContent = failure.message;
            ok.disabled = false;
            if (!dialog.open && onCancel) onCancel(); // closed while it ran (the browser may insist on Escape)
        } finally {
            running = false;
            cancel.disabled = false;
        }
    };
    cancel.onclick = () => dialog.close();
    dialog.oncancel = event => {
        if (running) event.preventDefault();
    };
    dialog.onclose = () => {
        if (!finished && !running && onCancel) onCancel();
    };
    dialog.showModal();
}

/** Shows the page at {@code hash} (an order's page, say), or the current page again. */
export function showPage(hash) {
    if (hash && location.hash !== hash) {
        location.hash = hash; // hashchange routes to it
    } else {
        window.dispatchEvent(new HashChangeEvent('hashchange'));
    }
}
