// Camera segments three ways in one run, 50 viewers each: straight from the camera farm, through
// Vigil's own proxy (Node), and through the reference nginx (deploy/nginx/vigil.conf) that Vigil
// hands segments to — plus how many times the camera is asked for one segment that ten viewers
// want at once.
import { randomBytes } from 'node:crypto';
import { startNginx } from '@/test/support/nginx';
import { cpuSeconds, vigilServerPid } from '@/test/support/process-cpu';
import { freePort, startServer } from '@/test/support/server';
import { signInHttp } from '@/test/support/session';
import { throughput } from '@/test/bench/video';

const PASSWORD = 'Vigil@2026';

export async function benchVideoDelivery(farmPort: number) {
  // nginx's certificate is self-signed; this process makes no other TLS calls.
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
  const accelKey = randomBytes(24).toString('base64url');
  const port = await freePort();
  const server = await startServer({ DATABASE_URL: '', VIDEO_ACCEL_KEY: accelKey, TRUSTED_PROXIES: '127.0.0.1', NEXTAUTH_URL: `https://127.0.0.1:${port}`, CAMERA_NETWORKS: '127.0.0.1' });
  const nginx = await startNginx({ port, instances: [new URL(server.baseUrl).host], accelKey });
  try {
    const admin = await signInHttp(nginx.baseUrl, 'admin', PASSWORD);
    const operator = await signInHttp(nginx.baseUrl, 'operator', PASSWORD);
    const create = await fetch(`${nginx.baseUrl}/api/cameras`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: admin, Origin: nginx.baseUrl },
      body: JSON.stringify({ name: 'bench camera', kind: 'fixed', lon: 107.9, lat: 21.5, bearingDeg: 0, fovDeg: 60, rangeM: 100, streamUrl: `http://127.0.0.1:${farmPort}/cam/1/index.m3u8`, agencyId: 'bdbp-qn' }),
    });
    if (create.status !== 201) throw new Error(`create camera: HTTP ${create.status}`);
    const { id } = (await create.json()) as { id: string };
    const segmentUrls = async (base: string) => {
      const entry = await (await fetch(`${base}/api/cameras/${id}/hls/index.m3u8`, { headers: { Cookie: operator } })).text();
      const media = base + entry.split('\n').find((l) => l.startsWith('/api/'))!;
      return async () => (await (await fetch(media, { headers: { Cookie: operator } })).text()).split('\n').filter((l) => l.startsWith('/api/')).map((l) => base + l);
    };
    const direct = async () => {
      const text = await (await fetch(`http://127.0.0.1:${farmPort}/cam/1/index.m3u8`)).text();
      return text.split('\n').filter((l) => l.startsWith('/seg/')).map((l) => `http://127.0.0.1:${farmPort}${l}`);
    };
    const viaNode = await segmentUrls(server.baseUrl);
    const viaNginx = await segmentUrls(nginx.baseUrl);
    const viewers = 50;
    const ms = Number(process.env.BENCH_VIDEO_MS ?? 10_000);
    await throughput(viaNginx, { Cookie: operator }, 5, 1000); // warm-up (routes compiled, TLS sessions)
    await throughput(viaNode, { Cookie: operator }, 5, 1000);
    // Vigil's own process (npm start's child): what each way costs it per GB delivered.
    const vigil = vigilServerPid(server.pid);
    const measured = async (urls: () => Promise<string[]>, headers: Record<string, string>) => {
      const cpu0 = cpuSeconds(vigil);
      const result = await throughput(urls, headers, viewers, ms);
      return { ...result, vigilCpuSecondsPerGB: +((cpuSeconds(vigil) - cpu0) / ((result.mbPerS * ms) / 1e6)).toFixed(2) };
    };
    const d = await throughput(direct, {}, viewers, ms);
    const n = await measured(viaNode, { Cookie: operator });
    const x = await measured(viaNginx, { Cookie: operator });

    // Ten viewers ask for a segment nobody has fetched yet, at once: how often is the camera asked?
    await new Promise((r) => setTimeout(r, 2_100)); // the farm's next segment
    const before = (await (await fetch(`http://127.0.0.1:${farmPort}/stats`)).json()) as Record<string, number>;
    const newest = (await viaNginx()).at(-1)!;
    await Promise.all(Array.from({ length: 10 }, async () => (await fetch(newest, { headers: { Cookie: operator } })).arrayBuffer()));
    const after = (await (await fetch(`http://127.0.0.1:${farmPort}/stats`)).json()) as Record<string, number>;
    const asked = Object.entries(after).filter(([name, count]) => count > (before[name] ?? 0));

    return {
      viewers,
      directMBps: +d.mbPerS.toFixed(1),
      nodeMBps: +n.mbPerS.toFixed(1),
      nginxMBps: +x.mbPerS.toFixed(1),
      nodeToDirect: +(n.mbPerS / d.mbPerS).toFixed(2),
      nginxToDirect: +(x.mbPerS / d.mbPerS).toFixed(2),
      vigilCpuSecondsPerGBViaNode: n.vigilCpuSecondsPerGB,
      vigilCpuSecondsPerGBViaNginx: x.vigilCpuSecondsPerGB,
      cameraFetchesForTenViewers: asked.reduce((sum, [name, count]) => sum + count - (before[name] ?? 0), 0),
    };
  } finally {
    await nginx.stop();
    await server.stop();
  }
}
