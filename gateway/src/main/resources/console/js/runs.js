// Runs: the filtered, paged list, and one run's detail with its live event stream and controls.
import {get, post, query, ApiError} from './api.js';
import {h, clear, json, when, statusBadge, notice, shortId} from './dom.js';
import {followRun} from './stream.js';

const STATUSES = ['accepted', 'queued', 'running', 'succeeded', 'failed', 'cancelled', 'skipped'];
const RUN_KINDS = ['user_immediate', 'system_scheduled', 'system_webhook'];
const SOURCES = ['api', 'temporal_schedule', 'webhook:github', 'catch_up:github'];
const FINAL = new Set(['succeeded', 'failed', 'cancelled', 'skipped']);

export function runsPage(view, params) {
  const filters = {
    status: params.get('status') || '',
    runKind: params.get('runKind') || '',
    triggerSource: params.get('triggerSource') || '',
    graphId: params.get('graphId') || '',
  };
  const rows = h('tbody', {id: 'runs-rows'});
  const table = h('table', {className: 'table', id: 'runs-table'},
      h('thead', {}, h('tr', {}, ['Status', 'Run', 'Graph', 'Kind · source', 'Requested by', 'Created', 'Attempt']
          .map((title) => h('th', {}, title)))),
      rows);
  const message = h('div', {id: 'runs-message'});
  const more = h('button', {type: 'button', className: 'button', id: 'runs-more', hidden: true}, 'Load more');
  const form = filterForm(filters);
  view.append(h('div', {className: 'page-head'}, h('h1', {}, 'Runs'),
      h('button', {type: 'button', className: 'button quiet', id: 'runs-refresh', onClick: () => load(null)}, 'Refresh')),
      form, message, h('div', {className: 'table-wrap'}, table), more);

  let cursor = null;
  async function load(after) {
    if (!after) clear(rows);
    clear(message);
    more.hidden = true;
    try {
      const page = await get(`/api/v1/runs${query({...filters, cursor: after, limit: 50})}`);
      for (const run of page.items) rows.append(runRow(run));
      if (!rows.children.length) {
        message.append(notice('empty', hasFilters(filters) ? 'No runs match these filters.'
            : 'No runs yet. Start one with POST /api/v1/ai/chat and it shows up here.'));
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

function filterForm(filters) {
  const field = (name, label, control) => h('label', {className: 'field'}, h('span', {}, label), control);
  const select = (name, options) => {
    const element = h('select', {name, id: `filter-${name}`},
        h('option', {value: ''}, 'any'), options.map((option) => h('option', {value: option}, option)));
    element.value = filters[name];
    return element;
  };
  const graph = h('input', {name: 'graphId', id: 'filter-graphId', placeholder: 'e.g. builtin:echo'});
  graph.value = filters.graphId;
  const form = h('form', {className: 'filters', onSubmit: (event) => {
    event.preventDefault();
    const data = new FormData(form);
    location.hash = `#/runs${query(Object.fromEntries(data.entries()))}`;
  }},
  field('status', 'Status', select('status', STATUSES)),
  field('runKind', 'Run kind', select('runKind', RUN_KINDS)),
  field('triggerSource', 'Trigger source', select('triggerSource', SOURCES)),
  field('graphId', 'Graph', graph),
  h('button', {type: 'submit', className: 'button primary'}, 'Apply'));
  return form;
}

function runRow(run) {
  return h('tr', {dataset: {runId: run.runId}},
      h('td', {}, statusBadge(run.status)),
      h('td', {className: 'mono'}, h('a', {href: `#/runs/${encodeURIComponent(run.runId)}`, title: run.runId},
          shortId(run.runId))),
      h('td', {className: 'mono'}, run.graphId),
      h('td', {}, run.runKind, h('span', {className: 'muted'}, ' · '), run.triggerSource),
      h('td', {}, run.requestedBy),
      h('td', {}, when(run.createdAt)),
      h('td', {className: 'num'}, run.attempt));
}

export function runPage(view, runId) {
  const controller = new AbortController();
  const head = h('div', {className: 'page-head'});
  const actions = h('div', {className: 'actions'});
  const message = h('div', {id: 'run-message'});
  const summary = h('div', {className: 'grid'});
  const events = h('ol', {className: 'events', id: 'run-events'});
  const streamState = h('span', {className: 'muted', id: 'stream-state'}, 'connecting…');
  const attempts = h('div', {id: 'run-attempts'});
  view.append(h('p', {}, h('a', {href: '#/runs'}, '← All runs')), head, actions, message, summary,
      h('section', {className: 'card'}, h('h2', {}, 'Attempts'), attempts),
      h('section', {className: 'card'}, h('h2', {}, 'Events ', streamState), events));

  let run = null;
  let cancelRequested = false;
  async function refresh() {
    try {
      run = await get(`/api/v1/runs/${encodeURIComponent(runId)}`);
      render();
    } catch (error) {
      clear(message).append(errorNotice(error));
    }
    loadAttempts();
  }

  async function loadAttempts() {
    try {
      const page = await get(`/api/v1/runs/${encodeURIComponent(runId)}/attempts`);
      clear(attempts).append(attemptsTable(page.items));
    } catch (error) {
      clear(attempts).append(errorNotice(error));
    }
  }

  function render() {
    clear(head).append(h('h1', {}, 'Run ', h('span', {className: 'mono'}, run.runId)),
        h('span', {id: 'run-status'}, statusBadge(run.status)));
    clear(actions).append(
        h('button', {type: 'button', className: 'button danger', id: 'cancel-run', disabled: FINAL.has(run.status),
          onClick: askCancel}, 'Cancel run'),
        h('button', {type: 'button', className: 'button', id: 'rerun-run', onClick: () => rerun(null)}, 'Rerun'),
        h('button', {type: 'button', className: 'button quiet', id: 'rerun-with-input', onClick: showInputEditor},
            'Rerun with new input…'));
    clear(summary).append(provenance(run), outcome(run));
  }

  function askCancel() {
    clear(message).append(notice('warn', 'Cancel this run? Its workflow is asked to stop; this cannot be undone. ',
        h('button', {type: 'button', className: 'button danger', id: 'confirm-cancel', onClick: cancel}, 'Yes, cancel it'),
        ' ',
        h('button', {type: 'button', className: 'button quiet', onClick: () => clear(message)}, 'Keep it running')));
  }

  async function cancel() {
    clear(message).append(notice('info', 'Cancelling…'));
    try {
      const answer = await post(`/api/v1/runs/${encodeURIComponent(runId)}/cancel`);
      cancelRequested = true;
      const who = answer.cancelRequest ? ` (requested by ${answer.cancelRequest.requestedBy})` : '';
      clear(message).append(notice('ok', FINAL.has(answer.status) ? `Cancelled${who}.`
          : `Cancellation requested${who}; the run ends as soon as its workflow stops.`));
      run = answer;
      render();
    } catch (error) {
      clear(message).append(errorNotice(error));
    }
  }

  async function rerun(input) {
    try {
      const accepted = await post(`/api/v1/runs/${encodeURIComponent(runId)}/rerun`, input ? {input} : {});
      location.hash = `#/runs/${encodeURIComponent(accepted.runId)}`;
    } catch (error) {
      clear(message).append(errorNotice(error));
    }
  }

  function showInputEditor() {
    const area = h('textarea', {id: 'rerun-input', rows: 8, spellcheck: 'false'});
    area.value = JSON.stringify(run.input ?? {}, null, 2);
    const problem = h('div');
    clear(message).append(h('div', {className: 'card'},
        h('h2', {}, 'Rerun with this input'), area, problem,
        h('button', {type: 'button', className: 'button primary', id: 'rerun-submit', onClick: () => {
          let input;
          try {
            input = JSON.parse(area.value);
          } catch (notJson) {
            clear(problem).append(notice('error', 'That is not valid JSON.'));
            return;
          }
          rerun(input);
        }}, 'Start rerun')));
  }

  async function stream() {
    try {
      await followRun(runId, {signal: controller.signal, onEvent: (event) => {
        events.append(eventItem(event));
        if (event.event === 'error') loadAttempts();
        if (event.event === 'status' && event.data && event.data.status && run) {
          loadAttempts();
          run = {...run, status: event.data.status};
          if (cancelRequested && event.data.status === 'cancelled') {
            clear(message).append(notice('ok', `Cancelled (${event.data.message ?? 'by request'}).`));
          }
          clear(head.querySelector('#run-status') || head).append(statusBadge(event.data.status));
        }
      }});
      streamState.textContent = 'stream ended';
      if (!events.children.length) events.append(h('li', {className: 'muted'}, 'No events recorded.'));
      refresh();
    } catch (error) {
      if (!controller.signal.aborted) streamState.textContent = `stream stopped: ${error.message}`;
    }
  }

  refresh().then(() => {
    streamState.textContent = 'live';
    stream();
  });
  return () => controller.abort();
}

/** One row per execution attempt: a retried run shows why each attempt before the last failed. */
function attemptsTable(items) {
  if (!items.length) return h('p', {className: 'muted'}, 'No attempt has begun yet.');
  return h('div', {className: 'table-wrap'}, h('table', {className: 'table', id: 'attempts-table'},
      h('thead', {}, h('tr', {}, ['#', 'Status', 'Started', 'Took', 'Error', 'Usage'].map((title) => h('th', {}, title)))),
      h('tbody', {}, items.map((attempt) => h('tr', {dataset: {attempt: String(attempt.attempt)}},
          h('td', {className: 'num'}, attempt.attempt),
          h('td', {}, statusBadge(attempt.status)),
          h('td', {}, when(attempt.startedAt)),
          h('td', {className: 'num nowrap'}, took(attempt)),
          h('td', {className: 'reason'}, attempt.error
            ? [h('span', {className: 'error-code mono'}, attempt.error.code ?? ''), ' ', attempt.error.message ?? '',
              attempt.retryable ? h('span', {className: 'muted'}, ' · retried') : null]
            : '—'),
          h('td', {className: 'nowrap'}, usage(attempt.usage)))))));
}

function took(attempt) {
  if (!attempt.finishedAt) return h('span', {className: 'muted'}, 'running');
  const ms = new Date(attempt.finishedAt) - new Date(attempt.startedAt);
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function usage(value) {
  if (!value) return h('span', {className: 'muted'}, '—');
  return [`${value.tokensIn} in · ${value.tokensOut} out`, h('span', {className: 'muted'}, ` · cost ${value.cost}`),
    value.fencedReceipts ? h('span', {className: 'muted'}, ` · ${value.fencedReceipts} fenced`) : null];
}

function provenance(run) {
  const rows = [
    ['Graph', run.graphId], ['Run kind', run.runKind], ['Trigger source', run.triggerSource],
    ['Trigger ref', run.triggerRef], ['Requested by', run.requestedBy], ['Workflow id', run.workflowId],
    ['Attempts', run.attempt], ['Created', when(run.createdAt)], ['Started', when(run.startedAt)],
    ['Finished', when(run.finishedAt)],
  ];
  const rerunOf = run.rerunOf
    ? h('a', {href: `#/runs/${encodeURIComponent(run.rerunOf)}`, className: 'mono'}, run.rerunOf) : null;
  return h('section', {className: 'card', id: 'run-provenance'}, h('h2', {}, 'Provenance'),
      h('dl', {className: 'facts'}, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value ?? '—')]),
          rerunOf ? [h('dt', {}, 'Rerun of'), h('dd', {}, rerunOf)] : null),
      h('h3', {}, 'Input'), json(run.input));
}

function outcome(run) {
  if (run.error) {
    return h('section', {className: 'card', id: 'run-outcome'}, h('h2', {}, 'Error'),
        h('p', {className: 'error-code mono'}, run.error.code), h('p', {id: 'run-error-message'}, run.error.message ?? ''));
  }
  if (run.output !== undefined) {
    return h('section', {className: 'card', id: 'run-outcome'}, h('h2', {}, 'Output'), json(run.output));
  }
  return h('section', {className: 'card', id: 'run-outcome'}, h('h2', {}, 'Output'),
      h('p', {className: 'muted'}, FINAL.has(run.status) ? 'This run ended without output.' : 'Not finished yet.'));
}

function eventItem(event) {
  const data = event.data;
  const attempt = data && typeof data === 'object' && data.attempt ? `attempt ${data.attempt}` : '';
  const text = data && typeof data === 'object'
    ? (data.status ?? data.text ?? data.delta ?? JSON.stringify(data)) : String(data);
  return h('li', {className: `event event-${String(event.event).replace(/[^a-z]/g, '')}`},
      h('span', {className: 'seq mono'}, `#${event.id ?? ''}`),
      h('span', {className: 'type'}, event.event),
      h('span', {className: 'muted'}, attempt),
      h('span', {className: 'event-text'}, String(text)));
}

export function errorNotice(error) {
  if (error instanceof ApiError && error.status === 401) {
    return notice('error', 'That API key was not accepted (it may have been revoked). Sign out and sign in again.');
  }
  return notice('error', error.message || 'Something went wrong.');
}

function hasFilters(filters) {
  return Object.values(filters).some((value) => value);
}
