#!/usr/bin/env node
// Vigil's HTTP server: Next.js behind a plain Node server whose one job is to pass on who is
// connecting. The connection's address goes into the x-vigil-peer request header (replacing
// anything a client sent), which lib/net/client-address.ts trusts only from this process;
// X-Forwarded-For counts only from the proxies named in TRUSTED_PROXIES.
import { createServer } from 'node:http';
import path from 'node:path';
import next from 'next';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND || undefined;

globalThis[Symbol.for('vigil.peer-header')] = true;
const app = next({ dev: false, dir: root, port, hostname: hostname ?? 'localhost' });
await app.prepare();
const handle = app.getRequestHandler();
// Next may return from prepare() while the instrumentation hook (lib/startup: database,
// migrations, seeding) is still running: listen only once it has finished, so nobody is told
// Vigil is ready, and no request arrives, before it is.
for (let waited = 0; !globalThis[Symbol.for('vigil.startup')] && waited < 600; waited++) await new Promise((r) => setTimeout(r, 50));
await globalThis[Symbol.for('vigil.startup')];

let stopping = false;
const server = createServer((req, res) => {
  if (stopping) {
    // Requests still arriving on kept-alive connections finish, but their connections close after
    // them; a new live stream is sent to try again (another instance, or this one restarted).
    res.setHeader('Connection', 'close');
    if (req.url?.startsWith('/api/events')) {
      res.writeHead(503, { 'Retry-After': '1', 'Content-Type': 'application/json' }).end('{"error":{"code":"unavailable","message":"Server is restarting"}}');
      return;
    }
  }
  req.headers['x-vigil-peer'] = req.socket.remoteAddress ?? '';
  void handle(req, res);
});
// Slow clients must not hold sockets forever; SSE streams send a heartbeat well within this.
server.headersTimeout = 30_000;
server.requestTimeout = 0;
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => console.log(`Vigil is ready: open http://${hostname ?? 'localhost'}:${port} (demo sign-ins are listed on the login page)`));

// A stop closes the database cleanly: no new connections, live streams ended, requests in flight
// finished (up to DRAIN_MS), jobs stopped, then the engine checkpointed and closed. A stop that
// cannot finish within STOP_MS exits anyway; the write-ahead log still holds every acknowledged
// write, and the next start replays it.
const DRAIN_MS = 8_000;
const STOP_MS = 20_000;
const shutdown = async (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`Vigil: ${signal} received, stopping`);
  setTimeout(() => {
    console.error('Vigil: could not stop cleanly in time; exiting');
    process.exit(1);
  }, STOP_MS).unref();
  const closed = new Promise((resolve) => server.close(resolve));
  const drain = async () => {
    // Connections turn idle as their last request ends (a live stream once the app ends it).
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())]);
    clearInterval(idle);
    server.closeAllConnections();
  };
  const appShutdown = globalThis[Symbol.for('vigil.shutdown')];
  const started = Date.now();
  try {
    if (appShutdown) await appShutdown(drain);
    else await drain();
  } catch (err) {
    console.error(`Vigil: error while stopping: ${err?.message ?? err}`);
    process.exit(1);
  }
  console.log(`Vigil: stopped cleanly in ${Date.now() - started} ms (database closed)`);
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
