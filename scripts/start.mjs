#!/usr/bin/env node
// `npm start`: builds the app when its sources changed since the last build, then serves it.
// With no DATABASE_URL the embedded PGlite + PostGIS engine is used under ./data, and the
// demo data is seeded on first start. Settings: see README.md and .env.example.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SOURCES = ['app', 'components', 'lib', 'db', 'messages', 'public/glyphs', 'types', 'instrumentation.ts', 'proxy.ts', 'next.config.ts', 'package-lock.json', 'tsconfig.json'];
const stampFile = path.join(root, '.next', 'vigil-source-hash');

function hashSources() {
  const hash = createHash('sha256');
  const visit = (p) => {
    const full = path.join(root, p);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full).sort()) visit(path.join(p, entry));
    } else {
      hash.update(p).update(readFileSync(full));
    }
  };
  SOURCES.forEach(visit);
  return hash.digest('hex');
}

const next = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const current = hashSources();
const built = existsSync(path.join(root, '.next', 'BUILD_ID')) && existsSync(stampFile) ? readFileSync(stampFile, 'utf8') : null;
if (built !== current) {
  // The build prints little while it compiles: say what is happening and how long it has taken.
  console.log('Vigil: building the app (first start, or the sources changed): about 1–2 minutes on a 2-core machine…');
  const started = Date.now();
  const result = await new Promise((resolve) => {
    const child = spawn(process.execPath, [next, 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
    const ticker = setInterval(() => console.log(`Vigil: still building… ${Math.round((Date.now() - started) / 1000)} s`), 20_000);
    child.on('exit', (code) => {
      clearInterval(ticker);
      resolve(code);
    });
  });
  if (result !== 0) process.exit(typeof result === 'number' ? result : 1);
  writeFileSync(stampFile, current);
  console.log(`Vigil: built in ${Math.round((Date.now() - started) / 1000)} s`);
}

const port = process.env.PORT ?? '3000';
const env = {
  ...process.env,
  NODE_ENV: 'production',
  NEXT_TELEMETRY_DISABLED: '1',
  // Sign-in redirects follow the Host header unless NEXTAUTH_URL pins the public URL
  // (set it when Vigil sits behind a reverse proxy).
  AUTH_TRUST_HOST: process.env.AUTH_TRUST_HOST ?? (process.env.NEXTAUTH_URL ? '' : 'true'),
};
// Vigil's own server in front of Next (scripts/server.mjs): it passes on the client's address.
const server = spawn(process.execPath, [path.join(root, 'scripts', 'server.mjs')], { cwd: root, stdio: 'inherit', env: { ...env, PORT: port } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
