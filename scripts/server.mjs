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

const server = createServer((req, res) => {
  req.headers['x-vigil-peer'] = req.socket.remoteAddress ?? '';
  void handle(req, res);
});
// Slow clients must not hold sockets forever; SSE streams send a heartbeat well within this.
server.headersTimeout = 30_000;
server.requestTimeout = 0;
server.keepAliveTimeout = 65_000;
server.listen(port, hostname, () => console.log(`Vigil listening on http://${hostname ?? 'localhost'}:${port}`));

const shutdown = () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 5_000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
