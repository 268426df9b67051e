import { HlsUpstream } from '@/test/support/hls-upstream';
import { signInHttp } from '@/test/support/session';
import { DEMO_PASSWORD } from '@/db/seed';
const u = new HlsUpstream({ programDateTime: true });
await u.start();
console.log('upstream', u.url, u.dir);
const base = 'http://127.0.0.1:3999';
for (let i = 0; i < 120; i++) { try { if ((await fetch(base + '/api/health')).ok) break; } catch {} await new Promise((r) => setTimeout(r, 1000)); }
const cookie = await signInHttp(base, 'admin', DEMO_PASSWORD);
const res = await fetch(base + '/api/cameras', { method: 'POST', headers: { cookie, 'Content-Type': 'application/json', Origin: base }, body: JSON.stringify({ name: 'dbg', kind: 'fixed', lon: 107.95, lat: 21.46, bearingDeg: 10, fovDeg: 60, rangeM: 300, streamUrl: u.url, agencyId: 'bdbp-qn', record: true }) });
console.log('camera', res.status, await res.text());
await new Promise((r) => setTimeout(r, 600_000));
