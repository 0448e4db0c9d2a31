// A bounded ring buffer of time-series points for one chart: x (seconds) plus N y-series.
// Points closer together than `bucketSeconds` are merged (the latest value wins), so at most
// capacity points are kept and they always cover at least capacity * bucketSeconds of time.

/** Points closer together than this (seconds) are merged, unless a series is given another bucket. */
export const BUCKET_SECONDS = 0.25;

export class RingSeries {
  constructor(capacity, seriesCount, bucketSeconds = BUCKET_SECONDS) {
    this.capacity = capacity;
    this.bucketSeconds = bucketSeconds;
    this.xs = new Float64Array(capacity);
    this.ys = Array.from({ length: seriesCount }, () => new Float64Array(capacity));
    this.start = 0;
    this.size = 0;
    this.lastBucket = -Infinity;
  }

  get length() {
    return this.size;
  }

  /** Adds a point at time t (seconds); values missing or not finite become NaN (a gap). */
  push(t, values) {
    const bucket = Math.floor(t / this.bucketSeconds);
    let i;
    if (this.size > 0 && bucket <= this.lastBucket) {
      i = (this.start + this.size - 1) % this.capacity;   // same bucket or out of order: merge into the last point
      t = Math.max(t, this.xs[i]);
    } else if (this.size < this.capacity) {
      i = (this.start + this.size) % this.capacity;
      this.size++;
      this.lastBucket = bucket;
    } else {
      i = this.start;
      this.start = (this.start + 1) % this.capacity;
      this.lastBucket = bucket;
    }
    this.xs[i] = t;
    for (let s = 0; s < this.ys.length; s++) {
      const v = values[s];
      this.ys[s][i] = typeof v === 'number' && Number.isFinite(v) ? v : NaN;
    }
  }

  /** The latest values, or null when empty. */
  last() {
    if (this.size === 0) {
      return null;
    }
    const i = (this.start + this.size - 1) % this.capacity;
    return this.ys.map((y) => y[i]);
  }

  /** The points oldest first, as uPlot data: [xs, ys0, ys1, ...] (fresh arrays, NaN as null). */
  toData() {
    const out = [new Array(this.size)];
    for (let s = 0; s < this.ys.length; s++) {
      out.push(new Array(this.size));
    }
    for (let k = 0; k < this.size; k++) {
      const i = (this.start + k) % this.capacity;
      out[0][k] = this.xs[i];
      for (let s = 0; s < this.ys.length; s++) {
        const v = this.ys[s][i];
        out[s + 1][k] = Number.isNaN(v) ? null : v;
      }
    }
    return out;
  }
}
