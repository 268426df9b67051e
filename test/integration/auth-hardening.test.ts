import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { listAuditEntries } from '@/db/queries/audit';
import { DEMO_PASSWORD } from '@/db/seed';
import { writeAudit } from '@/lib/audit';
import { deviceCookieName, issueDeviceCookie } from '@/lib/auth/known-device';
import { authenticate, SignInThrottledError } from '@/lib/auth/options';
import type { CurrentUser } from '@/lib/auth/session';
import { checkSession, createSession } from '@/lib/auth/sessions';
import { changeOwnPassword, unlockUser, updateUser } from '@/lib/users/manage';
import { engineName, openTestDatabase } from '@/test/support/database';

// Settings are read on first use: no waiting between failed sign-ins in these tests.
process.env.SIGN_IN_DELAY_MS = '0';

let database: Database;
beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
});
afterAll(() => database?.close());

const client = (ip: string) => ({ ip, userAgent: 'test' });
const userRow = async (username: string) =>
  (await database.rows<CurrentUser>(sql`
    SELECT u.id, u.username, u.display_name AS "displayName", u.role, u.agency_id AS "agencyId", u.province_code AS "provinceCode", a.name AS "agencyName", a.name_en AS "agencyNameEn"
    FROM users u JOIN agencies a ON a.id = u.agency_id WHERE u.username = ${username}`))[0]!;
const fail = (username: string, ip: string) => authenticate(database, { username, password: 'wrong password' }, client(ip));
const audits = async (action: string, actorName: string) =>
  (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action} AND actor_name = ${actorName}`))[0]!.n;

describe(`sign-in throttling (${engineName})`, () => {
  it('locks an account after 10 failures, refusing even the right password, and says for how long', async () => {
    for (let i = 0; i < 10; i++) expect(await fail('leader', '10.0.0.1')).toBeNull();
    const locked = authenticate(database, { username: 'leader', password: DEMO_PASSWORD }, client('10.0.0.2'));
    await expect(locked).rejects.toBeInstanceOf(SignInThrottledError);
    // Locked until 15 minutes after the oldest of the ten failures: nearly all of that is left.
    const error = (await locked.catch((e: unknown) => e)) as SignInThrottledError;
    expect(error.seconds).toBeGreaterThan(800);
    expect(await audits('auth.sign_in_throttled', 'leader')).toBeGreaterThanOrEqual(1);
  });

  it('treats an account that does not exist exactly like one that does', async () => {
    for (let i = 0; i < 10; i++) expect(await fail('no-such-person', '10.0.1.1')).toBeNull();
    await expect(fail('no-such-person', '10.0.1.1')).rejects.toBeInstanceOf(SignInThrottledError);
  });

  it('lets only 10 of 40 parallel guesses be checked', async () => {
    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => fail('operator', `10.0.2.${i}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof SignInThrottledError)).toHaveLength(30);
    expect(await audits('auth.sign_in_failed', 'operator')).toBe(10);
  });

  it('locks out a client address that tries many accounts, not other addresses', async () => {
    for (let i = 0; i < 30; i++) expect(await fail(`spray-${i}`, '10.0.3.3')).toBeNull();
    await expect(authenticate(database, { username: 'planner', password: DEMO_PASSWORD }, client('10.0.3.3'))).rejects.toBeInstanceOf(SignInThrottledError);
    expect(await authenticate(database, { username: 'planner', password: DEMO_PASSWORD }, client('10.0.3.4'))).toMatchObject({ sid: expect.any(String) });
  });

  it('forgets an account’s failures once it signs in', async () => {
    for (let i = 0; i < 9; i++) await fail('viewer', '10.0.4.1');
    expect(await authenticate(database, { username: 'viewer', password: DEMO_PASSWORD }, client('10.0.4.1'))).not.toBeNull();
    for (let i = 0; i < 9; i++) expect(await fail('viewer', '10.0.4.2')).toBeNull();
  });
});

describe(`known browsers (${engineName})`, () => {
  const signIn = (username: string, ip: string, cookie?: string) => authenticate(database, { username, password: DEMO_PASSWORD }, { ip, userAgent: 'test', cookie });

  it('1,000 wrong guesses from one address lock the account for unknown browsers only; an administrator lifts it', async () => {
    const usual = `${deviceCookieName('dic')}=${issueDeviceCookie('dic')}`;
    for (let i = 0; i < 1_000; i += 50) {
      await Promise.allSettled(Array.from({ length: 50 }, () => fail('dic', '10.5.0.1')));
    }
    // At most 10 of them were checked against the password.
    expect(await audits('auth.sign_in_failed', 'dic')).toBe(10);
    await expect(signIn('dic', '10.5.0.2')).rejects.toBeInstanceOf(SignInThrottledError);
    // The officer's usual browser, even behind the attacker's address, signs in.
    expect(await signIn('dic', '10.5.0.1', `other=1; ${usual}`)).toMatchObject({ sid: expect.any(String) });
    // A cookie made up, or one for another account, is no key.
    const forged = `${deviceCookieName('dic')}=${issueDeviceCookie('dic').replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))}`;
    await expect(signIn('dic', '10.5.0.3', forged)).rejects.toBeInstanceOf(SignInThrottledError);
    const borrowed = `${deviceCookieName('dic')}=${issueDeviceCookie('mic')}`;
    await expect(signIn('dic', '10.5.0.3', borrowed)).rejects.toBeInstanceOf(SignInThrottledError);
    // A known browser's own wrong passwords are bounded too.
    for (let i = 0; i < 10; i++) expect(await authenticate(database, { username: 'dic', password: 'wrong' }, { ip: '10.5.0.4', userAgent: 'test', cookie: usual })).toBeNull();
    await expect(signIn('dic', '10.5.0.4', usual)).rejects.toBeInstanceOf(SignInThrottledError);

    const admin = await userRow('admin');
    await unlockUser(database, admin, (await userRow('dic')).id, '10.5.0.9');
    expect(await signIn('dic', '10.5.0.2')).toMatchObject({ sid: expect.any(String) });
    // The unlock frees the known browser locked by its own typos too.
    expect(await signIn('dic', '10.5.0.4', usual)).toMatchObject({ sid: expect.any(String) });
    expect(await audits('user.unlock', 'admin')).toBeGreaterThanOrEqual(1);
  }, 120_000);
});

describe(`sign-in names (${engineName})`, () => {
  it('reads a look-alike or invisible-character name as no account, without checking a password', async () => {
    const before = await audits('auth.sign_in_failed', 'admİn');
    for (const name of ['admİn', 'ad\u200bmin', 'admin\u0000', 'op\u202eerator']) {
      expect(await authenticate(database, { username: name, password: DEMO_PASSWORD }, client('10.6.0.1'))).toBeNull();
    }
    expect(await audits('auth.sign_in_failed', 'admİn')).toBe(before);
    const [row] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM sign_in_attempts WHERE ip = '10.6.0.1'`);
    expect(row!.n).toBe(0);
  });
});

describe(`server-side sessions (${engineName})`, () => {
  const open = async (username: string) => createSession(database.db, { userId: (await userRow(username)).id, ip: '10.1.0.1', userAgent: 'test' });

  it('counts while used, ends when idle past the timeout or past its absolute lifetime', async () => {
    const admin = await userRow('admin');
    const idle = await open('admin');
    expect(await checkSession(database, idle)).toBe(admin.id);
    // 31 minutes later (the default idle timeout is 30).
    expect(await checkSession(database, idle, Date.now() + 31 * 60_000)).toBeNull();
    expect(await checkSession(database, idle)).toBeNull();
    const [row] = await database.rows<{ reason: string }>(sql`SELECT revoke_reason AS reason FROM user_sessions WHERE id = ${idle}`);
    expect(row!.reason).toBe('idle');
    const old = await open('admin');
    await database.rows(sql`UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE id = ${old}`);
    expect(await checkSession(database, old, Date.now() + 10_000)).toBeNull();
  });

  it('end, all of them, when the account is disabled or its password changes', async () => {
    const admin = await userRow('admin');
    const planner = await userRow('planner');
    const [a, b] = [await open('planner'), await open('planner')];
    expect(await checkSession(database, a)).toBe(planner.id);
    // These two, and any the sign-in tests above opened.
    expect((await updateUser(database, admin, planner.id, { disabled: true }, '10.1.0.9')).sessionsEnded).toBeGreaterThanOrEqual(2);
    expect(await checkSession(database, a)).toBeNull();
    expect(await checkSession(database, b)).toBeNull();
    await updateUser(database, admin, planner.id, { disabled: false }, null);

    const c = await open('planner');
    await changeOwnPassword(database, planner, { currentPassword: DEMO_PASSWORD, newPassword: 'Another-passphrase-42' }, null);
    expect(await checkSession(database, c)).toBeNull();
    await expect(changeOwnPassword(database, planner, { currentPassword: 'wrong', newPassword: 'Yet-another-one-43' }, null)).rejects.toMatchObject({ status: 400 });
    const [audit] = await database.rows<{ ip: string | null }>(sql`SELECT ip FROM audit_log WHERE action = 'user.update' AND target_id = ${planner.id} ORDER BY id LIMIT 1`);
    expect(audit!.ip).toBe('10.1.0.9');
  });
});

describe(`the audit log's scope (${engineName})`, () => {
  it('shows a provincial administrator only their province’s entries; a national one all', async () => {
    const admin = await userRow('admin');
    const [other] = await database.rows<{ id: string }>(sql`INSERT INTO users (username, display_name, password_hash, role, agency_id, province_code)
      VALUES ('op-ls-audit', 'Trực ban Lạng Sơn', 'not-a-hash', 'operator', 'ubnd-qn', 'VN-09') RETURNING id`);
    const [camera] = await database.rows<{ id: string }>(sql`SELECT id FROM cameras WHERE province_code = 'VN-13' LIMIT 1`);
    // Theirs: a failed sign-in to one of their accounts, a national admin's change to one of their cameras.
    await fail('telecom', '10.2.0.1');
    await writeAudit(database.db, { action: 'camera.update', actorId: admin.id, actorName: 'admin', targetType: 'camera', targetId: camera!.id, ip: '10.2.0.2' });
    // Not theirs: another province's account and its sign-in failures, a name nobody has, a national setting.
    await writeAudit(database.db, { action: 'user.update', actorId: admin.id, actorName: 'admin', targetType: 'user', targetId: other!.id, ip: '10.2.0.3' });
    await fail('op-ls-audit', '10.2.0.4');
    await fail('nobody-at-all', '10.2.0.5');
    await writeAudit(database.db, { action: 'alert.escalation_policy', actorId: admin.id, actorName: 'admin', targetType: 'escalation_policy', ip: '10.2.0.6' });
    const ips = (rows: { ip: string | null }[]) => rows.map((r) => r.ip).filter((ip) => ip?.startsWith('10.2.0.')).sort();
    expect(ips(await listAuditEntries(database, { limit: 500, provinceCode: 'VN-13' }))).toEqual(['10.2.0.1', '10.2.0.2']);
    expect(ips(await listAuditEntries(database, { limit: 500, provinceCode: 'VN-09' }))).toEqual(['10.2.0.3', '10.2.0.4']);
    expect(ips(await listAuditEntries(database, { limit: 500, provinceCode: null }))).toEqual(['10.2.0.1', '10.2.0.2', '10.2.0.3', '10.2.0.4', '10.2.0.5', '10.2.0.6']);
  });
});
