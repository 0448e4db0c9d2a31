// Hero figures, business KPIs and the narrative: each keeps the latest data and draws it on demand.
import { compact, int, money, pct, clock } from './format.js';

const HERO = [
  ['hero-total-transactions', 'total_transactions', compact],
  ['hero-tps', 'transactions_per_second', (v) => int(v)],
  ['hero-fraud-blocked', 'fraud_blocked', compact],
  ['hero-money-saved', 'money_saved', money],
  ['hero-uptime', 'uptime_percentage', (v) => pct(v, 2)],
  ['hero-ai-accuracy', 'ai_accuracy', (v) => pct(v, 1)],
];

const BUSINESS = [
  ['transactions_processed', 'Transactions processed', compact],
  ['transactions_per_second', 'Transactions / s', (v) => int(v)],
  ['fraud_detected', 'Fraud detected', compact],
  ['fraud_prevented_amount', 'Fraud prevented', money],
  ['fraud_detection_accuracy', 'Detection accuracy', (v) => pct(v, 1)],
  ['roi_percentage', 'ROI', (v) => (typeof v === 'number' ? int(v, 0) + '%' : '–')],
  ['money_saved', 'Money saved', money],
  ['cost_per_transaction', 'Cost / transaction', (v) => (typeof v === 'number' ? '$' + v.toFixed(4) : '–')],
  ['payback_period_months', 'Payback', (v) => (typeof v === 'number' ? v.toFixed(1) + ' mo' : '–')],
  ['customer_impact_score', 'Customer impact', (v) => (typeof v === 'number' ? v.toFixed(2) : '–')],
];

/** The hero strip: six large figures. */
export class HeroPanel {
  constructor(root = document) {
    this.cells = HERO.map(([id, key, fmt]) => ({ el: root.getElementById(id), key, fmt }));
    this.latest = null;
  }

  update(data) {
    if (data && typeof data === 'object') {
      this.latest = { ...this.latest, ...data };
    }
  }

  draw() {
    if (!this.latest) {
      return;
    }
    for (const c of this.cells) {
      if (c.key in this.latest) {
        c.el.textContent = c.fmt(this.latest[c.key]);
      }
    }
    this.latest = null;
  }
}

/** The business KPI list; rows appear for the fields the publisher sends. */
export class BusinessPanel {
  constructor(dl) {
    this.dl = dl;
    this.rows = new Map();
    this.latest = null;
    for (const [key, label] of BUSINESS) {
      const row = document.createElement('div');
      row.className = 'kpi';
      row.id = 'kpi-' + key.replaceAll('_', '-');
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = '–';
      row.append(dt, dd);
      dl.append(row);
      this.rows.set(key, dd);
    }
  }

  update(data) {
    if (data && typeof data === 'object' && !Array.isArray(data)) {
      this.latest = { ...this.latest, ...data };
    }
  }

  draw() {
    if (!this.latest) {
      return;
    }
    for (const [key, , fmt] of BUSINESS) {
      if (key in this.latest) {
        this.rows.get(key).textContent = fmt(this.latest[key]);
      }
    }
    this.latest = null;
  }
}

/** The latest business_narrative of the presentation data. */
export class NarrativePanel {
  constructor(quote, time) {
    this.quote = quote;
    this.time = time;
    this.latest = null;
  }

  update(text, timestamp) {
    if (typeof text === 'string' && text.trim()) {
      this.latest = { text, timestamp };
    }
  }

  draw() {
    if (this.latest && this.quote.textContent !== this.latest.text) {
      this.quote.textContent = this.latest.text;
      this.time.textContent = clock(this.latest.timestamp);
    }
    this.latest = null;
  }
}
