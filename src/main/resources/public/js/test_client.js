// The WebSocket test client: connect, subscribe per type, filters, update interval and mode, aggregation, ping,
// replay, raw messages, and a log of everything. Element ids are stable: the browser tests drive the page through them.
// A token (the page's ?token=, or typed) goes on the WebSocket URL; "Refresh token" sends refresh with it.
import { defaultWsUrl } from './lib/reconnecting-socket.js';
import { TOKEN_EXPIRED, pageToken, refusalOf, refusalText, withToken } from './lib/auth.js';
import { MessageLog, aggregationText } from './lib/message-log.js';

const $ = (id) => document.getElementById(id);
const TYPES = ['system', 'agent', 'business', 'hero', 'presentation'];

const log = new MessageLog($('log'), $('counters'), $('autoscroll'));
const pings = new Map();
const totals = { metrics: 0, dropped: 0, conflated: 0, sent: 0 };
const stream = { epoch: '', lastSeq: null };   // the welcome's epoch and the last seq received: the replay's defaults
let ws = null;
let pingSeq = 0;
let confirmedTypes = ['all'];
let totalsScheduled = false;

function setStatus(state, text) {
  $('status').dataset.state = state;
  $('status-text').textContent = text;
  const open = state === 'connected';
  $('session').disabled = !open;
  $('connect').disabled = state === 'connected' || state === 'connecting';
  $('disconnect').disabled = !(state === 'connected' || state === 'connecting');
  $('refresh-token').disabled = !open;
}

function showAuth(user, expiresAt) {
  $('auth-state').textContent = expiresAt ? `${user ?? ''} · token expires ${expiresAt}` : '';
}

function drawTotals() {
  if (!totalsScheduled) {
    totalsScheduled = true;
    requestAnimationFrame(() => {
      totalsScheduled = false;
      drawTotalsNow();
    });
  }
}

function drawTotalsNow() {
  $('totals').textContent = `${totals.metrics.toLocaleString('en-US')} metrics · `
    + `${totals.dropped.toLocaleString('en-US')} dropped · `
    + (totals.conflated > 0 ? `${totals.conflated.toLocaleString('en-US')} conflated · ` : '')
    + `${totals.sent} sent`;
  drawReplayPosition();
}

/** The replay inputs follow the welcome and the last seq received until edited (emptying one makes it follow again). */
function drawReplayPosition() {
  const seq = $('replay-since-seq');
  if (stream.lastSeq !== null && seq.dataset.edited !== 'true') {
    seq.value = String(stream.lastSeq);
  }
  const epoch = $('replay-epoch');
  if (epoch.dataset.edited !== 'true') {
    epoch.value = stream.epoch;
  }
  $('replay-position').textContent = stream.epoch
    ? `epoch ${stream.epoch} · seq ${stream.lastSeq === null ? '–' : stream.lastSeq}` : '';
}

function noteSeqs(envelopes) {
  for (const e of envelopes) {
    if (e && typeof e.seq === 'number') {
      stream.lastSeq = e.seq;
    }
  }
}

function showReplayResult(m) {
  const result = $('replay-result');
  const range = m.count > 0 ? ` · seq ${m.from_seq}–${m.to_seq}` : '';
  result.textContent = `${m.count} metrics${range} · ${m.recovered ? 'recovered' : 'NOT recovered'}`
    + ` · earliest ${m.earliest_seq ?? '–'}`;
  result.dataset.recovered = String(m.recovered === true);
}

function send(obj) {
  const text = typeof obj === 'string' ? obj : JSON.stringify(obj);
  if (!ws || ws.readyState !== WebSocket.OPEN) {
    showError('not_connected', 'connect before sending');
    return;
  }
  let type = 'invalid json';
  let parsed = null;
  try {
    parsed = JSON.parse(text);
    type = parsed && typeof parsed.type === 'string' ? parsed.type : 'no type';
  } catch (e) {
    parsed = null;
  }
  ws.send(text);
  totals.sent++;
  log.add('out', type, text, parsed);
  drawTotals();
}

function showError(code, message) {
  const box = $('last-error');
  box.dataset.empty = 'false';
  box.dataset.code = code;
  box.textContent = `${code}: ${message}`;
}

function showSubscription(types) {
  confirmedTypes = types;
  const all = types.includes('all');
  for (const t of TYPES) {
    $('sub-' + t).checked = all || types.includes(t);
  }
  $('subscription').textContent = types.length ? types.join(', ') : '(nothing)';
}

/**
 * The per-field overrides typed as "field=function, field=function", as set_aggregation's functions object:
 * {functions} or {problem}. Only what cannot be written as that object is refused here (an entry without exactly
 * one "=", an empty field or function, a field named twice), with the reason shown in the panel; a function name
 * the server does not know is sent as typed, so that its invalid_message error says what it accepts.
 */
function parseFunctions(text) {
  const functions = {};
  for (const entry of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const parts = entry.split('=').map((s) => s.trim());
    if (parts.length !== 2 || !parts[0] || !parts[1]) {
      return { problem: `"${entry}" is not field=function` };
    }
    if (Object.hasOwn(functions, parts[0])) {
      return { problem: `${parts[0]} is named twice` };
    }
    functions[parts[0]] = parts[1];
  }
  return { functions };
}

function showAggregationProblem(problem) {
  const box = $('agg-problem');
  box.hidden = !problem;
  box.textContent = problem ? `not sent: ${problem}` : '';
}

function showFilters(filters) {
  $('filters').textContent = JSON.stringify(filters);
}

const handlers = {
  welcome: (m) => {
    $('client-id').textContent = m.client_id || '';
    setStatus('connected', `Connected as ${m.client_id}`);
    showSubscription(['all']);
    $('subscription').textContent = 'all (default)';
    showFilters({});
    $('aggregation').textContent = 'off (default)';
    stream.epoch = typeof m.epoch === 'string' ? m.epoch : '';
    stream.lastSeq = typeof m.seq === 'number' ? m.seq : null;
    $('replay-since-seq').dataset.edited = 'false';
    $('replay-epoch').dataset.edited = 'false';
    showAuth(m.user, m.expires_at);
  },
  refreshed: (m) => showAuth($('auth-state').textContent.split(' · ')[0], m.expires_at),
  metric_update: (m) => {
    totals.metrics++;
    noteSeqs([m.data]);
  },
  metric_batch: (m) => {
    const envelopes = Array.isArray(m.data) ? m.data : [];
    totals.metrics += envelopes.length;
    noteSeqs(envelopes);
  },
  replay_complete: showReplayResult,
  subscription_confirmed: (m) => showSubscription(Array.isArray(m.metric_types) ? m.metric_types : []),
  filters_updated: (m) => showFilters(m.filters ?? {}),
  update_interval_set: (m) => {
    $('interval-confirmed').textContent = `${m.interval_seconds} s${m.mode === undefined ? '' : ` · ${m.mode}`}`;
  },
  aggregation_set: (m) => { $('aggregation').textContent = aggregationText(m); },
  pong: (m) => {
    const sentAt = pings.get(m.id);
    if (sentAt !== undefined) {
      pings.delete(m.id);
      $('rtt').textContent = `${(performance.now() - sentAt).toFixed(1)} ms`;
    }
  },
  error: (m) => {
    showError(m.code || 'error', m.message || '');
    showSubscription(confirmedTypes);   // a refused (un)subscribe changed nothing: undo the tick
  },
};

function onMessage(ev) {
  let msg = null;
  try {
    msg = JSON.parse(ev.data);
  } catch (e) {
    log.add('in', 'not json', String(ev.data));
    return;
  }
  const type = msg && typeof msg.type === 'string' ? msg.type : 'unknown';
  log.add('in', type, ev.data, msg);
  if (typeof msg.dropped === 'number') {
    totals.dropped += msg.dropped;
  }
  if (typeof msg.conflated === 'number') {
    totals.conflated += msg.conflated;
  }
  (handlers[type] || (() => {}))(msg);
  drawTotals();
}

function connect() {
  disconnect();
  const shown = $('ws-url').value.trim();
  let url = shown;
  let socket;
  try {
    url = withToken(shown, $('token').value.trim());
    socket = new WebSocket(url);
  } catch (e) {
    showError('bad_url', e.message);
    return;
  }
  ws = socket;
  setStatus('connecting', `Connecting to ${shown}…`);
  log.add('local', 'connecting', shown);
  let opened = false;
  socket.onopen = () => {
    opened = true;
    log.add('local', 'open', shown);
  };
  socket.onmessage = (ev) => { if (ws === socket) { onMessage(ev); } };
  socket.onclose = (ev) => {
    log.add('local', 'closed', `code ${ev.code}${ev.reason ? ': ' + ev.reason : ''}`);
    if (ws === socket) {
      ws = null;
      setStatus('disconnected', `Disconnected (code ${ev.code}${ev.reason ? ', ' + ev.reason : ''})`);
      pings.clear();
      if (ev.code === 1008 && ev.reason === TOKEN_EXPIRED) {
        showError('token_expired', 'the token expired: put a new one in the token field and connect again');
      }
    }
    if (!opened) {
      refusalOf(url).then((refusal) => {
        if (refusal) {
          log.add('local', 'refused', `HTTP ${refusal.status}: ${refusal.error}`);
          showError('refused', refusalText(refusal));
        }
      });
    }
  };
}

function disconnect() {
  if (ws) {
    const old = ws;
    ws = null;
    old.close(1000, 'closed by user');
    setStatus('disconnected', 'Disconnected');
  }
}

/** A number input's value as a number, or as the text typed when it is none (the server then says why). */
function numberOrText(id) {
  const raw = $(id).value.trim();
  const n = Number(raw);
  return raw !== '' && Number.isFinite(n) ? n : raw;
}

function list(id) {
  return $(id).value.split(',').map((s) => s.trim()).filter(Boolean);
}

function bind() {
  $('connect').addEventListener('click', connect);
  $('disconnect').addEventListener('click', disconnect);
  $('refresh-token').addEventListener('click', () => send({ type: 'refresh', token: $('token').value.trim() }));
  $('ws-url').addEventListener('keydown', (e) => { if (e.key === 'Enter') { connect(); } });
  for (const t of TYPES) {
    $('sub-' + t).addEventListener('change', (e) => {
      send({ type: e.target.checked ? 'subscribe' : 'unsubscribe', metric_types: [t] });
    });
  }
  $('sub-all').addEventListener('click', () => send({ type: 'subscribe', metric_types: ['all'] }));
  $('sub-none').addEventListener('click', () => send({ type: 'unsubscribe', metric_types: ['all'] }));
  $('apply-filters').addEventListener('click', () => {
    const filters = {};
    if (list('agent-ids').length) { filters.agent_ids = list('agent-ids'); }
    if (list('fields').length) { filters.fields = list('fields'); }
    send({ type: 'set_filters', filters });
  });
  $('clear-filters').addEventListener('click', () => send({ type: 'set_filters', filters: {} }));
  $('set-interval').addEventListener('click', () => {
    send({ type: 'set_update_interval', interval_seconds: numberOrText('interval'), mode: $('interval-mode').value });
  });
  $('agg-apply').addEventListener('click', () => {
    const { functions, problem } = parseFunctions($('agg-functions').value);
    showAggregationProblem(problem);
    if (problem) {
      return;
    }
    const msg = {
      type: 'set_aggregation', window_seconds: numberOrText('agg-window'), function: $('agg-function').value,
    };
    if (Object.keys(functions).length > 0) {
      msg.functions = functions;
    }
    send(msg);
  });
  $('agg-off').addEventListener('click', () => {
    showAggregationProblem(null);
    send({ type: 'set_aggregation', window_seconds: 0 });
  });
  $('agg-functions').addEventListener('input', () => showAggregationProblem(null));
  for (const id of ['replay-since-seq', 'replay-epoch']) {
    $(id).addEventListener('input', (e) => { e.target.dataset.edited = String(e.target.value !== ''); });
  }
  $('replay-seq').addEventListener('click', () => {
    send({ type: 'replay', since_seq: numberOrText('replay-since-seq'), epoch: $('replay-epoch').value.trim() });
  });
  $('replay-seconds').addEventListener('click', () => {
    send({ type: 'replay', since_seconds: numberOrText('replay-since-seconds') });
  });
  $('ping').addEventListener('click', () => {
    const id = `ping-${++pingSeq}`;
    pings.set(id, performance.now());
    send({ type: 'ping', id });
  });
  $('send-raw').addEventListener('click', () => send($('raw').value));
  $('clear-log').addEventListener('click', () => log.clear());
}

$('ws-url').value = defaultWsUrl();
$('token').value = pageToken();
bind();
setStatus('disconnected', 'Disconnected');
drawTotalsNow();
