// Ops-declared schedules: what the applied file declares next to what Temporal holds, the next
// fire times, and the controls the admin API offers (pause/unpause with a note, trigger now,
// backfill).
import {get, post} from './api.js';
import {h, clear, when, notice} from './dom.js';
import {errorNotice} from './runs.js';

export function schedulesPage(view) {
  const list = h('div', {id: 'schedules-list', className: 'stack'});
  const message = h('div', {id: 'schedules-message'});
  view.append(h('div', {className: 'page-head'}, h('h1', {}, 'Schedules'),
      h('span', {className: 'muted'}, 'declared in the applied schedules file · state read from Temporal')),
  message, list);

  async function load() {
    clear(list);
    try {
      const page = await get('/api/v1/admin/schedules');
      for (const schedule of page.items) list.append(card(schedule, load, message));
      if (!page.items.length) {
        list.append(notice('empty', 'No schedules are declared for this tenant. Declare them in schedules.yml and run schedules apply.'));
      }
    } catch (error) {
      clear(message).append(errorNotice(error));
    }
  }
  load();
  return null;
}

function card(schedule, reload, message) {
  const note = h('input', {placeholder: 'note (why), shown in Temporal', className: 'note-input',
    dataset: {scheduleNote: schedule.id}});
  const act = (path, body, done) => async () => {
    clear(message);
    try {
      await post(`/api/v1/admin/schedules/${encodeURIComponent(schedule.id)}/${path}`, body());
      message.append(notice('ok', done));
      reload();
    } catch (error) {
      message.append(errorNotice(error));
    }
  };
  const state = !schedule.inTemporal ? h('span', {className: 'badge status-failed'}, 'missing in Temporal')
    : schedule.paused ? h('span', {className: 'badge status-cancelled'}, 'paused')
      : h('span', {className: 'badge status-succeeded'}, 'active');
  return h('section', {className: 'card schedule', dataset: {scheduleId: schedule.id}},
      h('div', {className: 'page-head'}, h('h2', {className: 'mono'}, schedule.id), state),
      h('dl', {className: 'facts'},
          h('dt', {}, 'Graph'), h('dd', {className: 'mono'}, schedule.graphId),
          h('dt', {}, 'Owner'), h('dd', {}, schedule.owner ?? '—'),
          h('dt', {}, 'Temporal id'), h('dd', {className: 'mono'}, schedule.temporalScheduleId),
          Object.entries(schedule.spec ?? {}).map(([field, value]) => [h('dt', {}, field), h('dd', {className: 'mono'}, value)]),
          h('dt', {}, 'Note'), h('dd', {}, schedule.note ?? '—'),
          h('dt', {}, 'Next fires'), h('dd', {}, (schedule.nextActionTimes ?? []).length
            ? h('ul', {className: 'plain'}, schedule.nextActionTimes.slice(0, 5).map((time) => h('li', {}, when(time), ' ',
                h('span', {className: 'muted'}, new Date(time).toISOString()))))
            : 'none'),
          h('dt', {}, 'Recent'), h('dd', {}, (schedule.recentActions ?? []).length
            ? h('ul', {className: 'plain'}, schedule.recentActions.slice(-5).map((action) => h('li', {},
                when(action.startedAt), ' ', h('span', {className: 'mono muted'}, action.workflowId ?? ''))))
            : 'none')),
      h('div', {className: 'actions'}, note,
          schedule.paused
            ? h('button', {type: 'button', className: 'button', onClick: act('unpause', () => ({note: note.value}), 'Unpaused.')}, 'Unpause')
            : h('button', {type: 'button', className: 'button', onClick: act('pause', () => ({note: note.value}), 'Paused.')}, 'Pause'),
          h('button', {type: 'button', className: 'button primary', disabled: schedule.paused || !schedule.inTemporal,
            onClick: act('trigger', () => undefined, 'Triggered: the run appears under Runs in a moment.')}, 'Trigger now')),
      backfill(schedule, act));
}

/** Past slots in [from, to), in the browser's time zone; the API takes UTC instants. */
function backfill(schedule, act) {
  const from = h('input', {type: 'datetime-local', className: 'backfill-from', 'aria-label': 'backfill from'});
  const to = h('input', {type: 'datetime-local', className: 'backfill-to', 'aria-label': 'backfill to'});
  const instant = (input) => (input.value ? new Date(input.value).toISOString() : null);
  return h('div', {className: 'actions'},
      h('span', {className: 'muted'}, 'Backfill missed slots from'), from, h('span', {className: 'muted'}, 'to'), to,
      h('button', {type: 'button', className: 'button', disabled: schedule.paused || !schedule.inTemporal,
        onClick: act('backfill', () => ({from: instant(from), to: instant(to)}),
            'Backfill handed to Temporal: each slot in the range runs once.')}, 'Backfill'));
}
