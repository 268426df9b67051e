// Each point of a period in one screen's view, the two ways the map can ask for it: the vector
// tiles covering a 1920×1080 view (fetched six at a time, as a browser does) against one GeoJSON
// answer for the same view, on the same database in the same run.
import { gzipSync } from 'node:zlib';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const WIDTH = 1920;
const HEIGHT = 1080;
/** Connections a browser opens to one host over HTTP/1.1. */
const PARALLEL = 6;

const worldPx = (z: number) => 512 * 2 ** z;
const toPx = (lon: number, lat: number, z: number) => {
  const phi = (lat * Math.PI) / 180;
  return [((lon + 180) / 360) * worldPx(z), ((1 - Math.log(Math.tan(phi) + 1 / Math.cos(phi)) / Math.PI) / 2) * worldPx(z)] as const;
};
const toLonLat = (x: number, y: number, z: number) => [(x / worldPx(z)) * 360 - 180, (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / worldPx(z)))) * 180) / Math.PI] as const;

/** The 512-pixel tiles a view centred on (lon, lat) at zoom z (moved `shift` pixels east) needs, and its bounding box. */
function view(lon: number, lat: number, z: number, shift = 0) {
  const [px, cy] = toPx(lon, lat, z);
  const cx = px + shift;
  const [x0, y0, x1, y1] = [cx - WIDTH / 2, cy - HEIGHT / 2, cx + WIDTH / 2, cy + HEIGHT / 2];
  const tiles: [number, number][] = [];
  for (let x = Math.floor(x0 / 512); x <= Math.floor(x1 / 512); x++) for (let y = Math.floor(y0 / 512); y <= Math.floor(y1 / 512); y++) tiles.push([x, y]);
  const [w, n] = toLonLat(x0, y0, z);
  const [e, s] = toLonLat(x1, y1, z);
  return { tiles, bbox: [w, s, e, n].map((v) => v.toFixed(6)).join(',') };
}

async function timed(urls: string[], cookie: string) {
  const t0 = performance.now();
  let bytes = 0;
  let gzip = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, urls.length) }, async () => {
      while (next < urls.length) {
        const res = await fetch(urls[next++]!, { headers: { Cookie: cookie } });
        const body = Buffer.from(await res.arrayBuffer());
        if (res.status !== 200 && res.status !== 204) throw new Error(`HTTP ${res.status}: ${body.toString().slice(0, 200)}`);
        bytes += body.byteLength;
        gzip += body.byteLength ? gzipSync(body).byteLength : 0;
      }
    }),
  );
  return { ms: performance.now() - t0, bytes, gzip };
}

/**
 * For views centred on `centres` at zooms 13–15 over the period `filter` (query parameters):
 * p50/p95 of the whole view's time, bytes and gzipped bytes, tiles against GeoJSON. Each round
 * asks with a new period end, so neither the browser's nor any other cache answers.
 */
export async function benchPointViews(baseUrl: string, cookie: string, centres: [number, number][], period: { from: Date; to: Date }, rounds = 10) {
  const out: Record<string, unknown>[] = [];
  for (const z of [13, 14, 15]) {
    type Run = Awaited<ReturnType<typeof timed>>;
    const runs: Record<string, Run[]> = { tiles: [], geojson: [], 'tiles, then a pan of ¼ screen': [], 'geojson, then a pan of ¼ screen': [] };
    const requests: Record<string, number> = {};
    for (let round = -2; round < rounds; round++) {
      for (const [lon, lat] of centres) {
        const { tiles, bbox } = view(lon, lat, z);
        // A pan a quarter of the screen east: the tiles already held stay; GeoJSON asks for the whole view again.
        const panned = view(lon, lat, z, WIDTH / 4);
        const held = new Set(tiles.map(([x, y]) => `${x}/${y}`));
        const newTiles = panned.tiles.filter(([x, y]) => !held.has(`${x}/${y}`));
        const q = `kind=detections&from=${period.from.toISOString()}&to=${new Date(period.to.getTime() - Math.max(0, round) * 1000).toISOString()}`;
        const tileUrls = (list: [number, number][]) => list.map(([x, y]) => `${baseUrl}/api/activity/tiles/${z}/${x}/${y}?${q}`);
        const measured: Record<string, Run> = {
          tiles: await timed(tileUrls(tiles), cookie),
          'tiles, then a pan of ¼ screen': await timed(tileUrls(newTiles), cookie),
          geojson: await timed([`${baseUrl}/api/activity/points?${q}&bbox=${bbox}&zoom=${z}`], cookie),
          'geojson, then a pan of ¼ screen': await timed([`${baseUrl}/api/activity/points?${q}&bbox=${panned.bbox}&zoom=${z}`], cookie),
        };
        Object.assign(requests, { tiles: tiles.length, 'tiles, then a pan of ¼ screen': newTiles.length, geojson: 1, 'geojson, then a pan of ¼ screen': 1 });
        // The first two rounds warm the routes and PostgreSQL's caches.
        if (round >= 0) for (const [way, run] of Object.entries(measured)) runs[way]!.push(run);
      }
    }
    for (const [way, list] of Object.entries(runs)) {
      const ms = list.map((r) => r.ms).sort((a, b) => a - b);
      const mean = (k: 'bytes' | 'gzip') => list.reduce((s, r) => s + r[k], 0) / list.length / 1024;
      out.push({ zoom: z, way, requests: requests[way], p50_ms: +percentile(ms, 50).toFixed(1), p95_ms: +percentile(ms, 95).toFixed(1), kB: +mean('bytes').toFixed(1), kB_gzip: +mean('gzip').toFixed(1) });
    }
    const [tiles, geojson, pan, geoPan] = out.slice(-4) as { p50_ms: number; p95_ms: number; kB_gzip: number }[];
    const ratio = (a: { p50_ms: number; p95_ms: number; kB_gzip: number }, b: typeof a, way: string) =>
      out.push({ zoom: z, way, requests: null, p50_ms: +(a.p50_ms / b.p50_ms).toFixed(2), p95_ms: +(a.p95_ms / b.p95_ms).toFixed(2), kB: null, kB_gzip: +(a.kB_gzip / b.kB_gzip).toFixed(2) });
    ratio(tiles!, geojson!, 'tiles / GeoJSON, a new view');
    ratio(pan!, geoPan!, 'tiles / GeoJSON, a pan');
  }
  return out;
}
