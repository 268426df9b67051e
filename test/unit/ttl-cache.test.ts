import { describe, expect, it } from 'vitest';
import { TtlCache } from '@/lib/cache/ttl-cache';

/** A load that waits until the test lets it finish, counting its calls. */
function gatedLoad<V>(value: V) {
  let calls = 0;
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  return { load: async () => (calls++, await gate, value), release: () => release(), calls: () => calls };
}

describe('TtlCache.getOrLoad', () => {
  it('shares one load among concurrent misses of a key, then serves it from the cache', async () => {
    const cache = new TtlCache<string, number>(60_000);
    const a = gatedLoad(7);
    const waiting = Array.from({ length: 1_000 }, () => cache.getOrLoad('s', a.load));
    a.release();
    expect(await Promise.all(waiting)).toEqual(Array(1_000).fill(7));
    expect(a.calls()).toBe(1);
    expect(await cache.getOrLoad('s', async () => 8)).toBe(7);
    // Another key loads on its own.
    expect(await cache.getOrLoad('t', async () => 9)).toBe(9);
  });

  it('keeps a load that a delete overtook out of the cache, and loads afresh after it', async () => {
    const cache = new TtlCache<string, string>(60_000);
    const stale = gatedLoad('before revocation');
    const first = cache.getOrLoad('s', stale.load);
    cache.delete('s');
    const fresh = gatedLoad('after revocation');
    const second = cache.getOrLoad('s', fresh.load);
    // The newer load finishes first; the older one, finishing after, must not overwrite it.
    fresh.release();
    expect(await second).toBe('after revocation');
    stale.release();
    expect(await first).toBe('before revocation');
    expect(cache.get('s')).toBe('after revocation');
    expect([stale.calls(), fresh.calls()]).toEqual([1, 1]);
  });

  it('caches nothing when the load fails, so the next caller tries again', async () => {
    const cache = new TtlCache<string, number>(60_000);
    await expect(cache.getOrLoad('s', async () => Promise.reject(new Error('database unavailable')))).rejects.toThrow('database unavailable');
    expect(await cache.getOrLoad('s', async () => 3)).toBe(3);
  });

  it('loads again once the entry expired', async () => {
    const cache = new TtlCache<string, number>(1);
    await cache.getOrLoad('s', async () => 1);
    await new Promise((r) => setTimeout(r, 5));
    expect(await cache.getOrLoad('s', async () => 2)).toBe(2);
  });
});
