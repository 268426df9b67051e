import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/db/client';
import { listRecordingCameras, pinAlertClip, type RecordingCamera } from '@/db/queries/recordings';
import { alertContext } from '@/lib/alerts/context';
import type { Actor } from '@/lib/auth/permissions';
import { manifestSchema, signatureFileSchema } from '@/lib/evidence/manifest';
import { exportEvidencePackage } from '@/lib/evidence/package';
import { NotAPackage, verifyEvidencePackage } from '@/lib/evidence/verify';
import { pollCamera, type CameraCursor } from '@/lib/recording/recorder';
import { FolderStore } from '@/lib/recording/store';
import { getKeyring, publishedKeys } from '@/lib/signing/keyring';
import { HlsUpstream } from '@/test/support/hls-upstream';
import { engineName, openTestDatabase } from '@/test/support/database';

// An alert's evidence package from real recordings (one camera in fragmented MP4, one in
// MPEG-TS, both made by ffmpeg): every file listed with its SHA-256, the signature valid, the
// clips playable (ffprobe as the oracle), and any change to the package found by the check, in
// the app and with the command an investigator runs without Vigil's database.

process.env.CAMERA_NETWORKS = '127.0.0.1';
const root = mkdtempSync(path.join(tmpdir(), 'vigil-evidence-'));
process.env.RECORDINGS_DIR = root;
const store = new FolderStore(root);
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

let database: Database;
const upstreams: HlsUpstream[] = [];
const cameras: RecordingCamera[] = [];
let alertId: string;
let archive: Uint8Array;
const operator: Actor & { username: string; displayName: string } = { id: randomUUID(), username: 'op', displayName: 'Trực ban', role: 'operator', agencyId: 'bdbp-qn', provinceCode: 'VN-22' };
const text = { readme: (f: { incidentId: string }) => `README ${f.incidentId}` };

async function exportBytes(actor = operator): Promise<Uint8Array> {
  const { body } = await exportEvidencePackage(database, actor, alertId, text, '127.0.0.1');
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/** The package with its files changed by `edit`, zipped again. */
function repacked(edit: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(archive);
  edit(files);
  return zipSync(files);
}

beforeAll(async () => {
  process.env.DATA_DIR ??= '/tmp/vigil-test-secret';
  database = await openTestDatabase();
  await database.rows(sql`UPDATE cameras SET record = false`);
  for (const segments of ['fmp4', 'mpegts'] as const) {
    const upstream = new HlsUpstream({ programDateTime: true, segments });
    await upstream.start();
    upstreams.push(upstream);
    const [row] = await database.rows<{ id: string }>(sql`
      INSERT INTO cameras (code, name, province_code, agency_id, kind, bearing_deg, fov_deg, range_m, stream_url, record, geom)
      VALUES (${`EVD-${segments}-${randomUUID().slice(0, 6)}`}, ${`evidence camera ${segments}`}, 'VN-22', 'bdbp-qn', 'fixed', 0, 60, 300, ${upstream.url}, true,
              ST_SetSRID(ST_MakePoint(107.9, 21.5), 4326))
      RETURNING id`);
    cameras.push((await listRecordingCameras(database)).find((c) => c.id === row!.id)!);
  }
  // Both cameras recorded for ~12 s, as the recorder polls them.
  const cursors = cameras.map((): CameraCursor => ({ inits: new Map() }));
  const until = Date.now() + 12_000;
  while (Date.now() < until) {
    await Promise.all(cameras.map((c, i) => pollCamera(database, store, c, cursors[i]!, { timeoutMs: 3000 })));
    await sleep(300);
  }
  const [alert] = await database.rows<{ id: string }>(sql`
    INSERT INTO alerts (kind, severity, camera_id, message, province_code, agency_id, geom)
    VALUES ('camera_down', 'warning', ${cameras[0]!.id}, 'evidence test', 'VN-22', 'bdbp-qn', ST_SetSRID(ST_MakePoint(107.9, 21.5005), 4326)) RETURNING id`);
  alertId = alert!.id;
  const now = Date.now();
  await pinAlertClip(database, alertId, cameras.map((c) => c.id), now - 60_000, now + 60_000);
  archive = await exportBytes();
}, 180_000);

afterAll(async () => {
  await Promise.all(upstreams.map((u) => u.stop()));
  await database?.close();
  rmSync(root, { recursive: true, force: true });
});

describe(`evidence package (${engineName})`, () => {
  it('lists every file with its SHA-256, signed with the report key, and checks valid', () => {
    const files = unzipSync(archive);
    const manifest = manifestSchema.parse(JSON.parse(Buffer.from(files['manifest.json']!).toString()));
    const signature = signatureFileSchema.parse(JSON.parse(Buffer.from(files['signature.json']!).toString()));
    expect(signature.keyId).toBe(getKeyring().current.keyId);
    expect(signature.manifestSha256).toBe(sha256(files['manifest.json']!));
    const names = Object.keys(files).filter((n) => n !== 'manifest.json' && n !== 'signature.json').sort();
    expect(manifest.files.map((f) => f.path).sort()).toEqual(names);
    for (const f of manifest.files) expect(sha256(files[f.path]!), f.path).toBe(f.sha256);
    expect(names).toEqual(expect.arrayContaining(['README.txt', 'incident.json', 'tracks.geojson', 'signing-key.pem']));
    expect(manifest.alertIds).toEqual([alertId]);
    expect(manifest.exportedBy.name).toBe('Trực ban');
    const result = verifyEvidencePackage(archive);
    expect(result).toMatchObject({ verdict: 'valid', incidentId: alertId, problems: [], keyId: signature.keyId });
  });

  it('plays the alert’s clip from a camera that recorded it, its own camera first', async () => {
    expect((await alertContext(database, operator, alertId))?.clip?.camera.id).toBe(cameras[0]!.id);
    // A group whose pinned camera recorded nothing then has no clip to play.
    const [other] = await database.rows<{ id: string }>(sql`
      INSERT INTO alerts (kind, severity, camera_id, message, province_code, agency_id) VALUES ('camera_down', 'warning', ${cameras[1]!.id}, 'no video', 'VN-22', 'bdbp-qn') RETURNING id`);
    await pinAlertClip(database, other!.id, [cameras[1]!.id], Date.now() - 3_600_000 * 5, Date.now() - 3_600_000 * 4);
    expect((await alertContext(database, operator, other!.id))?.clip).toBeNull();
  });

  it('holds each camera’s clip as recorded: MP4 from fragmented MP4, MPEG-TS as is, each segment matching its stored SHA-256', async () => {
    const files = unzipSync(archive);
    const manifest = manifestSchema.parse(JSON.parse(Buffer.from(files['manifest.json']!).toString()));
    expect(manifest.clips.map((c) => c.container).sort()).toEqual(['mp4', 'mpegts']);
    for (const clip of manifest.clips) {
      const stored = await database.rows<{ sha256: string }>(sql`SELECT sha256 FROM recording_segments WHERE camera_id = ${clip.cameraId} ORDER BY started_at`);
      expect(clip.segments.length).toBeGreaterThanOrEqual(3);
      expect(clip.segments.every((s) => s.asRecorded)).toBe(true);
      expect(clip.segments.map((s) => s.sha256)).toEqual(stored.map((r) => r.sha256).slice(0, clip.segments.length));
      // Each segment's bytes sit where the manifest says, in the clip's file.
      const body = files[clip.file]!;
      for (const s of clip.segments) expect(sha256(body.subarray(s.offset, s.offset + s.bytes))).toBe(s.sha256);
      // ffprobe reads the file as one clip about as long as its segments.
      const file = path.join(root, path.basename(clip.file));
      writeFileSync(file, body);
      const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=format_name,duration', '-of', 'json', file]);
      const format = (JSON.parse(stdout) as { format: { format_name: string; duration: string } }).format;
      expect(format.format_name).toContain(clip.container === 'mp4' ? 'mp4' : 'mpegts');
      const seconds = clip.segments.reduce((sum, s) => sum + s.durationMs, 0) / 1000;
      expect(Number(format.duration)).toBeGreaterThan(seconds - 1.5);
      expect(Number(format.duration)).toBeLessThan(seconds + 1.5);
      // The playlist dates each byte range on the camera's clock.
      const playlist = Buffer.from(files[clip.playlist]!).toString();
      expect(playlist.match(/#EXT-X-BYTERANGE:/g)).toHaveLength(clip.segments.length);
      expect(playlist).toContain(`#EXT-X-PROGRAM-DATE-TIME:${clip.segments[0]!.at}`);
    }
  }, 60_000);

  it('finds any change: a file edited, removed or added, the manifest rewritten, another key', () => {
    const clip = manifestSchema.parse(JSON.parse(Buffer.from(unzipSync(archive)['manifest.json']!).toString())).clips[0]!.file;
    const edited = verifyEvidencePackage(repacked((f) => (f[clip]![1000] = f[clip]![1000]! ^ 0xff)));
    expect(edited).toMatchObject({ verdict: 'altered', problems: [{ path: clip, problem: 'changed' }] });
    const removed = verifyEvidencePackage(repacked((f) => delete f['tracks.geojson']));
    expect(removed).toMatchObject({ verdict: 'altered', problems: [{ path: 'tracks.geojson', problem: 'missing' }] });
    const added = verifyEvidencePackage(repacked((f) => (f['note.txt'] = Buffer.from('added later'))));
    expect(added).toMatchObject({ verdict: 'altered', problems: [{ path: 'note.txt', problem: 'unlisted' }] });
    // The manifest rewritten to match an edited file: its signature no longer matches.
    const forged = verifyEvidencePackage(
      repacked((f) => {
        const manifest = JSON.parse(Buffer.from(f['manifest.json']!).toString()) as { files: { path: string; sha256: string }[] };
        f['README.txt'] = Buffer.from('nothing to see');
        manifest.files.find((x) => x.path === 'README.txt')!.sha256 = sha256(f['README.txt']);
        f['manifest.json'] = Buffer.from(JSON.stringify(manifest));
      }),
    );
    expect(forged.verdict).toBe('altered');
    expect(forged.problems).toContainEqual({ path: 'manifest.json', problem: 'changed' });
    expect(verifyEvidencePackage(archive, { trusted: new Map() }).verdict).toBe('unknown_key');
    expect(() => verifyEvidencePackage(Buffer.from('not a zip at all'))).toThrow(NotAPackage);
    expect(() => verifyEvidencePackage(zipSync({ 'a.txt': Buffer.from('x') }))).toThrow(NotAPackage);
  });

  it('is exported only by those who may, within their scope, and each export is audited', async () => {
    await expect(exportEvidencePackage(database, { ...operator, role: 'planner' }, alertId, text, null)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(exportEvidencePackage(database, { ...operator, provinceCode: 'VN-HN' }, alertId, text, null)).rejects.toMatchObject({ code: 'not_found' });
    // A leader may export too; the package of an unknown alert does not exist.
    expect(verifyEvidencePackage(await exportBytes({ ...operator, role: 'leadership' })).verdict).toBe('valid');
    await expect(exportEvidencePackage(database, operator, randomUUID(), text, null)).rejects.toMatchObject({ code: 'not_found' });
    const audit = await database.rows<{ details: { cameras: string[] } }>(sql`SELECT details FROM audit_log WHERE action = 'alert.evidence_exported' AND target_id = ${alertId} ORDER BY id`);
    expect(audit).toHaveLength(2);
    expect(audit[0]!.details.cameras.sort()).toEqual(cameras.map((c) => c.id).sort());
  }, 60_000);

  it('says when the recordings were changed before the export: the package is intact, its video is not as recorded', async () => {
    const [segment] = await database.rows<{ storage_key: string }>(sql`
      SELECT storage_key FROM recording_segments WHERE camera_id = ${cameras[1]!.id} ORDER BY started_at LIMIT 1`);
    const file = path.join(root, segment!.storage_key);
    const bytes = readFileSync(file);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    writeFileSync(file, bytes);
    const result = verifyEvidencePackage(await exportBytes());
    expect(result.verdict).toBe('valid');
    expect(result.segmentsNotAsRecorded).toBe(1);
    expect(verifyEvidencePackage(archive).segmentsNotAsRecorded).toBe(0);
  }, 60_000);

  it('is checked by the command with only the published public key, and a changed package fails it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-evidence-cli-'));
    try {
      writeFileSync(path.join(dir, 'keys.pem'), publishedKeys().map((k) => k.pem).join('\n'));
      writeFileSync(path.join(dir, 'good.zip'), archive);
      writeFileSync(path.join(dir, 'bad.zip'), repacked((f) => (f['incident.json']![5] = f['incident.json']![5]! ^ 1)));
      const cli = (file: string) =>
        run('node', ['--conditions=react-server', '--import', 'tsx', 'scripts/verify-evidence.ts', path.join(dir, file), '--keys', path.join(dir, 'keys.pem')]).then(
          (r) => ({ code: 0, out: r.stdout }),
          (e: { code: number; stdout: string }) => ({ code: e.code, out: e.stdout }),
        );
      const [good, bad] = await Promise.all([cli('good.zip'), cli('bad.zip')]);
      expect(good.code, good.out).toBe(0);
      expect(good.out).toMatch(/^valid/);
      expect(bad.code, bad.out).toBe(1);
      expect(bad.out).toContain('changed: incident.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
