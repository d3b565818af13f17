// Server-sent events over fetch(): EventSource cannot send an Authorization header, and the key
// must not go into the URL. Parses the text/event-stream format as the HTML spec describes it.
import {authorization} from './api.js';

/**
 * Follows /api/v1/runs/{id}/events until the gateway closes the stream (the run ended) or
 * signal aborts. onEvent gets {id, event, data}; data is parsed JSON when it is JSON.
 * Resolves when the stream ended, rejects with the HTTP status on a refused request.
 */
export async function followRun(runId, {onEvent, signal, after = 0}) {
  const response = await fetch(`/api/v1/runs/${encodeURIComponent(runId)}/events`, {
    headers: {'Accept': 'text/event-stream', ...authorization(), ...(after ? {'Last-Event-ID': String(after)} : {})},
    signal,
  });
  if (!response.ok || !response.body) {
    throw new Error(`The event stream was refused (HTTP ${response.status}).`);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = fresh();
  for (;;) {
    const {value, done} = await reader.read();
    if (done) break;
    buffer += value;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop();
    for (const line of lines) {
      if (line === '') {
        if (event.data.length) onEvent(finish(event));
        event = fresh();
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let text = colon < 0 ? '' : line.slice(colon + 1);
        if (text.startsWith(' ')) text = text.slice(1);
        if (field === 'data') event.data.push(text);
        else if (field === 'event') event.event = text;
        else if (field === 'id') event.id = text;
      }
    }
  }
}

function fresh() {
  return {id: null, event: 'message', data: []};
}

function finish(event) {
  const text = event.data.join('\n');
  let data = text;
  try {
    data = JSON.parse(text);
  } catch (notJson) {
    // shown as text
  }
  return {id: event.id, event: event.event, data};
}
