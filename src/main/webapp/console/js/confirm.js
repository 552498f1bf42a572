// Every action is confirmed in a dialog; it runs once per confirmation, shows what went wrong,
// and reloads the page's data when it succeeded.
import { replace } from './dom.js';

const dialog = document.getElementById('confirm');

export function confirmAction({ title, text, fields = [], confirm = 'Confirm', danger = false, run }) {
    replace(document.getElementById('confirm-title'), title);
    replace(document.getElementById('confirm-text'), text);
    replace(document.getElementById('confirm-fields'), ...fields);
    const error = document.getElementById('confirm-error');
    error.textContent = '';
    const ok = document.getElementById('confirm-ok');
    ok.textContent = confirm;
    ok.className = danger ? 'danger' : '';
    ok.disabled = false;
    const form = dialog.querySelector('form');
    form.onsubmit = async event => {
        event.preventDefault();
        ok.disabled = true;
        error.textContent = '';
        try {
            await run();
            dialog.close();
            window.dispatchEvent(new HashChangeEvent('hashchange'));
        } catch (failure) {
            error.textContent = failure.message;
            ok.disabled = false;
        }
    };
    document.getElementById('confirm-cancel').onclick = () => dialog.close();
    dialog.showModal();
}
