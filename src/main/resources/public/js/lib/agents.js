// One card per agent, keyed by agent_id: created the first time an agent is seen (in agent_id order),
// then updated in place. A card that has not been updated for STALE_MS is dimmed.
import { asPercent, ms, pct, int } from './format.js';

const STALE_MS = 15000;
/** Past this many cards, the one seen longest ago goes: agent ids that churn never grow the page. */
const MAX_CARDS = 64;

/** "good" at 80% and above, "warn" from 50%, else "bad". */
export function healthLevel(score) {
  const p = asPercent(score);
  if (p === null) {
    return 'unknown';
  }
  return p >= 80 ? 'good' : p >= 50 ? 'warn' : 'bad';
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) {
    e.className = cls;
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

function stat(label, key) {
  const box = el('div', 'agent-stat');
  box.append(el('span', 'label', label), el('b', '', '–'));
  box.lastChild.dataset.field = key;
  return box;
}

function bar(label, key) {
  const row = el('div', 'agent-bar');
  const track = el('div', 'track');
  const fill = el('div', 'fill');
  fill.dataset.bar = key;
  track.append(fill);
  const value = el('b', '', '–');
  value.dataset.field = key;
  row.append(el('span', 'label', label), track, value);
  return row;
}

function createCard(id) {
  const card = el('article', 'agent-card');
  card.dataset.agentId = id;
  const head = el('header');
  const names = el('div', 'agent-names');
  const sub = el('span', 'agent-sub muted');
  const inflight = el('span', '', '');
  inflight.dataset.field = 'concurrent';
  sub.append(el('span', 'agent-id', id), inflight);
  names.append(el('h3', 'agent-name', id));
  const badge = el('span', 'health-badge', '–');
  badge.dataset.field = 'health';
  head.append(names, badge);
  const stats = el('div', 'agent-stats');
  stats.append(stat('avg', 'avg'), stat('p95', 'p95'), stat('success', 'success'));
  card.append(head, sub, bar('health', 'health_bar'), bar('load', 'load'), stats);
  return card;
}

function setText(card, key, text) {
  const e = card.querySelector(`[data-field="${key}"]`);
  if (e) {
    e.textContent = text;
  }
}

function setBar(card, key, fraction, level) {
  const fill = card.querySelector(`[data-bar="${key}"]`);
  const p = asPercent(fraction);
  fill.style.width = p === null ? '0%' : Math.max(0, Math.min(100, p)).toFixed(1) + '%';
  fill.dataset.level = level;
}

function loadLevel(load) {
  const p = asPercent(load);
  return p === null ? 'unknown' : p >= 90 ? 'bad' : p >= 70 ? 'warn' : 'good';
}

function render(card, a) {
  const level = healthLevel(a.health_score);
  card.dataset.health = level;
  card.querySelector('.agent-name').textContent = a.agent_name || a.agent_id;
  setText(card, 'health', pct(a.health_score, 0));
  card.querySelector('[data-field="health"]').dataset.level = level;
  setText(card, 'health_bar', pct(a.health_score, 0));
  setBar(card, 'health_bar', a.health_score, level);
  setText(card, 'load', pct(a.current_load, 0));
  setBar(card, 'load', a.current_load, loadLevel(a.current_load));
  setText(card, 'avg', ms(a.avg_response_time_ms));
  setText(card, 'p95', ms(a.p95_response_time_ms));
  setText(card, 'success', pct(a.success_rate, 1));
  setText(card, 'concurrent', typeof a.concurrent_requests === 'number'
    ? ` · ${int(a.concurrent_requests)} in flight` : '');
}

export class AgentCards {
  constructor(container, countLabel) {
    this.container = container;
    this.countLabel = countLabel;
    this.cards = new Map();     // agent_id -> {card, seenAt}
    this.pending = new Map();   // agent_id -> latest record not yet drawn
  }

  /** Records the latest data of each agent in `records`; drawn by draw(). */
  update(records) {
    for (const a of records) {
      if (a && typeof a === 'object' && a.agent_id != null) {
        this.pending.set(String(a.agent_id), a);
      }
    }
  }

  draw(now = Date.now()) {
    for (const [id, a] of this.pending) {
      let entry = this.cards.get(id);
      if (!entry) {
        entry = { card: createCard(id), seenAt: now };
        this.insertSorted(id, entry.card);
        this.cards.set(id, entry);
      }
      entry.seenAt = now;
      render(entry.card, a);
    }
    this.pending.clear();
    while (this.cards.size > MAX_CARDS) {
      const [oldest] = [...this.cards].reduce((a, b) => (b[1].seenAt < a[1].seenAt ? b : a));
      this.cards.get(oldest).card.remove();
      this.cards.delete(oldest);
    }
    for (const entry of this.cards.values()) {
      entry.card.classList.toggle('stale', now - entry.seenAt > STALE_MS);
    }
    if (this.cards.size > 0) {
      this.countLabel.textContent = this.cards.size + (this.cards.size === 1 ? ' agent' : ' agents');
    }
  }

  insertSorted(id, card) {
    const after = [...this.container.children].find((c) => c.dataset.agentId.localeCompare(id, 'en',
      { numeric: true }) > 0);
    this.container.insertBefore(card, after || null);
  }
}
