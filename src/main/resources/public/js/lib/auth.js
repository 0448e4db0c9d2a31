// Tokens in the pages (docs/SECURITY.md): a page opened with ?token=TOKEN passes the token on to its WebSocket URL
// (a browser's WebSocket cannot send an Authorization header), and, when its WebSocket does not open, asks the server
// why: a browser shows a refused handshake only as a closed socket, so the page repeats the request as a plain POST
// (which carries the page's Origin, as the handshake did), and the server answers it with the same checks: 403 or 401
// with the reason, or 426 when it would have upgraded.

/** The close reason the server gives when a connection's token expired (close code 1008). */
export const TOKEN_EXPIRED = 'token expired';

/** The page's own ?token= parameter, or '' when it has none. */
export function pageToken(loc = window.location) {
  return new URLSearchParams(loc.search).get('token') || '';
}

/** `url` with `token` as its token parameter (replacing any); unchanged when `token` is empty. */
export function withToken(url, token) {
  if (!token) {
    return url;
  }
  const u = new URL(url);
  u.searchParams.set('token', token);
  return u.toString();
}

/** The URL without its token parameter, for showing on the page. */
export function withoutToken(url) {
  try {
    const u = new URL(url);
    u.searchParams.delete('token');
    return u.toString();
  } catch (e) {
    return url;
  }
}

/** The http(s) URL of a ws(s) URL. */
export function httpUrlOf(wsUrl) {
  const u = new URL(wsUrl);
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  return u.toString();
}

/** Whether the page may ask about `wsUrl`: only on its own origin (another would be a cross-origin request). */
export function sameOrigin(wsUrl, loc = window.location) {
  try {
    return new URL(httpUrlOf(wsUrl)).origin === loc.origin;
  } catch (e) {
    return false;
  }
}

/**
 * Why the WebSocket at `wsUrl` was refused: {status, error} when the server answers 401 (no valid token) or 403 (the
 * page's origin, or the URL asks for more than the token allows); null when it refuses nothing (it is not reachable,
 * it is another origin, which the page does not ask, or it would upgrade).
 */
export async function refusalOf(wsUrl) {
  if (!sameOrigin(wsUrl)) {
    return null;
  }
  try {
    const r = await fetch(httpUrlOf(wsUrl), { method: 'POST', cache: 'no-store' });
    if (r.status === 401 || r.status === 403) {
      const body = await r.json().catch(() => ({}));
      return { status: r.status, error: body.error || r.statusText };
    }
  } catch (e) {
    // Not reachable or not readable from here: nothing to say beyond the closed socket.
  }
  return null;
}

/** What a person is told about a refusal, with what to do about it. */
export function refusalText(refusal) {
  const hint = refusal.status === 401
    ? ' Open this page with ?token=TOKEN (a valid token; see docs/SECURITY.md).'
    : '';
  return `The server refused the connection (HTTP ${refusal.status}): ${refusal.error}.${hint}`;
}
