// A small transaction-flow diagram: the nodes of the presentation data at their [x, y] positions,
// coloured by status. Nodes in neighbouring columns (distinct x) are joined left to right.
import { compact, ms } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 600;
const H = 220;
const PAD_X = 60;
const PAD_Y = 38;

/** Maps a node status to healthy / degraded / down / unknown. */
export function statusClass(status) {
  const s = String(status || '').toLowerCase();
  if (/^(ok|up|healthy|active|running|normal|green|online)$/.test(s)) {
    return 'healthy';
  }
  if (/^(degraded|warn|warning|slow|busy|yellow|amber|overloaded|recovering)$/.test(s)) {
    return 'degraded';
  }
  if (/^(down|failed|failing|error|critical|offline|red|dead)$/.test(s)) {
    return 'down';
  }
  return 'unknown';
}

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) {
    e.setAttribute(k, v);
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

function layout(nodes) {
  const xs = nodes.map((n) => Number(n.position?.[0]) || 0);
  const ys = nodes.map((n) => Number(n.position?.[1]) || 0);
  const scale = (v, min, max, lo, hi) => (max > min ? lo + ((v - min) / (max - min)) * (hi - lo) : (lo + hi) / 2);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return nodes.map((n, i) => ({
    node: n,
    rawX: xs[i],
    x: scale(xs[i], minX, maxX, PAD_X, W - PAD_X),
    y: scale(ys[i], minY, maxY, PAD_Y, H - PAD_Y),
  }));
}

function edges(points) {
  const columns = [...new Set(points.map((p) => p.rawX))].sort((a, b) => a - b);
  const out = [];
  for (let c = 0; c + 1 < columns.length; c++) {
    const from = points.filter((p) => p.rawX === columns[c]);
    const to = points.filter((p) => p.rawX === columns[c + 1]);
    from.forEach((a) => to.forEach((b) => out.push([a, b])));
  }
  return out;
}

export class FlowView {
  constructor(svgEl, emptyEl) {
    this.svg = svgEl;
    this.empty = emptyEl;
    this.latest = null;
  }

  update(nodes) {
    if (Array.isArray(nodes)) {
      this.latest = nodes.filter((n) => n && typeof n === 'object').slice(0, 40);
    }
  }

  draw() {
    if (!this.latest) {
      return;
    }
    const points = layout(this.latest);
    this.latest = null;
    const perColumn = new Map();
    points.forEach((p) => perColumn.set(p.rawX, (perColumn.get(p.rawX) || 0) + 1));
    const frag = document.createDocumentFragment();
    for (const [a, b] of edges(points)) {
      frag.append(svg('path', { class: 'flow-edge', d: `M${a.x},${a.y} C${(a.x + b.x) / 2},${a.y} ` +
        `${(a.x + b.x) / 2},${b.y} ${b.x},${b.y}` }));
    }
    for (const p of points) {
      const n = p.node;
      const g = svg('g', { class: 'flow-node st-' + statusClass(n.status), 'data-node-id': String(n.node_id),
        transform: `translate(${p.x.toFixed(1)},${p.y.toFixed(1)})` });
      const label = String(n.node_id ?? n.node_type ?? '');
      const sub = `${compact(n.throughput)}/s · ${ms(n.latency_ms)}`;
      if (perColumn.get(p.rawX) > 3) {
        // A crowded column (many agents): small dots, one label line beside each, so nothing overlaps.
        g.append(svg('circle', { r: 10, class: 'halo' }), svg('circle', { r: 6, class: 'core' }),
          svg('text', { x: 15, y: 4, class: 'flow-label flow-label-side' }, `${label}  ${sub}`));
      } else {
        g.append(svg('circle', { r: 15, class: 'halo' }), svg('circle', { r: 9, class: 'core' }),
          svg('text', { y: -22, class: 'flow-label' }, label), svg('text', { y: 30, class: 'flow-sub' }, sub));
      }
      g.append(svg('title', {}, `${n.node_id} (${n.node_type}): ${n.status}`));
      frag.append(g);
    }
    this.svg.replaceChildren(frag);
    this.empty.hidden = points.length > 0;
  }
}
