// Every value from the API is attacker-controllable (run inputs, GitHub fields): it only ever
// becomes text nodes or attribute values, never markup. There is no innerHTML in this console.

/** h('td', {className: 'x'}, 'text', child, ...): an element with text and element children. */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') element.className = value;
    else if (name === 'dataset') Object.assign(element.dataset, value);
    else if (name.startsWith('on')) element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'href') element.setAttribute('href', safeHref(value));
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Only the console's own routes are linked; anything else would be a way out of the CSP's reach. */
function safeHref(value) {
  return String(value).startsWith('#/') ? value : '#/';
}

export function clear(element) {
  element.replaceChildren();
  return element;
}

/** The JSON of a payload, indented, as text. */
export function json(value) {
  return h('pre', {className: 'json'}, JSON.stringify(value, null, 2));
}

export function when(instant) {
  if (!instant) return h('span', {className: 'muted'}, '—');
  const date = new Date(instant);
  return h('time', {datetime: instant, title: date.toISOString()}, relative(date));
}

function relative(date) {
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  const future = seconds < 0;
  const s = Math.abs(seconds);
  const text = s < 60 ? `${s}s` : s < 3600 ? `${Math.round(s / 60)}m` : s < 86400 ? `${Math.round(s / 3600)}h`
      : `${Math.round(s / 86400)}d`;
  return future ? `in ${text}` : `${text} ago`;
}

export function statusBadge(status) {
  return h('span', {className: `badge status-${cssToken(status)}`, dataset: {status: String(status)}}, status);
}

/** A class-name-safe token: values never choose arbitrary class names. */
export function cssToken(value) {
  return String(value ?? 'unknown').toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

export function notice(kind, ...text) {
  return h('div', {className: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status'}, ...text);
}

export function shortId(id) {
  return String(id ?? '').slice(0, 8);
}
