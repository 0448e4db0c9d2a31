// A WebSocket that reconnects by itself: 0.5 s after the first failure, doubling to at most 5 s.
// States: "connecting" (first attempt), "live" (open), "reconnecting" (waiting for or making a retry).
// onOpen runs after every (re)connection, so the caller can resubscribe there. onClose (optional) sees each close
// event and whether that socket had opened; returning false stops the retries (state "stopped"), as stop() does.

export const FIRST_DELAY_MS = 500;
export const MAX_DELAY_MS = 5000;

/** The wait before retry number `attempt` (1-based): 0.5 s, 1 s, 2 s, 4 s, 5 s, 5 s... */
export function backoffMs(attempt) {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempt - 1));
}

/** The ws(s)://host/ws URL of the page's own origin, unless the page's ?ws= parameter names another one. */
export function defaultWsUrl(loc = window.location) {
  const given = new URLSearchParams(loc.search).get('ws');
  if (given) {
    return given;
  }
  return (loc.protocol === 'https:' ? 'wss://' : 'ws://') + loc.host + '/ws';
}

export class ReconnectingSocket {
  constructor(url, { onOpen, onMessage, onState, onClose }) {
    this.url = url;
    this.onOpen = onOpen;
    this.onMessage = onMessage;
    this.onState = onState;
    this.onClose = onClose;
    this.stopped = false;
    this.state = 'connecting';
    this.attempt = 0;
    this.retryAt = 0;
    this.ws = null;
    this.timer = null;
  }

  start() {
    this.open();
    return this;
  }

  send(obj) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(obj));
      return true;
    }
    return false;
  }

  setState(state) {
    this.state = state;
    this.onState(state, { attempt: this.attempt, retryAt: this.retryAt });
  }

  /** No more retries: the socket is left closed (state "stopped") until start() again. */
  stop() {
    this.stopped = true;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.ws) {
      const ws = this.ws;
      this.ws = null;
      ws.close();
    }
    this.setState('stopped');
  }

  open() {
    this.timer = null;
    this.stopped = false;
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.attempt = 0;
      this.setState('live');
      this.onOpen(this);
    };
    ws.onmessage = (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch (e) {
        console.warn('metrics-streamer: ignoring a message that is not JSON');
        return;
      }
      this.onMessage(msg);
    };
    ws.onclose = (ev) => {
      if (this.ws === ws) {
        this.ws = null;
        if (this.onClose && this.onClose(ev, opened) === false) {
          this.stop();
        } else if (!this.stopped) {
          this.scheduleRetry();
        }
      }
    };
  }

  scheduleRetry() {
    if (this.timer || this.stopped) {
      return;
    }
    this.attempt++;
    const delay = backoffMs(this.attempt);
    this.retryAt = Date.now() + delay;
    this.setState('reconnecting');
    this.timer = setTimeout(() => this.open(), delay);
  }
}
