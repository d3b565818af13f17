// The GitHub webhook's delivery log. Event, delivery id and hook id are as the sender claimed
// them (also for rejected deliveries): shown as text, never trusted as markup or links.
import {get, query} from './api.js';
import {h, clear, when, notice, shortId, cssToken} from './dom.js';
import {errorNotice} from './runs.js';

const OUTCOMES = ['started', 'joined', 'duplicate', 'ignored', 'rejected'];

export function deliveriesPage(view, params) {
  const outcome = params.get('outcome') || '';
  const select = h('select', {id: 'filter-outcome', name: 'outcome'},
      h('option', {value: ''}, 'any'), OUTCOMES.map((value) => h('option', {value}, value)));
  select.value = outcome;
  select.addEventListener('change', () => {
    location.hash = `#/deliveries${query({outcome: select.value})}`;
  });
  const rows = h('tbody', {id: 'deliveries-rows'});
  const message = h('div', {id: 'deliveries-message'});
  const more = h('button', {type: 'button', className: 'button', hidden: true}, 'Load more');
  view.append(h('div', {className: 'page-head'}, h('h1', {}, 'Webhook deliveries'),
      h('span', {className: 'muted'}, 'GitHub → /api/v1/webhooks/github')),
  h('form', {className: 'filters', onSubmit: (event) => event.preventDefault()},
      h('label', {className: 'field'}, h('span', {}, 'Outcome'), select)),
  message,
  h('div', {className: 'table-wrap'}, h('table', {className: 'table', id: 'deliveries-table'},
      h('thead', {}, h('tr', {}, ['Received', 'Outcome', 'Event', 'Action', 'Repository', 'Delivery', 'Reason', 'HTTP', 'Run']
          .map((title) => h('th', {}, title)))),
      rows)),
  more);

  let cursor = null;
  async function load(after) {
    clear(message);
    more.hidden = true;
    try {
      const page = await get(`/api/v1/admin/webhooks/github/deliveries${query({outcome, cursor: after, limit: 50})}`);
      for (const delivery of page.items) rows.append(row(delivery));
      if (!rows.children.length) {
        message.append(notice('empty', outcome ? `No ${outcome} deliveries.` : 'No deliveries received yet.'));
      }
      cursor = page.nextCursor;
      more.hidden = !cursor;
    } catch (error) {
      message.append(errorNotice(error));
    }
  }
  more.addEventListener('click', () => load(cursor));
  load(null);
  return null;
}

function row(delivery) {
  return h('tr', {},
      h('td', {}, when(delivery.receivedAt)),
      h('td', {}, h('span', {className: `badge outcome-${cssToken(delivery.outcome)}`}, delivery.outcome)),
      h('td', {className: 'mono nowrap'}, delivery.event ?? '—'),
      h('td', {}, delivery.action ?? '—'),
      h('td', {className: 'mono'}, delivery.repository ?? '—'),
      h('td', {className: 'mono', title: delivery.deliveryId ?? ''}, delivery.deliveryId ?? '—'),
      h('td', {className: 'reason'}, delivery.reason ?? ''),
      h('td', {className: 'num'}, delivery.httpStatus),
      h('td', {className: 'mono'}, delivery.runId
        ? h('a', {href: `#/runs/${encodeURIComponent(delivery.runId)}`}, shortId(delivery.runId)) : '—'));
}
