// Number formatting shared by the pages. Every function accepts anything and answers "–" for non-numbers.

const DASH = '–';

function num(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** 1234567 -> "1,234,567" (or a given number of decimals). */
export function int(v, decimals = 0) {
  const n = num(v);
  return n === null ? DASH : n.toLocaleString('en-US', {
    minimumFractionDigits: decimals, maximumFractionDigits: decimals,
  });
}

/** 1234567 -> "1.23M", 12345 -> "12.3k", 999 -> "999". */
export function compact(v) {
  const n = num(v);
  if (n === null) {
    return DASH;
  }
  const a = Math.abs(n);
  if (a >= 1e9) { return (n / 1e9).toFixed(2) + 'B'; }
  if (a >= 1e6) { return (n / 1e6).toFixed(2) + 'M'; }
  if (a >= 1e4) { return (n / 1e3).toFixed(1) + 'k'; }
  return a >= 100 || Number.isInteger(n) ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

/** Money in dollars, compact: "$1.23M". */
export function money(v) {
  const n = num(v);
  return n === null ? DASH : (n < 0 ? '-$' : '$') + compact(Math.abs(n));
}

/** A value that may be a 0..1 fraction or already a percentage, as a percentage number. */
export function asPercent(v) {
  const n = num(v);
  if (n === null) {
    return null;
  }
  return Math.abs(n) <= 1 ? n * 100 : n;
}

/** A 0..1 fraction (or a percentage) as "12.3%". */
export function pct(v, decimals = 1) {
  const p = asPercent(v);
  return p === null ? DASH : p.toFixed(decimals) + '%';
}

/** A value that is always a fraction (error rates: 0.5 means 50%), as "50.00%". */
export function fractionPct(v, decimals = 2) {
  const n = num(v);
  return n === null ? DASH : (n * 100).toFixed(decimals) + '%';
}

/** Milliseconds: "12.3 ms", "1.25 s". */
export function ms(v) {
  const n = num(v);
  if (n === null) {
    return DASH;
  }
  return n >= 1000 ? (n / 1000).toFixed(2) + ' s' : (n >= 10 ? n.toFixed(0) : n.toFixed(1)) + ' ms';
}

/** An ISO timestamp as local "HH:MM:SS". */
export function clock(iso) {
  const d = iso ? new Date(iso) : new Date();
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleTimeString('en-GB', { hour12: false });
}
