// The console's shell: sign-in, navigation and a hash router (#/runs, #/runs/ID, #/deliveries,
// #/schedules). Hash routes keep every page one static file and keep state out of the server's logs.
import {apiKey, signIn, signOut, get, ApiError} from './api.js';
import {h, clear, notice} from './dom.js';
import {runsPage, runPage} from './runs.js';
import {deliveriesPage} from './deliveries.js';
import {schedulesPage} from './schedules.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
let leave = null;

document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  location.hash = '#/';
  route();
});
window.addEventListener('hashchange', route);
route();

function route() {
  if (leave) leave();
  leave = null;
  if (!apiKey()) {
    nav.hidden = true;
    return signInPage();
  }
  nav.hidden = false;
  const [path, search] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search || '');
  const parts = path.split('/').filter(Boolean);
  const section = parts[0] || 'runs';
  for (const link of nav.querySelectorAll('a')) {
    link.classList.toggle('active', link.dataset.section === section);
  }
  const view = clear(main);
  if (section === 'runs' && parts[1]) leave = runPage(view, decodeURIComponent(parts[1]));
  else if (section === 'deliveries') leave = deliveriesPage(view, params);
  else if (section === 'schedules') leave = schedulesPage(view);
  else leave = runsPage(view, params);
}

function signInPage(message) {
  const input = h('input', {id: 'api-key', type: 'password', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'glg_…', required: true});
  const status = h('div', {id: 'sign-in-status'}, message ? notice('error', message) : null);
  const form = h('form', {className: 'card sign-in', onSubmit: (e) => submit(e, input, status)},
      h('h1', {}, 'Sign in'),
      h('p', {className: 'muted'}, 'Paste an API key. It stays in this browser tab only (session storage) and is sent as a Bearer token to this gateway’s API.'),
      h('label', {for: 'api-key'}, 'API key'),
      input,
      h('button', {type: 'submit', className: 'button primary', id: 'sign-in'}, 'Sign in'),
      status);
  clear(main).append(form);
  input.focus();
}

async function submit(event, input, status) {
  event.preventDefault();
  const key = input.value.trim();
  if (!key) return;
  signIn(key);
  clear(status).append(notice('info', 'Checking the key…'));
  try {
    await get('/api/v1/runs?limit=1');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      signOut();
      clear(status).append(notice('error', 'That API key was not accepted. Check that it is complete and not revoked.'));
      return;
    }
    if (!(error instanceof ApiError && error.status === 403)) {
      signOut();
      clear(status).append(notice('error', error.message));
      return;
    }
    // A key without runs:read may still be an admin key for deliveries and schedules.
  }
  input.value = '';
  if (!location.hash || location.hash === '#/') location.hash = '#/runs';
  route();
}
