import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { createDeviceKey } from '@/lib/detections/device-keys';
import { engineName, openTestDatabase } from '@/test/support/database';

// The ingest route against a real database that then goes away: what was acknowledged before
// is kept, and the request that meets the failure is told to come back (503 + Retry-After).

let database: Database;
let key: string;
let cameraId: string;
let closed = false;

beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
  // The route asks getDatabase() for the process's database: make it this one.
  (globalThis as Record<symbol, unknown>)[Symbol.for('vigil.database')] = Promise.resolve(database);
  const [camera] = await database.rows<{ id: string }>(sql`SELECT id FROM cameras WHERE code = 'CAM-Z1-1'`);
  cameraId = camera!.id;
  const [admin] = await database.rows<{ id: string }>(sql`SELECT id FROM users WHERE username = 'admin'`);
  ({ key } = await createDeviceKey(database, { name: 'route test', cameraIds: [cameraId], createdBy: admin!.id, createdByName: 'admin' }));
});
afterAll(async () => {
  if (!closed) await database?.close();
});

const post = async (events: unknown[]) => {
  const { POST } = await import('@/app/api/ingest/events/route');
  return POST(
    new NextRequest('http://vigil.test/api/ingest/events', {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(events),
    }),
  );
};
const event = () => ({ id: randomUUID(), cameraId, observedAt: new Date(Date.now() - 60_000).toISOString(), class: 'person', confidence: 0.8, position: { bearingDeg: 10, rangeM: 50 } });

describe(`ingest route limits (${engineName})`, () => {
  it('stops reading a chunked body at the limit with 413, without buffering the rest', async () => {
    const { POST } = await import('@/app/api/ingest/events/route');
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    // 64 MB offered without a Content-Length; the route must stop after ~8 MB.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 64) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await POST(
      new NextRequest('http://vigil.test/api/ingest/events', {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body,
        // Node's fetch Request needs this for a streamed body; NextRequest's type predates it.
        ...({ duplex: 'half' } as object),
      }),
    );
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(12);
  });
});

describe(`ingest route when the database fails (${engineName})`, () => {
  it('acknowledges what it stored, then answers 503 with Retry-After once the database is gone', async () => {
    const ok = await post([event(), event()]);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ accepted: 2 });
    const [stored] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM detections WHERE device_id = (SELECT id FROM devices WHERE name = 'route test')`);
    expect(stored!.n).toBe(2);

    await database.close();
    closed = true;
    const failed = await post([event()]);
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe('unavailable');
  });
});
