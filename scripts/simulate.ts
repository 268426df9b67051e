// Drives the real ingest API with simulated AI-camera traffic (lib/simulation/traffic.ts):
// people at the hotspots (mostly at night, some crossing), boats on the river, vehicles at
// Km15 and the wharf. Usage: npm run simulate -- [--url http://localhost:3000] [--rate 20]
//   [--key vk_… | --key-file data/demo-device-key] [--duration 600] [--backfill-hours 0]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { eventsPerHour, simulateTracks, type SimCamera, type SimEvent } from '@/lib/simulation/traffic';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: process.env.VIGIL_URL ?? 'http://localhost:3000' },
    key: { type: 'string', default: process.env.VIGIL_DEVICE_KEY },
    'key-file': { type: 'string', default: path.join(process.env.DATA_DIR ?? './data', 'demo-device-key') },
    rate: { type: 'string', default: '10' },
    duration: { type: 'string', default: '0' },
    'backfill-hours': { type: 'string', default: '0' },
    seed: { type: 'string', default: String(Date.now() % 100_000) },
  },
});

const rate = Number(values.rate);
const duration = Number(values.duration);
const backfillHours = Number(values['backfill-hours']);
if (!(rate > 0) || !(duration >= 0) || !(backfillHours >= 0 && backfillHours <= 168)) {
  console.error('--rate must be > 0 events/s, --duration ≥ 0 s (0: until stopped), --backfill-hours 0–168');
  process.exit(2);
}
let key = values.key;
if (!key) {
  try {
    key = readFileSync(values['key-file'], 'utf8').trim();
  } catch {
    console.error(`No device key: pass --key, set VIGIL_DEVICE_KEY, or start the demo once so ${values['key-file']} exists.`);
    process.exit(2);
  }
}
const headers = { Authorization: `Bearer ${key}` };

async function send(events: SimEvent[]): Promise<{ accepted: number; crossings: number }> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${values.url}/api/ingest/events`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/x-ndjson' },
      body: events.map((e) => JSON.stringify(e)).join('\n'),
    });
    if (res.status === 503 && attempt < 5) {
      // Retry the same batch: event ids make the retry safe.
      await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 2) * 1000));
      continue;
    }
    const body = (await res.json()) as { accepted?: number; crossings?: number; error?: { message: string } };
    if (!res.ok) throw new Error(`ingest answered ${res.status}: ${body.error?.message ?? JSON.stringify(body)}`);
    return { accepted: body.accepted ?? 0, crossings: body.crossings ?? 0 };
  }
}

const res = await fetch(`${values.url}/api/ingest/cameras`, { headers });
if (!res.ok) {
  console.error(`Could not read the key's cameras: HTTP ${res.status}`);
  process.exit(1);
}
const { device, cameras } = (await res.json()) as { device: { name: string }; cameras: SimCamera[] };
console.log(`Simulating for "${device.name}": ${cameras.length} cameras, ${rate} events/s`);
const seed = Number(values.seed);

if (backfillHours > 0) {
  const now = Date.now();
  let batch: SimEvent[] = [];
  let totals = { accepted: 0, crossings: 0 };
  for (const track of simulateTracks(cameras, now - backfillHours * 3_600_000, now - 60_000, { seed })) {
    batch.push(...track.filter((e) => Date.parse(e.observedAt) < now));
    if (batch.length >= 2_000) {
      const r = await send(batch);
      totals = { accepted: totals.accepted + r.accepted, crossings: totals.crossings + r.crossings };
      batch = [];
    }
  }
  if (batch.length) {
    const r = await send(batch);
    totals = { accepted: totals.accepted + r.accepted, crossings: totals.crossings + r.crossings };
  }
  console.log(`Backfilled ${backfillHours} h: ${totals.accepted} detections, ${totals.crossings} crossings`);
}

// Live: points are sent when they happen. The intensity makes the expected event rate match
// --rate at this time of day; tracks begin three minutes back (a track lasts up to ~3 min), so
// the rate is reached at once rather than after a ramp.
const started = Date.now();
let queue: SimEvent[] = [];
let windowStart = started - 3 * 60_000;
let sent = 0;
let crossings = 0;
for (;;) {
  const now = Date.now();
  if (duration > 0 && now - started >= duration * 1000) break;
  while (now >= windowStart) {
    // Plan the next minute of tracks.
    const intensity = (rate * 3600) / Math.max(1, eventsPerHour(cameras, windowStart));
    for (const track of simulateTracks(cameras, windowStart, windowStart + 60_000, { seed: seed + Math.floor(windowStart / 60_000), intensity, sliceMs: 60_000 })) {
      queue.push(...track.filter((e) => Date.parse(e.observedAt) >= started));
    }
    queue.sort((a, b) => Date.parse(a.observedAt) - Date.parse(b.observedAt));
    windowStart += 60_000;
  }
  const due = queue.filter((e) => Date.parse(e.observedAt) <= now);
  queue = queue.filter((e) => Date.parse(e.observedAt) > now);
  if (due.length) {
    const r = await send(due);
    sent += r.accepted;
    crossings += r.crossings;
  }
  const status = `${sent} events sent, ${crossings} crossings, ${((sent / Math.max(1, now - started)) * 1000).toFixed(1)} events/s`;
  if (process.stdout.isTTY) process.stdout.write(`\r${status}   `);
  else if (Math.floor((now - started) / 1000) % 10 === 0) console.log(status);
  await new Promise((r) => setTimeout(r, 1000));
}
console.log('\nDone.');
