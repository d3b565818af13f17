// The public API with the operator's key as a Bearer token. The key lives in sessionStorage only:
// never a cookie (no ambient authority for other sites) and never a URL (no logs, no Referer).

const STORAGE_KEY = 'graphlaunch.console.apiKey';

export function apiKey() {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function signIn(key) {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function signOut() {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** A failed call, with the problem+json the gateway answered (or a stand-in when it did not). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function request(method, path, {body, headers = {}} = {}) {
  const init = {method, headers: {'Accept': 'application/json', ...authorization(), ...headers}};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (networkError) {
    throw new ApiError(0, {title: 'Gateway unreachable', detail: 'The gateway did not answer. Is it running?'});
  }
  const text = await response.text();
  const data = text ? parseJson(text) : null;
  if (!response.ok) {
    throw new ApiError(response.status, data && typeof data === 'object' ? data : {title: `HTTP ${response.status}`});
  }
  return data;
}

export const get = (path) => request('GET', path);
export const post = (path, body, headers) => request('POST', path, {body, headers});

export function authorization() {
  const key = apiKey();
  return key ? {'Authorization': `Bearer ${key}`} : {};
}

/** A query string from the non-empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, value);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch (notJson) {
    return {title: 'Unexpected answer', detail: text.slice(0, 200)};
  }
}
