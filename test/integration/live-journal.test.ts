import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { repairJournalSequence } from '@/db/queries/live-journal';
import { eventsAfter, journalBounds, publishEvents, subscribeEvents, type StoredEvent, type VigilEvent } from '@/lib/events/bus';
import { engineName, openTestDatabase } from '@/test/support/database';

// The live journal numbers events in the order their transactions commit, so "every event after
// the last one I saw" is exact: a reader that only ever asks for the rows after its cursor, at
// any moment, misses nothing and sees nothing twice — whatever order, batching and concurrency
// the events were published with. And delivery does not depend on NOTIFY arriving.

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase({ seed: false });
});
afterAll(() => database?.close());

const planEvent = (name: string): VigilEvent => ({
  topic: 'plan',
  layer: 'zones',
  objectId: randomUUID(),
  version: 1,
  change: 'created',
  name,
  byName: 'test',
  count: 1,
  provinceCode: 'QN',
  agencyId: null,
});

const names = (events: StoredEvent[]) => events.map((e) => (e.event.topic === 'plan' ? e.event.name : '?'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`live journal (${engineName})`, () => {
  it.runIf(engineName === 'postgres')('numbers events by commit, not by insert: the first inserted but last committed comes last', async () => {
    const before = (await journalBounds(database)).newest ?? 0;
    const tag = randomUUID();
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const slow = database.db.transaction(async (tx) => {
      await publishEvents(tx, [planEvent(`${tag}-first-inserted`)]);
      await held;
    });
    await sleep(100);
    await database.db.transaction((tx) => publishEvents(tx, [planEvent(`${tag}-second-inserted`)]));
    // A reader between the two commits: its cursor passes the second, and the first still arrives after it.
    const seen = await eventsAfter(database, before);
    expect(names(seen)).toEqual([`${tag}-second-inserted`]);
    release();
    await slow;
    expect(names(await eventsAfter(database, seen.at(-1)!.id))).toEqual([`${tag}-first-inserted`]);
  });

  it('a cursor reader misses nothing and repeats nothing, whatever the concurrency (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ size: fc.integer({ min: 1, max: 4 }), delayMs: fc.integer({ min: 0, max: 15 }), rollback: fc.boolean() }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        async (batches, senders) => {
          const tag = randomUUID();
          let cursor = (await journalBounds(database)).newest ?? 0;
          const read: StoredEvent[] = [];
          let sending = true;
          // The reader runs beside the senders, as a browser's stream does.
          const reader = (async () => {
            for (;;) {
              // Finished only if the senders were done before this read began: a read already in
              // flight when the last batch commits does not see it, and must not end the reading.
              const finished = !sending;
              const rows = await eventsAfter(database, cursor);
              for (const r of rows) {
                expect(r.id).toBeGreaterThan(cursor);
                cursor = r.id;
                read.push(r);
              }
              if (finished && rows.length === 0) return;
              await sleep(3);
            }
          })();
          const committed: string[] = [];
          const queue = batches.map((b, i) => ({ ...b, i }));
          await Promise.all(
            Array.from({ length: senders }, async () => {
              for (let b = queue.shift(); b; b = queue.shift()) {
                const batch = Array.from({ length: b.size }, (_, k) => `${tag}-${b.i}-${k}`);
                await database.db
                  .transaction(async (tx) => {
                    await publishEvents(tx, batch.map(planEvent));
                    await sleep(b.delayMs);
                    if (b.rollback) throw new Error('rolled back');
                  })
                  .then(() => committed.push(...batch), () => undefined);
              }
            }),
          );
          sending = false;
          await reader;
          const mine = names(read).filter((n) => n.startsWith(tag));
          expect(new Set(mine).size).toBe(mine.length);
          expect([...mine].sort()).toEqual([...committed].sort());
          // A batch keeps its order inside the journal.
          for (const b of batches.keys()) {
            const inBatch = mine.filter((n) => n.startsWith(`${tag}-${b}-`));
            expect(inBatch).toEqual([...inBatch].sort((x, y) => Number(x.split('-').at(-1)) - Number(y.split('-').at(-1))));
          }
        },
      ),
      { numRuns: engineName === 'postgres' ? 20 : 10 },
    );
  });

  it('replays exactly the events after a given one, up to a bound', async () => {
    const tag = randomUUID();
    const before = (await journalBounds(database)).newest ?? 0;
    for (let i = 0; i < 5; i++) await database.db.transaction((tx) => publishEvents(tx, [planEvent(`${tag}-${i}`)]));
    const all = await eventsAfter(database, before);
    expect(names(all)).toEqual([0, 1, 2, 3, 4].map((i) => `${tag}-${i}`));
    expect(names(await eventsAfter(database, all[1]!.id, 100, all[3]!.id))).toEqual([`${tag}-2`, `${tag}-3`]);
    expect(await eventsAfter(database, all[4]!.id)).toEqual([]);
  });

  it('delivers live events to subscribers even when no notification ever arrives', async () => {
    // The same database, but LISTEN hears nothing: the journal poll must carry the events.
    const deaf: Database = { ...database, listen: async () => async () => undefined };
    const received: StoredEvent[] = [];
    const sub = await subscribeEvents(deaf, (e) => received.push(e));
    const tag = randomUUID();
    await database.db.transaction((tx) => publishEvents(tx, [planEvent(`${tag}-a`), planEvent(`${tag}-b`)]));
    for (let i = 0; i < 60 && names(received).filter((n) => n.startsWith(tag)).length < 2; i++) await sleep(100);
    sub.unsubscribe();
    expect(names(received).filter((n) => n.startsWith(tag))).toEqual([`${tag}-a`, `${tag}-b`]);
    expect(received[0]!.id).toBeGreaterThan(sub.since);
  });

  it('moves the numbering forward at start-up when it was behind its rows, and publishing works again', async () => {
    await database.db.transaction((tx) => publishEvents(tx, [planEvent('x')]));
    const { newest } = await journalBounds(database);
    await database.rows(sql`SELECT setval('live_events_seq', 1)`);
    // Behind: the next number is already taken, so a publishing transaction fails instead of losing its event.
    await expect(database.db.transaction((tx) => publishEvents(tx, [planEvent('collides')]))).rejects.toThrow();
    // The failed attempt took number 2.
    expect(await repairJournalSequence(database)).toBe(newest! - 2);
    expect(await repairJournalSequence(database)).toBe(0);
    const tag = randomUUID();
    await database.db.transaction((tx) => publishEvents(tx, [planEvent(tag)]));
    const after = await eventsAfter(database, newest!);
    expect(names(after)).toEqual([tag]);
  });
});
