import 'server-only';

// The live streams this process holds open, so they can be ended from outside the request that
// opened them: at once when their session is revoked here (sign-out, password change, account
// disabled; other instances notice within their re-check interval), and all of them when the
// server shuts down, so it can close the database cleanly instead of waiting on open sockets.

export interface OpenStream {
  sessionId: string | null;
  userId: string;
  /** Ends the stream; `retryMs` tells the browser when to come back. */
  end: (retryMs?: number) => void;
}

const KEY = Symbol.for('vigil.open-streams');
type GlobalWithStreams = typeof globalThis & { [KEY]?: Set<OpenStream> };

function registry(): Set<OpenStream> {
  const g = globalThis as GlobalWithStreams;
  return (g[KEY] ??= new Set());
}

/** Registers an open stream; the returned function forgets it (call it when the stream ends). */
export function registerStream(stream: OpenStream): () => void {
  registry().add(stream);
  return () => registry().delete(stream);
}

/** Ends the streams that match; returns how many. */
export function endStreams(match: (s: OpenStream) => boolean, retryMs?: number): number {
  let ended = 0;
  for (const s of [...registry()]) {
    if (!match(s)) continue;
    registry().delete(s);
    s.end(retryMs);
    ended++;
  }
  return ended;
}

export function openStreamCount(): number {
  return registry().size;
}
