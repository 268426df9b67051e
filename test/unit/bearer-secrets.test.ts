import { describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { AppError } from '@/lib/api/errors';
import { bearerSecrets, hashSecret } from '@/lib/auth/bearer-secrets';

// The one mechanism behind API tokens and device keys, over a table kept in memory here (the
// integration tests run it on both engines through the token and device routes).

interface Row {
  id: string;
  until: number;
}

function kindOver(table: Map<string, Row>, used: string[]) {
  return bearerSecrets<Row>({
    prefix: 'tk_',
    shownLength: 7,
    body: /^[A-Za-z0-9_-]{43}$/,
    missing: 'send a tk_ token',
    unknown: 'unknown tk_ token',
    find: async (_db, hash) => table.get(hash) ?? null,
    idOf: (row) => row.id,
    usable: (row) => row.until > Date.now(),
    markUsed: async (_db, id) => {
      used.push(id);
    },
  });
}

const database = {} as Database;
const refusal = (p: Promise<unknown>) => p.then(() => 'accepted', (err: unknown) => (err instanceof AppError ? `${err.status}: ${err.message}` : String(err)));

describe('bearer secrets', () => {
  it('issues 256-bit secrets whose hash alone is stored, and shows only their start', () => {
    const secrets = kindOver(new Map(), []);
    const a = secrets.issue();
    const b = secrets.issue();
    expect(a.secret).toMatch(/^tk_[A-Za-z0-9_-]{43}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.hash).toBe(hashSecret(a.secret));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.shown).toBe(a.secret.slice(0, 7));
  });

  it('accepts a stored secret and refuses a missing, malformed, unknown or unusable one with 401', async () => {
    const table = new Map<string, Row>();
    const secrets = kindOver(table, []);
    const good = secrets.issue();
    const expired = secrets.issue();
    table.set(good.hash, { id: 'good', until: Date.now() + 60_000 });
    table.set(expired.hash, { id: 'expired', until: Date.now() - 1 });
    expect(await secrets.authenticate(database, `Bearer ${good.secret}`)).toEqual({ id: 'good', until: expect.any(Number) });
    expect(await refusal(secrets.authenticate(database, null))).toBe('401: send a tk_ token');
    expect(await refusal(secrets.authenticate(database, `Bearer ${good.secret}x`))).toBe('401: send a tk_ token');
    expect(await refusal(secrets.authenticate(database, `Basic ${good.secret}`))).toBe('401: send a tk_ token');
    expect(await refusal(secrets.authenticate(database, `Bearer ${secrets.issue().secret}`))).toBe('401: unknown tk_ token');
    expect(await refusal(secrets.authenticate(database, `Bearer ${expired.secret}`))).toBe('401: unknown tk_ token');
  });

  it('reads the table again after forget(), and records use once a minute per secret', async () => {
    const table = new Map<string, Row>();
    const used: string[] = [];
    const secrets = kindOver(table, used);
    const issued = secrets.issue();
    table.set(issued.hash, { id: 'one', until: Date.now() + 60_000 });
    await secrets.authenticate(database, `Bearer ${issued.secret}`);
    await secrets.authenticate(database, `Bearer ${issued.secret}`);
    expect(used).toEqual(['one']);
    // Revoked in the table: the cached row serves until the revoking instance forgets it.
    table.delete(issued.hash);
    expect(await refusal(secrets.authenticate(database, `Bearer ${issued.secret}`))).toBe('accepted');
    secrets.forget();
    expect(await refusal(secrets.authenticate(database, `Bearer ${issued.secret}`))).toBe('401: unknown tk_ token');
  });
});
