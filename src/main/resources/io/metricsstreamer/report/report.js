// The run report's charts: uPlot over the JSON embedded in the page. Everything this script needs is in the file.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var sys = data.system || {};
  var endpoints = data.endpoints || [];
  var PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2', '#db2777', '#4b5563',
    '#65a30d', '#9333ea'];
  var HEIGHT = 260;
  var charts = {};

  function missing(v) { return v == null || typeof v !== 'number' || !isFinite(v); }
  function fixed(v, d) { return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }); }
  function tick(unit) {
    return function (v) { return v == null ? '' : v.toLocaleString('en-US') + unit; };
  }
  // Each unit: how a value reads in the legend, and how an axis tick reads.
  var fmt = {
    tps: { value: function (v) { return missing(v) ? '\u2014' : fixed(v, 1) + '/s'; }, tick: tick('/s') },
    ms: { value: function (v) { return missing(v) ? '\u2014' : fixed(v, v < 10 ? 2 : v < 1000 ? 1 : 0) + ' ms'; },
      tick: tick(' ms') },
    pct: { value: function (v) { return missing(v) ? '\u2014' : fixed(v, v < 10 ? 2 : 1) + '%'; }, tick: tick('%') },
  };
  function percent(list) {
    return (list || []).map(function (v) { return missing(v) ? null : v * 100; });
  }
  function hasValues(list) {
    return Array.isArray(list) && list.some(function (v) { return !missing(v); });
  }

  function plotOf(id) {
    return document.querySelector('figure[data-chart="' + id + '"] .plot');
  }

  function empty(id, why) {
    var el = plotOf(id);
    var p = document.createElement('p');
    p.className = 'empty';
    p.textContent = why;
    el.appendChild(p);
  }

  // Draws one chart: x is elapsed seconds, series are {label, values, color, dash} (values aligned with x); range
  // fixes the y axis (else it fits the data).
  function draw(id, x, series, format, range) {
    var shown = series.filter(function (s) { return hasValues(s.values); });
    if (!Array.isArray(x) || x.length === 0 || shown.length === 0) {
      empty(id, 'No data was recorded for this chart.');
      return;
    }
    var el = plotOf(id);
    var opts = {
      width: Math.max(300, el.clientWidth),
      height: HEIGHT,
      scales: { x: { time: false }, y: range ? { range: range } : {} },
      cursor: { drag: { x: true, y: false } },
      axes: [
        { label: 'elapsed seconds', values: function (u, vals) { return vals.map(function (v) { return v + ' s'; }); } },
        { size: 70, values: function (u, vals) { return vals.map(format.tick); } },
      ],
      series: [{ label: 'elapsed', value: function (u, v) { return missing(v) ? '\u2014' : fixed(v, 2) + ' s'; } }]
        .concat(shown.map(function (s, i) {
          return {
            label: s.label, stroke: s.color || PALETTE[i % PALETTE.length], width: 1.5, dash: s.dash,
            spanGaps: true, points: { show: false }, value: function (u, v) { return format.value(v); },
          };
        })),
    };
    var columns = [x].concat(shown.map(function (s) { return s.values; }));
    charts[id] = new uPlot(opts, columns, el);
  }

  // Endpoints have their own times: joined onto one x axis, with gaps where one has no point.
  function drawEndpoints(id, field, format) {
    var tables = endpoints.filter(function (e) { return hasValues(e[field]); })
      .map(function (e) { return { name: e.name, table: [e.elapsed, e[field]] }; });
    if (tables.length === 0) {
      empty(id, 'No endpoint figures were recorded.');
      return;
    }
    var joined = uPlot.join(tables.map(function (t) { return t.table; }));
    draw(id, joined[0], tables.map(function (t, i) {
      return { label: t.name, values: joined[i + 1].map(function (v) { return v === undefined ? null : v; }) };
    }), format);
  }

  draw('throughput', sys.elapsed, [
    { label: 'achieved', values: sys.throughput_tps, color: '#2563eb' },
    { label: 'target', values: sys.target_tps, color: '#4b5563', dash: [6, 4] },
  ], fmt.tps);
  draw('latency', sys.elapsed, [
    { label: 'p50', values: sys.p50_ms, color: '#16a34a' },
    { label: 'p95', values: sys.p95_ms, color: '#d97706' },
    { label: 'p99', values: sys.p99_ms, color: '#dc2626' },
    { label: 'max', values: sys.max_ms, color: '#7c3aed' },
  ], fmt.ms);
  draw('errors', sys.elapsed, [
    { label: 'errors', values: percent(sys.error_rate), color: '#dc2626' },
    { label: 'timeouts', values: percent(sys.timeout_rate), color: '#d97706' },
  ], fmt.pct);
  drawEndpoints('endpoint-p99', 'p99_ms', fmt.ms);
  drawEndpoints('endpoint-throughput', 'throughput_tps', fmt.tps);
  draw('resources', sys.elapsed, [
    { label: 'CPU', values: percent(sys.cpu_utilization), color: '#7c3aed' },
    { label: 'memory', values: percent(sys.memory_utilization), color: '#0891b2' },
  ], fmt.pct, [0, 100]);

  var resizing = 0;
  window.addEventListener('resize', function () {
    cancelAnimationFrame(resizing);
    resizing = requestAnimationFrame(function () {
      Object.keys(charts).forEach(function (id) {
        charts[id].setSize({ width: Math.max(300, plotOf(id).clientWidth), height: HEIGHT });
      });
    });
  });
  window.runReport = { charts: charts, data: data };
  document.documentElement.setAttribute('data-charts-drawn', String(Object.keys(charts).length));
}());
