import 'server-only';
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '@/db/client';
import { AppError } from '@/lib/api/errors';
import { TtlCache } from '@/lib/cache/ttl-cache';

// Secrets sent as `Authorization: Bearer <prefix>…` — personal API tokens (vgl_) and device keys
// (vk_) — as one mechanism: 256 random bits after a prefix that names the kind; only their
// SHA-256 is stored (there is nothing to guess them from, so a plain hash is sound, and cheap
// enough for every request); lists show the first characters to tell them apart. A lookup is
// cached 5 s by hash (a revocation clears it on this instance at once, on others within 5 s),
// and use is recorded at most once a minute per secret, off the request's path.

/** A stored secret's SHA-256, as its table keeps it. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface IssuedSecret {
  /** The secret itself: shown to its owner once, never stored. */
  secret: string;
  hash: string;
  /** Its first characters, for lists. */
  shown: string;
}

export interface BearerSecretKind<T> {
  /** What every secret of the kind starts with, e.g. `vgl_`. */
  prefix: string;
  /** How many characters lists show, prefix included. */
  shownLength: number;
  /** What may follow the prefix in a request (secrets issued earlier may be shorter than new ones). */
  body: RegExp;
  /** The 401's reason when no secret of the kind is sent, and when it is unknown or revoked. */
  missing: string;
  unknown: string;
  /** The stored, unrevoked row of a hash (a query in db/queries). */
  find(database: Database, hash: string): Promise<T | null>;
  idOf(row: T): string;
  /** Whether a stored row may be used now (an expiry), asked on every request, cached or not. */
  usable?(row: T): boolean;
  /** Records when it was last used (a query in db/queries). */
  markUsed(database: Database, id: string): Promise<void>;
}

export interface BearerSecrets<T> {
  issue(): IssuedSecret;
  /** The row the header's secret names: 401 when missing, malformed, unknown or revoked. */
  authenticate(database: Database, authorization: string | null): Promise<T>;
  /** After a revocation: the next request reads the table again. */
  forget(): void;
}

export function bearerSecrets<T>(kind: BearerSecretKind<T>): BearerSecrets<T> {
  const header = new RegExp(`^Bearer (${kind.prefix}${kind.body.source.replace(/^\^|\$$/g, '')})$`);
  const cache = new TtlCache<string, T | null>(5_000);
  const touched = new Map<string, number>();
  const touch = (database: Database, id: string) => {
    const now = Date.now();
    if ((touched.get(id) ?? 0) > now - 60_000) return;
    touched.set(id, now);
    void kind.markUsed(database, id).catch(() => touched.delete(id));
  };
  return {
    issue() {
      const secret = `${kind.prefix}${randomBytes(32).toString('base64url')}`;
      return { secret, hash: hashSecret(secret), shown: secret.slice(0, kind.shownLength) };
    },
    async authenticate(database, authorization) {
      const secret = header.exec(authorization ?? '')?.[1];
      if (!secret) throw new AppError('unauthorized', kind.missing);
      const hash = hashSecret(secret);
      const row = await cache.getOrLoad(hash, () => kind.find(database, hash));
      if (!row || (kind.usable && !kind.usable(row))) throw new AppError('unauthorized', kind.unknown);
      touch(database, kind.idOf(row));
      return row;
    },
    forget() {
      cache.clear();
    },
  };
}

/** Is this an Authorization header carrying a Bearer credential (of any kind)? */
export function hasBearer(authorization: string | null): boolean {
  return /^Bearer\s/i.test(authorization ?? '');
}
