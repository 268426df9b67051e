import 'server-only';
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { signInAttempts } from '@/db/schema';
import { getSettings } from '@/lib/settings';

// Sign-in throttling, per account (the name as typed, whether or not it exists, so the answer
// never tells which accounts exist) and per client address, in a sliding window:
//   - from an account's third failure on, each further attempt waits longer (0.5 s, 1 s, 2 s … 8 s by default);
//   - at SIGN_IN_MAX_FAILURES failures for an account, or SIGN_IN_MAX_FAILURES_PER_ADDRESS from
//     one address, attempts are refused without checking the password until the window has
//     passed since the oldest of those failures.
// Each attempt is recorded before its password is checked and counts the attempts recorded
// before it that are still pending, so a burst of parallel guesses cannot all slip through.

export interface AttemptVerdict {
  attemptId: number;
  /** Seconds until the account or address may try again; null when this attempt may proceed. */
  lockedForSeconds: number | null;
  lockedBy: 'account' | 'address' | null;
  /** How long to wait before checking the password. */
  delayMs: number;
}

/**
 * Records an attempt and says whether it may go on. `deviceId`: the browser has signed in to this
 * account before (lib/auth/known-device): its failures are counted on their own and neither the
 * account's lock from unknown browsers nor the address lock applies to it.
 */
export async function beginAttempt(db: Db, account: string, ip: string | null, deviceId: string | null = null): Promise<AttemptVerdict> {
  const s = getSettings();
  const key = throttleKey(account, deviceId);
  const [row] = rowsOf<{ id: string | number }>(await db.execute(sql`INSERT INTO sign_in_attempts (account, ip) VALUES (${key}, ${ip}) RETURNING id`));
  const id = Number(row!.id);
  const windowStart = sql`now() - make_interval(mins => ${s.SIGN_IN_WINDOW_MINUTES})`;
  // Failures (and pending checks) before this attempt, since the account's last success.
  const [counts] = rowsOf<{ account_n: number; account_oldest: string | null; ip_n: number; ip_oldest: string | null }>(
    await db.execute(sql`
      WITH last_ok AS (
        -- A known browser's count also ends at a success for the account itself (an administrator's unlock).
        SELECT coalesce(max(at), '-infinity'::timestamptz) AS ok_at FROM sign_in_attempts WHERE account IN (${key}, ${throttleKey(account, null)}) AND ok AND id < ${id}
      ), account_failures AS (
        SELECT a.at FROM sign_in_attempts a, last_ok
        WHERE a.account = ${key} AND a.id < ${id} AND NOT a.throttled AND (a.ok IS NULL OR NOT a.ok) AND a.at > greatest(last_ok.ok_at, ${windowStart})
        ORDER BY a.at DESC LIMIT ${s.SIGN_IN_MAX_FAILURES}
      ), ip_failures AS (
        SELECT at FROM sign_in_attempts
        WHERE ${ip === null ? sql`false` : sql`ip = ${ip}`} AND id < ${id} AND NOT throttled AND (ok IS NULL OR NOT ok) AND at > ${windowStart}
        ORDER BY at DESC LIMIT ${s.SIGN_IN_MAX_FAILURES_PER_ADDRESS}
      )
      SELECT (SELECT count(*)::int FROM account_failures) AS account_n, (SELECT min(at) FROM account_failures) AS account_oldest,
             (SELECT count(*)::int FROM ip_failures) AS ip_n, (SELECT min(at) FROM ip_failures) AS ip_oldest`),
  );
  const windowMs = s.SIGN_IN_WINDOW_MINUTES * 60_000;
  const lockFor = (oldest: string | null) => Math.max(1, Math.ceil((Date.parse(oldest ?? '') + windowMs - Date.now()) / 1000));
  let lockedBy: AttemptVerdict['lockedBy'] = null;
  let lockedForSeconds: number | null = null;
  if (counts!.account_n >= s.SIGN_IN_MAX_FAILURES) [lockedBy, lockedForSeconds] = ['account', lockFor(counts!.account_oldest)];
  else if (!deviceId && counts!.ip_n >= s.SIGN_IN_MAX_FAILURES_PER_ADDRESS) [lockedBy, lockedForSeconds] = ['address', lockFor(counts!.ip_oldest)];
  if (lockedBy) await db.update(signInAttempts).set({ throttled: true, ok: false }).where(eq(signInAttempts.id, id));
  // The delay follows the account's failures only: an office behind one address must not make
  // every colleague wait for one person's typos (the address has its own, higher, lock).
  const failures = counts!.account_n;
  const delayMs = failures >= 3 ? s.SIGN_IN_DELAY_MS * 2 ** Math.min(4, failures - 3) : 0;
  return { attemptId: id, lockedForSeconds, lockedBy, delayMs };
}

/** Attempts are counted per account as typed (any case), and apart for each known browser of it. */
function throttleKey(account: string, deviceId: string | null): string {
  const name = account.trim().toLowerCase();
  return deviceId ? `${name}#device:${deviceId}` : name;
}

/**
 * An administrator lifts an account's lock: a success recorded for it ends the count of
 * failures before it, from unknown browsers and from each known browser alike.
 */
export async function unlockAccount(db: Db, account: string): Promise<void> {
  await db.insert(signInAttempts).values({ account: throttleKey(account, null), ip: null, ok: true });
}

export async function finishAttempt(db: Db, attemptId: number, ok: boolean): Promise<void> {
  await db.update(signInAttempts).set({ ok }).where(eq(signInAttempts.id, attemptId));
}

/** Keeps a month of attempts (the audit log keeps the rest of the story). */
export async function pruneAttempts(db: Db): Promise<void> {
  await db.execute(sql`DELETE FROM sign_in_attempts WHERE at < now() - interval '30 days'`);
}
