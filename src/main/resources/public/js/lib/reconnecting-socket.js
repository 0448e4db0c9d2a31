// A WebSocket that reconnects by itself: 0.5 s after the first failure, doubling to at most 5 s.
// States: "connecting" (first attempt), "live" (open), "reconnecting" (waiting for or making a retry).
// onOpen runs after every (re)connection, so the caller can resubscribe there.

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
  constructor(url, { onOpen, onMessage, onState }) {
    this.url = url;
    this.onOpen = onOpen;
    this.onMessage = onMessage;
    this.onState = onState;
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

  open() {
    this.timer = null;
    let ws;
    try {
      ws = new WebSocket(this.url);
    } catch (e) {
      this.scheduleRetry();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
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
    ws.onclose = () => {
      if (this.ws === ws) {
        this.ws = null;
        this.scheduleRetry();
      }
    };
  }

  scheduleRetry() {
    if (this.timer) {
      return;
    }
    this.attempt++;
    const delay = backoffMs(this.attempt);
    this.retryAt = Date.now() + delay;
    this.setState('reconnecting');
    this.timer = setTimeout(() => this.open(), delay);
  }
}
