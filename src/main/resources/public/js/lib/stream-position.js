// Where a page stands in the server's seq stream (SPEC section 8) and the replay it asks for after each welcome:
// the last `windowSeconds` on the first connection, `since_seq` after a reconnect to the same epoch, and by time
// (since the connection dropped) after a server restart, which the welcome shows as a new epoch.
//
// Live metrics that arrive between the welcome and the replay's replay_complete are held: the server may deliver
// some live before it reads the replay request, and the replay then brings them again, after older ones. When the
// replay completes, the held ones follow, less the seqs already taken, so every seq is taken once and in order.
import { clock } from './format.js';

/** What a welcome of a new epoch means, unless the close before it said more. */
export const RESTARTED = 'The server restarted; charts continue from its history.';
/** A node of a cluster closed with 1012: the cluster's Redis lost its data, and a new epoch began. */
export const CLUSTER_HISTORY_LOST = "The cluster's history was lost (its Redis restarted without its data); charts "
  + 'continue from the new one.';

/** How many of the latest seqs taken are kept for seqs() (tests and the console read them). */
export const SEQ_LOG = 10000;

/** An envelope's timestamp (microseconds, as the server writes them) as local "HH:MM:SS"; now for none. */
function at(timestamp) {
  return clock(typeof timestamp === 'string' ? timestamp.replace(/(\.\d{3})\d+/, '$1') : timestamp);
}

function minutes(seconds) {
  return seconds % 60 === 0 ? `${seconds / 60} minute${seconds === 60 ? '' : 's'}` : `${seconds} seconds`;
}

export class StreamPosition {
  constructor(windowSeconds, now = () => Date.now()) {
    this.windowSeconds = windowSeconds;
    this.now = now;
    this.epoch = null;          // the seq stream the seqs below belong to
    this.lastSeq = null;        // the seq taken last in that epoch
    this.lastTimestamp = null;  // its envelope's timestamp
    this.resumeSeq = 0;         // every metric up to here reached the page (or was not for it): resume after it
    this.welcomeSeq = 0;        // the welcome's seq on this connection
    this.awaiting = false;      // a replay was asked for on this connection and has not completed
    this.mode = null;           // why that replay was asked for: 'open', 'resume' or 'restart'
    this.request = null;        // the replay message sent
    this.held = [];             // live envelopes that came before the replay completed
    this.lostAt = null;         // when the connection dropped (ms), for the replay after a restart
    this.restartText = RESTARTED; // what a new epoch is said to be: set from the close that preceded it
    this.replayStart = null;    // {since, timestamp}: where the page stood when it asked for the replay
    this.firstReplayed = null;  // the timestamp of the first metric the replay brought
    this.seqLog = [];
    this.replayed = 0;
    this.duplicates = 0;
    this.completes = [];
  }

  /**
   * The replay message to send after this welcome, or null for a server that names no epoch. Sets `mode`; a
   * welcome of another epoch than the page's starts that epoch afresh.
   */
  onWelcome(welcome) {
    this.held = [];
    this.awaiting = false;
    this.firstReplayed = null;
    if (typeof welcome.epoch !== 'string' || welcome.epoch === '') {
      this.request = null;
      return null;
    }
    this.welcomeSeq = typeof welcome.seq === 'number' ? welcome.seq : 0;
    if (this.epoch === null || (welcome.epoch === this.epoch && this.position() === 0)) {
      this.mode = 'open';
      this.request = { type: 'replay', since_seconds: this.windowSeconds };
    } else if (welcome.epoch === this.epoch) {
      this.mode = 'resume';
      this.request = { type: 'replay', since_seq: this.position(), epoch: this.epoch };
    } else {
      this.mode = 'restart';
      const away = this.lostAt === null ? this.windowSeconds : Math.ceil((this.now() - this.lostAt) / 1000) + 1;
      this.request = { type: 'replay', since_seconds: Math.max(1, Math.min(this.windowSeconds, away)) };
      this.lastSeq = null;
      this.resumeSeq = 0;
      this.seqLog = [];
    }
    this.epoch = welcome.epoch;
    this.replayStart = { since: this.position(), timestamp: this.lastTimestamp };
    this.awaiting = true;
    return this.request;
  }

  /** The latest seqs taken in this epoch (at most SEQ_LOG), oldest first. */
  seqs() {
    return this.seqLog.slice(-SEQ_LOG);
  }

  /** The seq after which the page misses nothing. */
  position() {
    return Math.max(this.resumeSeq, this.lastSeq ?? 0);
  }

  /** The connection dropped: what was held goes (the next replay brings it again), and the time is noted. */
  onClose() {
    this.held = [];
    this.awaiting = false;
    if (this.lostAt === null) {
      this.lostAt = this.now();
    }
  }

  /**
   * Sorts a metric_update or metric_batch: answers the envelopes to take now (replay frames, or live ones while
   * no replay is awaited); live ones that came while one is awaited are held until it completes.
   */
  deliveries(msg) {
    const envs = msg.type === 'metric_batch' ? (Array.isArray(msg.data) ? msg.data : []) : [msg.data];
    if (msg.replay === true || !this.awaiting) {
      return envs;
    }
    this.held.push(...envs);
    return [];
  }

  /** Whether to take this envelope: false for a seq the page already has in this epoch. Records the ones taken. */
  take(env, replayed) {
    const seq = env.seq;
    if (typeof seq === 'number') {
      if (this.lastSeq !== null && seq <= this.lastSeq) {
        this.duplicates++;
        return false;
      }
      this.lastSeq = seq;
      this.seqLog.push(seq);
      if (this.seqLog.length >= 2 * SEQ_LOG) {
        this.seqLog.splice(0, this.seqLog.length - SEQ_LOG);   // now and then, not once per metric
      }
    }
    this.lastTimestamp = env.timestamp ?? this.lastTimestamp;
    if (replayed) {
      this.replayed++;
      if (this.firstReplayed === null) {
        this.firstReplayed = env.timestamp ?? null;
      }
    }
    return true;
  }

  /** The server refused the replay: no replay_complete will come; answers the held envelopes, to take now. */
  abandon() {
    const held = this.held;
    this.held = [];
    this.awaiting = false;
    return held;
  }

  /**
   * A replay_complete: answers the held live envelopes (to take now, in order) and the notice to show, if any
   * ({kind: 'gap' | 'restart', text}).
   */
  onComplete(msg) {
    this.completes.push({ request: this.request, complete: msg });
    if (this.completes.length > 20) {
      this.completes.shift();
    }
    const held = this.held;
    this.held = [];
    this.awaiting = false;
    // The replay reached at least to the welcome's seq, and everything after it comes live.
    this.resumeSeq = Math.max(this.resumeSeq, this.welcomeSeq, typeof msg.to_seq === 'number' ? msg.to_seq : 0);
    this.lostAt = null;
    return { held, notice: this.notice(msg) };
  }

  notice(msg) {
    const until = at(this.firstReplayed);
    if (this.mode === 'restart') {
      return {
        kind: 'restart',
        text: this.restartText
          + (msg.recovered === false ? ` Its history did not reach back far enough: metrics before ${until}`
            + ' are missing.' : ''),
      };
    }
    if (msg.recovered !== false) {
      return null;
    }
    if (this.mode === 'resume') {
      const from = this.replayStart.timestamp ? at(this.replayStart.timestamp) : 'the last one received';
      return {
        kind: 'gap',
        text: `History did not reach back far enough: some metrics between ${from} and ${until} are missing`
          + ` (after seq ${this.replayStart.since}).`,
      };
    }
    return {
      kind: 'gap',
      text: `History did not reach back ${minutes(this.windowSeconds)}: metrics before ${until} are missing.`,
    };
  }
}
