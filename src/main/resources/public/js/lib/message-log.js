// The test client's log: one entry per message sent or received (newest at the bottom, at most LIMIT),
// plus a counter per received message type. Metrics a replay brought are marked as such, and so are deliveries of
// aggregated envelopes (SPEC section 9) and, in their summary, the metrics latest mode conflated. Entries are queued
// and appended in one animation frame, so a fast stream of metrics costs one DOM update per frame.

export const LIMIT = 500;
const COMMON = ['welcome', 'metric_update', 'metric_batch', 'subscription_confirmed', 'filters_updated',
  'update_interval_set', 'aggregation_set', 'replay_complete', 'pong', 'error'];

function countTypes(envelopes) {
  const counts = new Map();
  envelopes.forEach((e) => counts.set(e?.metric_type, (counts.get(e?.metric_type) || 0) + 1));
  return [...counts].map(([t, n]) => (n > 1 ? `${t}×${n}` : t)).join(' ');
}

/** The envelopes of a metric_update or metric_batch (none for other messages). */
function envelopesOf(msg) {
  if (msg?.type === 'metric_batch') {
    return Array.isArray(msg.data) ? msg.data : [];
  }
  return msg?.type === 'metric_update' && msg.data ? [msg.data] : [];
}

/**
 * What the aggregated envelopes of a delivery sum up to: {count: metrics folded into them, windows: their
 * window_seconds}, or null when it carries none.
 */
export function aggregatedIn(msg) {
  let count = 0;
  let found = false;
  const windows = new Set();
  for (const e of envelopesOf(msg)) {
    const a = e?.aggregated;
    if (a && typeof a === 'object') {
      found = true;
      count += typeof a.count === 'number' ? a.count : 0;
      windows.add(a.window_seconds);
    }
  }
  return found ? { count, windows: [...windows] } : null;
}

/** A set_aggregation or aggregation_set in a few words: "off", or "1 s · avg · cpu_usage=max". */
export function aggregationText(msg) {
  if (msg.window_seconds === 0) {
    return 'off';
  }
  const fns = msg.functions;
  const overrides = fns && typeof fns === 'object' && !Array.isArray(fns)
    ? Object.entries(fns).map(([field, f]) => `${field}=${f}`) : [];
  return [`${msg.window_seconds} s`, msg.function ?? 'avg', ...overrides].join(' · ');
}

/** A few words about a message, shown beside its type. */
export function summarize(msg) {
  if (!msg || typeof msg !== 'object') {
    return '';
  }
  const dropped = (typeof msg.dropped === 'number' ? ` · ${msg.dropped} dropped` : '')
    + (typeof msg.conflated === 'number' ? ` · ${msg.conflated} conflated` : '');
  switch (msg.type) {
    case 'welcome': return msg.client_id || '';
    case 'metric_update': {
      const d = msg.data || {};
      return `${d.metric_type} #${d.seq}${Array.isArray(d.data) ? ` · ${d.data.length} records` : ''}${dropped}`;
    }
    case 'metric_batch': return `${msg.count} · ${countTypes(Array.isArray(msg.data) ? msg.data : [])}${dropped}`;
    case 'subscribe': case 'unsubscribe': case 'subscription_confirmed':
      return Array.isArray(msg.metric_types) ? msg.metric_types.join(', ') : 'all';
    case 'set_update_interval': case 'update_interval_set':
      return `${msg.interval_seconds} s${msg.mode === undefined ? '' : ` · ${msg.mode}`}`;
    case 'set_aggregation': case 'aggregation_set': return aggregationText(msg);
    case 'replay':
      return 'since_seconds' in msg ? `last ${msg.since_seconds} s` : `after seq ${msg.since_seq} · ${msg.epoch}`;
    case 'replay_complete':
      return `${msg.count}${msg.count > 0 ? ` · seq ${msg.from_seq}–${msg.to_seq}` : ''}`
        + ` · ${msg.recovered ? 'recovered' : 'NOT recovered'}`;
    case 'ping': case 'pong': return msg.id === undefined ? '' : String(msg.id);
    case 'error': return msg.code || '';
    default: return '';
  }
}

function tag(kind, text) {
  const i = document.createElement('i');
  i.className = 'tag';
  i.dataset.tag = kind;
  i.textContent = text;
  return i;
}

function time() {
  const d = new Date();
  return d.toLocaleTimeString('en-GB', { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

export class MessageLog {
  constructor(logEl, countersEl, followEl) {
    this.logEl = logEl;
    this.countersEl = countersEl;
    this.followEl = followEl;
    this.queue = [];
    this.counts = new Map();
    this.scheduled = false;
    COMMON.forEach((t) => this.counter(t));
    logEl.addEventListener('click', (e) => {
      const entry = e.target.closest('.entry');
      if (entry) {
        entry.classList.toggle('expanded');
      }
    });
  }

  /** Logs a message: direction "in", "out" or "local"; text is the message as sent or received. */
  add(direction, type, text, msg) {
    this.queue.push({ direction, type: type || 'unknown', text, msg, at: time() });
    if (this.queue.length > LIMIT) {
      this.queue.splice(0, this.queue.length - LIMIT);
    }
    if (direction === 'in') {
      this.counts.set(type, (this.counts.get(type) || 0) + 1);
    }
    this.schedule();
  }

  clear() {
    this.queue = [];
    this.logEl.replaceChildren();
  }

  resetCounts() {
    this.counts.clear();
    this.countersEl.querySelectorAll('b').forEach((b) => { b.textContent = '0'; });
  }

  schedule() {
    if (!this.scheduled) {
      this.scheduled = true;
      requestAnimationFrame(() => this.flush());
    }
  }

  counter(type) {
    const id = 'count-' + type.replace(/[^a-zA-Z0-9_-]/g, '_');
    let chip = document.getElementById(id);
    if (!chip) {
      const box = document.createElement('span');
      box.className = 'counter';
      box.dataset.type = type;
      const name = document.createElement('span');
      name.textContent = type;
      chip = document.createElement('b');
      chip.id = id;
      chip.textContent = '0';
      box.append(name, chip);
      this.countersEl.append(box);
    }
    return chip;
  }

  flush() {
    this.scheduled = false;
    const follow = this.followEl.checked;
    const frag = document.createDocumentFragment();
    for (const e of this.queue) {
      frag.append(this.entry(e));
    }
    this.queue = [];
    this.logEl.append(frag);
    const excess = this.logEl.childElementCount - LIMIT;
    for (let i = 0; i < excess; i++) {
      this.logEl.firstElementChild.remove();
    }
    for (const [type, n] of this.counts) {
      this.counter(type).textContent = n.toLocaleString('en-US');
    }
    if (follow) {
      this.logEl.scrollTop = this.logEl.scrollHeight;
    }
  }

  entry({ direction, type, text, msg, at }) {
    const div = document.createElement('div');
    div.className = 'entry';
    div.dataset.direction = direction;
    div.dataset.type = type;
    const meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = `${at} ${direction === 'in' ? '←' : direction === 'out' ? '→' : '•'}`;
    const badge = document.createElement('span');
    badge.className = 'type';
    if (direction === 'in' && msg?.replay === true) {
      div.dataset.replay = 'true';
      badge.append(tag('replay', 'replay'), ' ');
    }
    const aggregated = direction === 'in' ? aggregatedIn(msg) : null;
    if (aggregated) {
      div.dataset.aggregated = String(aggregated.count);
      badge.append(tag('aggregated', `aggregated ×${aggregated.count} over ${aggregated.windows.join('/')} s`), ' ');
    }
    if (direction === 'in' && typeof msg?.conflated === 'number') {
      div.dataset.conflated = String(msg.conflated);
    }
    badge.append(type);
    const summary = summarize(msg);
    if (summary) {
      const small = document.createElement('small');
      small.textContent = summary;
      badge.append(' ', small);
    }
    badge.title = badge.textContent;   // the type column cuts long summaries short
    const body = document.createElement('code');
    body.className = 'json';
    body.textContent = text;
    div.append(meta, badge, body);
    return div;
  }
}
