// The live dashboard: one reconnecting WebSocket, metrics routed to panels, redraws batched into
// at most four animation frames per second. Query parameters: ws (WebSocket URL), types and
// agent_ids / fields (comma-separated), interval (seconds): sent as subscribe, set_filters and
// set_update_interval after every connection. After each welcome it asks for a replay (SPEC section 8):
// the charts' window when it opens, since the last seq it took after a reconnect, and by time after a
// server restart; it says so when a replay comes back with recovered: false. With ?token=TOKEN (a server with
// authentication on) the token goes on the WebSocket URL; a refused connection or an expired token stops the
// retries and says why on the page, and window.metricsDashboard.refresh(token) swaps in a new token before expiry.
import { ReconnectingSocket, defaultWsUrl } from './lib/reconnecting-socket.js';
import { TOKEN_EXPIRED, pageToken, refusalOf, refusalText, withToken, withoutToken } from './lib/auth.js';
import { createCharts, WINDOW_SECONDS } from './lib/charts.js';
import { CLUSTER_HISTORY_LOST, RESTARTED, StreamPosition } from './lib/stream-position.js';
import { AgentCards } from './lib/agents.js';
import { HeroPanel, BusinessPanel, NarrativePanel } from './lib/panels.js';
import { FlowView } from './lib/flow.js';
import { int } from './lib/format.js';

const MIN_FRAME_MS = 250;
const TICK_MS = 250;
const $ = (id) => document.getElementById(id);

const errors = [];
window.addEventListener('error', (e) => {
  if (errors.length < 50) {
    errors.push(String(e.message || e));
  }
});

const params = new URLSearchParams(location.search);
const list = (name) => (params.get(name) || '').split(',').map((s) => s.trim()).filter(Boolean);
const config = {
  url: withToken(defaultWsUrl(), pageToken()), types: list('types'), filters: {}, interval: params.get('interval'),
};
const auth = { user: null, expiresAt: null, problem: null };
const EXPIRY_WARNING_MS = 60_000;
let expiryTimer = null;
if (config.types.length === 0) {
  config.types = ['all'];
}
for (const key of ['agent_ids', 'fields']) {
  if (params.has(key)) {
    config.filters[key] = list(key);
  }
}

const charts = createCharts();
const agents = new AgentCards($('agents'), $('agent-count'));
const hero = new HeroPanel();
const business = new BusinessPanel($('business'));
const narrative = new NarrativePanel($('narrative'), $('narrative-time'));
const flow = new FlowView($('flow'), $('flow-empty'));
const position = new StreamPosition(WINDOW_SECONDS);
const stats = { received: 0, dropped: 0, clientId: '', rate: 0, windowCount: 0 };
const rateSlots = new Array(4).fill(0);   // metrics counted in each of the last four 250 ms ticks
let rateSlot = 0;

function seconds(timestamp) {
  const t = Date.parse(typeof timestamp === 'string' ? timestamp.replace(/(\.\d{3})\d+/, '$1') : '');
  return (Number.isNaN(t) ? Date.now() : t) / 1000;
}

/** Agent records in any shape of docs/PROTOCOL.md, section 8: an array, {agents: [...]}, {agents: {id: {...}}}, one. */
function agentRecords(data) {
  if (Array.isArray(data)) {
    return data;
  }
  const nested = data?.agents;
  if (Array.isArray(nested)) {
    return nested;
  }
  if (nested && typeof nested === 'object') {
    return Object.entries(nested).map(([id, a]) => ({ agent_id: id, ...a }));
  }
  return [data];
}

function route(env) {
  const data = env.data;
  switch (env.metric_type) {
    case 'system':
      if (data && !Array.isArray(data)) {
        charts.push(seconds(env.timestamp), data);
      }
      break;
    case 'agent':
      agents.update(agentRecords(data));
      break;
    case 'business':
      business.update(data);
      break;
    case 'hero':
      hero.update(data);
      break;
    case 'presentation':
      hero.update(data?.hero_metrics);
      narrative.update(data?.business_narrative, env.timestamp);
      flow.update(data?.transaction_flow_data);
      break;
    default:
      break;
  }
}

/** Takes one envelope, live or replayed (not counted in the live rate), unless its seq was taken already. */
function accept(env, replayed) {
  if (!env || typeof env !== 'object' || !position.take(env, replayed)) {
    return;
  }
  stats.received++;
  if (!replayed) {
    stats.windowCount++;
  }
  route(env);
}

function showNotice(notice) {
  if (!notice) {
    return;
  }
  const box = $('history-notice');
  box.dataset.kind = notice.kind;
  $('history-notice-text').textContent = notice.text;
  box.hidden = false;
}

/** A refusal or an expired token: the banner says what happened and what to do, and the dashboard stops retrying. */
function showAuthProblem(text) {
  auth.problem = text;
  const banner = $('auth-error');
  banner.textContent = text;
  banner.hidden = false;
  drawConnection();
}

/** The token's expiry, from welcome or refreshed: a warning a minute before it, while no refresh came. */
function noteExpiry(expiresAt) {
  auth.expiresAt = expiresAt || null;
  clearTimeout(expiryTimer);
  $('auth-notice').hidden = true;
  const at = Date.parse(expiresAt || '');
  if (!Number.isNaN(at)) {
    expiryTimer = setTimeout(() => {
      $('auth-notice-text').textContent = `Your token expires at ${new Date(at).toLocaleTimeString()}; `
        + 'open the dashboard with a new ?token= to go on after that.';
      $('auth-notice').hidden = false;
    }, Math.max(0, at - Date.now() - EXPIRY_WARNING_MS));
  }
}

/** Each close: an expired token or a refused handshake stops the retries; anything else reconnects. */
function onClose(ev, opened) {
  if (opened) {
    position.restartText = ev.code === 1012 ? CLUSTER_HISTORY_LOST : RESTARTED;
  }
  if (ev.code === 1008 && ev.reason === TOKEN_EXPIRED) {
    showAuthProblem('Your token expired, and the server closed the connection (1008 token expired). '
      + 'Open the dashboard with a new ?token=TOKEN to go on.');
    return false;
  }
  // Asked at the first failed attempt and every fifth after it, not at every retry of a server that is down.
  if (!opened && socket.attempt % 5 === 0) {
    refusalOf(socket.url).then((refusal) => {
      if (refusal && socket.state !== 'live') {
        socket.stop();
        showAuthProblem(refusalText(refusal));
      }
    });
  }
  return true;
}

function onWelcome(msg) {
  stats.clientId = msg.client_id || '';
  auth.user = typeof msg.user === 'string' ? msg.user : null;
  noteExpiry(msg.expires_at);
  const request = position.onWelcome(msg);
  if (request) {
    socket.send(request);
  }
  if (position.mode === 'restart') {
    showNotice({ kind: 'restart', text: position.restartText });
  }
}

function onReplayComplete(msg) {
  const { held, notice } = position.onComplete(msg);
  held.forEach((env) => accept(env, false));
  showNotice(notice);
}

function showError(msg) {
  const banner = $('dashboard-error');
  banner.textContent = `Server refused a request: ${msg.code}: ${msg.message}`;
  banner.hidden = false;
}

/** An error while a replay is awaited: when it refuses the replay (a server without history), live metrics go on. */
function onError(msg) {
  showError(msg);
  const refusesReplay = msg.code === 'unknown_message_type'
    || (msg.code === 'invalid_message' && /replay/i.test(String(msg.message)));
  if (position.awaiting && refusesReplay) {
    position.abandon().forEach((env) => accept(env, false));
  }
}

function onMessage(msg) {
  switch (msg.type) {
    case 'welcome':
      onWelcome(msg);
      break;
    case 'metric_update':
    case 'metric_batch':
      position.deliveries(msg).forEach((env) => accept(env, msg.replay === true));
      break;
    case 'replay_complete':
      onReplayComplete(msg);
      break;
    case 'refreshed':
      noteExpiry(msg.expires_at);
      break;
    case 'error':
      onError(msg);
      break;
    default:
      break;
  }
  if (typeof msg.dropped === 'number') {
    stats.dropped += msg.dropped;
  }
  // A replay's frames are drawn by the frames the tick asks for and once when it completes, not one by one.
  if (!(msg.replay === true && position.awaiting)) {
    requestDraw();
  }
}

function onOpen(sock) {
  sock.send({ type: 'subscribe', metric_types: config.types });
  if (Object.keys(config.filters).length > 0) {
    sock.send({ type: 'set_filters', filters: config.filters });
  }
  if (config.interval !== null && config.interval !== '') {
    sock.send({ type: 'set_update_interval', interval_seconds: Number(config.interval) });
  }
}

function onState() {
  if (socket.state !== 'live') {
    position.onClose();
  }
  drawConnection();
}

function drawConnection() {
  const box = $('connection-status');
  const state = socket.state;
  box.dataset.state = state;
  document.body.dataset.connection = state;
  box.dataset.attempt = String(socket.attempt);
  let text = 'Connecting…';
  if (state === 'stopped') {
    text = auth.problem && auth.problem.includes(TOKEN_EXPIRED) ? 'Not connected · token expired'
      : 'Not connected · refused';
  } else if (state === 'live') {
    text = position.awaiting ? 'Live · replaying history' : 'Live';
  } else if (state === 'reconnecting') {
    const wait = Math.max(0, (socket.retryAt - Date.now()) / 1000);
    text = `Reconnecting · attempt ${socket.attempt}` + (wait > 0.05 ? ` · retry in ${wait.toFixed(1)} s` : '');
  }
  $('connection-text').textContent = text;
}

function drawStats() {
  $('metrics-received').textContent = int(stats.received);
  $('metrics-rate').textContent = stats.rate < 10 ? stats.rate.toFixed(1) : int(stats.rate);
  $('last-seq').textContent = position.lastSeq === null ? '–' : String(position.lastSeq);
  $('dropped').textContent = int(stats.dropped);
  $('dropped').parentElement.classList.toggle('warn', stats.dropped > 0);
  $('client-id').textContent = stats.clientId + (auth.user ? ` · ${auth.user}` : '');
}

let frameScheduled = false;
let lastFrame = 0;

function frame(now) {
  frameScheduled = false;
  lastFrame = now;
  charts.draw();
  agents.draw();
  hero.draw();
  business.draw();
  narrative.draw();
  flow.draw();
  drawStats();
}

function requestDraw() {
  if (frameScheduled) {
    return;
  }
  frameScheduled = true;
  const wait = Math.max(0, MIN_FRAME_MS - (performance.now() - lastFrame));
  setTimeout(() => requestAnimationFrame(frame), wait);
}

function tick() {
  rateSlots[rateSlot] = stats.windowCount;
  rateSlot = (rateSlot + 1) % rateSlots.length;
  stats.windowCount = 0;
  stats.rate = rateSlots.reduce((a, b) => a + b, 0) / (rateSlots.length * TICK_MS / 1000);
  drawConnection();
  requestDraw();
}

const socket = new ReconnectingSocket(config.url, { onOpen, onMessage, onState, onClose });
$('ws-url-display').textContent = withoutToken(config.url);
$('auth-notice-close').addEventListener('click', () => { $('auth-notice').hidden = true; });
$('history-notice-close').addEventListener('click', () => { $('history-notice').hidden = true; });
socket.start();
setInterval(tick, TICK_MS);

/** Read-only hooks for tests and curious people in the console. */
window.metricsDashboard = Object.freeze({
  pointCount: (chartName) => charts.pointCount(chartName),
  state: () => socket.state,
  received: () => stats.received,
  lastSeq: () => position.lastSeq,
  epoch: () => position.epoch,
  /** The latest seqs taken in this epoch (at most SEQ_LOG), oldest first. */
  seqs: () => position.seqs(),
  replayed: () => position.replayed,
  duplicates: () => position.duplicates,
  replaying: () => position.awaiting,
  /** The last replays: [{request, complete}], oldest first. */
  replays: () => JSON.parse(JSON.stringify(position.completes)),
  notice: () => ($('history-notice').hidden ? null : $('history-notice-text').textContent),
  dropped: () => stats.dropped,
  attempt: () => socket.attempt,
  agentIds: () => [...document.querySelectorAll('[data-agent-id]')].map((c) => c.dataset.agentId),
  errors: () => errors.slice(),
  url: () => config.url,
  user: () => auth.user,
  expiresAt: () => auth.expiresAt,
  /** The banner of a refused connection or an expired token, or null. */
  authProblem: () => ($('auth-error').hidden ? null : $('auth-error').textContent),
  /**
   * Replaces the connection's token before it expires (an embedding page that can get a new one calls this): sends
   * refresh, and reconnects with the new token from then on. False when not connected.
   */
  refresh: (token) => {
    socket.url = withToken(socket.url, token);
    return socket.send({ type: 'refresh', token });
  },
});
