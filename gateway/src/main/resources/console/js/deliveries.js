// The GitHub webhook's delivery log. Event, delivery id and hook id are as the sender claimed
// them (also for rejected deliveries): shown as text, never trusted as markup or links.
// A delivery whose verified body is still kept can be replayed from its row.
import {get, post, query} from './api.js';
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
  const replayed = h('div', {id: 'replay-result'});
  const more = h('button', {type: 'button', className: 'button', hidden: true}, 'Load more');
  view.append(h('div', {className: 'page-head'}, h('h1', {}, 'Webhook deliveries'),
      h('span', {className: 'muted'}, 'GitHub → /api/v1/webhooks/github'),
      h('button', {type: 'button', className: 'button quiet', id: 'deliveries-refresh', onClick: () => load(null)},
          'Refresh')),
  h('form', {className: 'filters', onSubmit: (event) => event.preventDefault()},
      h('label', {className: 'field'}, h('span', {}, 'Outcome'), select)),
  replayed,
  message,
  h('div', {className: 'table-wrap'}, h('table', {className: 'table', id: 'deliveries-table'},
      h('thead', {}, h('tr', {}, ['Received', 'Outcome', 'Event', 'Action', 'Repository', 'Delivery', 'Reason', 'HTTP',
        'Run', 'Replay'].map((title) => h('th', {}, title)))),
      rows)),
  more);

  let cursor = null;
  async function load(after) {
    if (!after) clear(rows);
    clear(message);
    more.hidden = true;
    try {
      const page = await get(`/api/v1/admin/webhooks/github/deliveries${query({outcome, cursor: after, limit: 50})}`);
      for (const delivery of page.items) rows.append(row(delivery, replay));
      if (!rows.children.length) {
        message.append(notice('empty', outcome ? `No ${outcome} deliveries.` : 'No deliveries received yet.'));
      }
      cursor = page.nextCursor;
      more.hidden = !cursor;
    } catch (error) {
      message.append(errorNotice(error));
    }
  }

  async function replay(delivery, rerun, button) {
    button.disabled = true;
    clear(replayed).append(notice('info', `Replaying delivery ${delivery.deliveryId ?? shortId(delivery.id)}…`));
    try {
      const answer = await post(
          `/api/v1/admin/webhooks/github/deliveries/${encodeURIComponent(delivery.id)}/replay`, {rerun});
      clear(replayed).append(replayNotice(answer));
      load(null);
    } catch (error) {
      clear(replayed).append(errorNotice(error));
      button.disabled = false;
    }
  }

  more.addEventListener('click', () => load(cursor));
  load(null);
  return null;
}

function row(delivery, replay) {
  return h('tr', {dataset: {deliveryLogId: delivery.id}},
      h('td', {}, when(delivery.receivedAt)),
      h('td', {}, h('span', {className: `badge outcome-${cssToken(delivery.outcome)}`}, delivery.outcome),
          delivery.replayOf ? h('div', {className: 'muted small'}, `replay by ${delivery.requestedBy ?? '?'}`) : null),
      h('td', {className: 'mono nowrap'}, delivery.event ?? '—'),
      h('td', {}, delivery.action ?? '—'),
      h('td', {className: 'mono'}, delivery.repository ?? '—'),
      h('td', {className: 'mono', title: delivery.deliveryId ?? ''}, delivery.deliveryId ?? '—'),
      h('td', {className: 'reason'}, delivery.reason ?? ''),
      h('td', {className: 'num'}, delivery.httpStatus),
      h('td', {className: 'mono nowrap'}, runLink(delivery.runId)),
      h('td', {className: 'nowrap'}, replayControls(delivery, replay)));
}

/** Only the row of a delivery as it arrived, and only while its body is kept; a replay row says so. */
function replayControls(delivery, replay) {
  if (delivery.replayOf) return h('span', {className: 'muted'}, 'replay');
  if (!delivery.bodyKept) {
    return h('span', {className: 'muted', title: delivery.outcome === 'rejected'
      ? 'A rejected delivery’s body is never kept.' : 'The body is no longer kept (githubWebhook.keepBodiesFor).'},
    'not kept');
  }
  const rerun = h('input', {type: 'checkbox', dataset: {rerun: delivery.id}});
  const button = h('button', {type: 'button', className: 'button small', dataset: {replay: delivery.id},
    title: 'Process this delivery again under the current configuration'}, 'Replay');
  button.addEventListener('click', () => replay(delivery, rerun.checked, button));
  return h('span', {className: 'replay-controls'}, button,
      h('label', {className: 'check', title: 'Start a new run even when this failure already has one'}, rerun, 'rerun'));
}

function replayNotice(answer) {
  const what = {
    started: answer.rerunOf ? 'started a new run, a rerun of ' : 'started run ',
    duplicate: 'found the run this failure already has: ',
    ignored: 'was ignored: ',
  }[answer.outcome] ?? `${answer.outcome}: `;
  return notice(answer.outcome === 'ignored' ? 'warn' : 'ok',
      h('span', {className: `badge outcome-${cssToken(answer.outcome)}`}, answer.outcome), ' ',
      `Replay of delivery ${answer.deliveryId ?? ''} ${what}`,
      answer.rerunOf ? [runLink(answer.rerunOf), ' → new run '] : null,
      answer.runId ? h('a', {href: `#/runs/${encodeURIComponent(answer.runId)}`, className: 'mono',
        dataset: {replayedRun: answer.runId}}, answer.runId) : null,
      answer.outcome === 'ignored' ? answer.reason ?? '' : null);
}

function runLink(runId) {
  return runId ? h('a', {href: `#/runs/${encodeURIComponent(runId)}`, className: 'mono'}, shortId(runId)) : '—';
}
