import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@/test/support/server';

// Debian's nginx in front of app instances, configured by the repository's own
// deploy/nginx/vigil.conf: only the lines it marks CHANGE are replaced (the instances, the ports,
// the certificate, the cache folder and the accel key), so a test of the deployment tests what
// users copy. The certificate is self-signed, made by openssl for 127.0.0.1.

export const NGINX_CONF = path.resolve(import.meta.dirname, '..', '..', 'deploy', 'nginx', 'vigil.conf');

/** Debian's nginx (in /usr/sbin, which a user's PATH may lack), or NGINX_PATH. */
const NGINX = process.env.NGINX_PATH ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');

export interface RunningNginx {
  /** https://127.0.0.1:<port> */
  baseUrl: string;
  /** The plain-HTTP port, which only redirects to HTTPS. */
  httpPort: number;
  errorLog(): string;
  stop(): Promise<void>;
}

/** Replaces `from` in `text`, failing when the shipped file no longer has it (the test would test something else). */
function replaceOnce(text: string, from: string | RegExp, to: string): string {
  const found = typeof from === 'string' ? text.includes(from) : from.test(text);
  if (!found) throw new Error(`deploy/nginx/vigil.conf no longer contains ${String(from)}`);
  return text.replace(from, to);
}

/** deploy/nginx/vigil.conf with its CHANGE lines filled in for this machine. */
export function localNginxConf(options: { instances: string[]; port: number; httpPort: number; dir: string; accelKey: string }): string {
  let conf = readFileSync(NGINX_CONF, 'utf8');
  conf = replaceOnce(conf, /(\n\s*server 127\.0\.0\.1:300\d[^\n]*)+/, options.instances.map((i) => `\n    server ${i} max_fails=1 fail_timeout=5s;`).join(''));
  conf = replaceOnce(conf, '/var/cache/nginx/vigil-video', path.join(options.dir, 'cache'));
  conf = replaceOnce(conf, 'listen 80;', `listen 127.0.0.1:${options.httpPort};`);
  conf = replaceOnce(conf, 'listen 443 ssl http2;', `listen 127.0.0.1:${options.port} ssl http2;`);
  conf = replaceOnce(conf, '/etc/ssl/vigil/fullchain.pem', path.join(options.dir, 'cert.pem'));
  conf = replaceOnce(conf, '/etc/ssl/vigil/privkey.pem', path.join(options.dir, 'key.pem'));
  conf = replaceOnce(conf, 'change-me-to-32-or-more-random-characters', options.accelKey);
  return conf;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** nginx on `port` (a free one unless given: the instances' NEXTAUTH_URL must name it before nginx starts). */
export async function startNginx(options: { instances: string[]; accelKey: string; port?: number }): Promise<RunningNginx> {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-nginx-'));
  mkdirSync(path.join(dir, 'cache'));
  mkdirSync(path.join(dir, 'temp'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  const [port, httpPort] = [options.port ?? (await freePort()), await freePort()];
  writeFileSync(path.join(dir, 'vigil.conf'), localNginxConf({ ...options, port, httpPort, dir }));
  // As root (CI), workers would drop to `nobody`, who cannot write the test's folders.
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `${user}
worker_processes 2;
daemon off;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${path.join(dir, 'temp', 'body')};
  proxy_temp_path ${path.join(dir, 'temp', 'proxy')};
  fastcgi_temp_path ${path.join(dir, 'temp', 'fastcgi')};
  uwsgi_temp_path ${path.join(dir, 'temp', 'uwsgi')};
  scgi_temp_path ${path.join(dir, 'temp', 'scgi')};
  include ${path.join(dir, 'vigil.conf')};
}
`,
  );
  let output = '';
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const errorLog = () => {
    try {
      return output + readFileSync(path.join(dir, 'error.log'), 'utf8');
    } catch {
      return output;
    }
  };
  for (let waited = 0; !(await listening(port)); waited += 100) {
    if (child.exitCode !== null || waited > 10_000) throw new Error(`nginx did not start:\n${errorLog()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl: `https://127.0.0.1:${port}`,
    httpPort,
    errorLog,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        // A fast stop: a graceful one would wait for open live streams (held for an hour).
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
