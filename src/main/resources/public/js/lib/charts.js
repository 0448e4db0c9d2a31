// The dashboard's time-series charts: one uPlot per panel, each fed from a bounded RingSeries.
// Data arrives at any rate; the charts redraw only when draw() is called (from a requestAnimationFrame).
import { RingSeries, BUCKET_SECONDS } from './ring-series.js';
import { compact, ms } from './format.js';

/** 10 minutes at 4 points per second; never more, however long the page stays open. */
export const CAPACITY = 2400;
/** The time the charts are sure to hold (600 s): the window a dashboard replays when it opens. */
export const WINDOW_SECONDS = CAPACITY * BUCKET_SECONDS;

const pctOf = (v) => (typeof v === 'number' ? v * 100 : v);
const pctLabel = (v) => (v == null ? '–' : v.toFixed(v < 10 ? 2 : 1) + '%');
const tpsLabel = (v) => (v == null ? '–' : compact(v) + ' TPS');
const msLabel = (v) => (v == null ? '–' : ms(v));

/** What each chart shows: series names, colours, and how to read them from system metrics. */
export const CHART_SPECS = {
  throughput: {
    series: [{ label: 'Throughput', color: '#4cc2ff', fill: 'rgba(76,194,255,0.14)' }],
    pick: (d) => [d.throughput_tps], label: tpsLabel, axis: (v) => compact(v),
  },
  latency: {
    series: [
      { label: 'p50', color: '#3ddc97' },
      { label: 'p95', color: '#f5b841' },
      { label: 'p99', color: '#ff5d6c' },
    ],
    pick: (d) => [d.p50_response_time_ms, d.p95_response_time_ms, d.p99_response_time_ms],
    label: msLabel, axis: (v) => (v >= 1000 ? (v / 1000).toFixed(1) + 's' : v + 'ms'),
  },
  errors: {
    series: [
      { label: 'Errors', color: '#ff5d6c', fill: 'rgba(255,93,108,0.12)' },
      { label: 'Timeouts', color: '#f5b841' },
    ],
    pick: (d) => [pctOf(d.error_rate), pctOf(d.timeout_rate)], label: pctLabel, axis: (v) => v + '%',
  },
  resources: {
    series: [
      { label: 'CPU', color: '#a78bfa', fill: 'rgba(167,139,250,0.12)' },
      { label: 'Memory', color: '#4cc2ff' },
    ],
    pick: (d) => [pctOf(d.cpu_utilization), pctOf(d.memory_utilization)],
    label: pctLabel, axis: (v) => v + '%', range: [0, 100],
  },
};

const two = (n) => String(n).padStart(2, '0');
const timeLabel = (sec) => {
  const d = new Date(sec * 1000);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
};

const AXIS = {
  stroke: '#8b96a8',
  grid: { stroke: 'rgba(255,255,255,0.06)', width: 1 },
  ticks: { stroke: 'rgba(255,255,255,0.10)', width: 1, size: 4 },
  font: '11px system-ui, sans-serif',
};

function uplotOptions(spec, width, height) {
  const yScale = spec.range ? { range: spec.range } : { range: (u, min, max) => [0, max > 0 ? max * 1.15 : 1] };
  return {
    width, height,
    legend: { show: false },
    padding: [10, 26, 0, 0],
    cursor: { drag: { x: false, y: false }, points: { size: 6 } },
    scales: { x: { time: true }, y: yScale },
    axes: [
      { ...AXIS, space: 80, size: 30, values: (u, vals) => vals.map(timeLabel) },
      { ...AXIS, size: 52, values: (u, vals) => vals.map(spec.axis) },
    ],
    series: [{}].concat(spec.series.map((s) => ({
      label: s.label, stroke: s.color, width: 2, fill: s.fill, points: { show: false }, spanGaps: false,
    }))),
  };
}

/** One chart panel: its ring buffer, its uPlot (created lazily once the panel has a size), its readout. */
class ChartPanel {
  constructor(name, spec, panel) {
    this.name = name;
    this.spec = spec;
    this.body = panel.querySelector('.chart-body');
    this.readout = panel.querySelector('[data-readout]');
    this.ring = new RingSeries(CAPACITY, spec.series.length);
    this.dirty = false;
    this.plot = null;
    this.buildReadout();
    new ResizeObserver(() => this.resize()).observe(this.body);
  }

  buildReadout() {
    this.values = this.spec.series.map((s) => {
      const item = document.createElement('span');
      item.className = 'readout-item';
      item.style.setProperty('--swatch', s.color);
      const name = document.createElement('span');
      name.className = 'readout-name';
      name.textContent = s.label;
      const value = document.createElement('b');
      value.textContent = '–';
      item.append(name, value);
      this.readout.append(item);
      return value;
    });
  }

  size() {
    return { width: Math.floor(this.body.clientWidth), height: Math.floor(this.body.clientHeight) };
  }

  resize() {
    const { width, height } = this.size();
    if (width < 10 || height < 10) {
      return;
    }
    if (!this.plot) {
      this.plot = new uPlot(uplotOptions(this.spec, width, height), this.ring.toData(), this.body);
    } else {
      this.plot.setSize({ width, height });
    }
  }

  push(t, data) {
    this.ring.push(t, this.spec.pick(data));
    this.dirty = true;
  }

  draw() {
    if (!this.dirty) {
      return;
    }
    this.dirty = false;
    if (this.plot) {
      this.plot.setData(this.ring.toData());
    }
    const last = this.ring.last() || [];
    this.values.forEach((el, i) => {
      el.textContent = this.spec.label(Number.isNaN(last[i]) ? null : last[i]);
    });
  }
}

/** Creates a chart for every [data-chart] panel in the document. */
export function createCharts(root = document) {
  const charts = new Map();
  for (const panel of root.querySelectorAll('[data-chart]')) {
    const name = panel.dataset.chart;
    charts.set(name, new ChartPanel(name, CHART_SPECS[name], panel));
  }
  return {
    /** Adds one system metric (time in seconds) to every chart. */
    push(t, data) {
      charts.forEach((c) => c.push(t, data));
    },
    draw() {
      charts.forEach((c) => c.draw());
    },
    pointCount(name) {
      const c = charts.get(name);
      return c ? c.ring.length : 0;
    },
  };
}
