import 'server-only';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Database } from '@/db/client';
import { getGroupIdOf } from '@/db/queries/alerts';
import { getSnapshot } from '@/db/queries/detections';
import { listGaps, listGroupClips, listSegments, type GroupClip, type StoredSegment } from '@/db/queries/recordings';
import { alertContext, type AlertContext } from '@/lib/alerts/context';
import { AppError } from '@/lib/api/errors';
import { writeAudit } from '@/lib/audit';
import { can, scopeFor, type Actor } from '@/lib/auth/permissions';
import { MANIFEST_FILE, MANIFEST_FORMAT, SIGNATURE_FILE, SIGNATURE_FORMAT, type EvidenceClip, type EvidenceManifest, type ManifestFile } from '@/lib/evidence/manifest';
import { zipChunks, type ZipEntry } from '@/lib/evidence/zip';
import { getRecordingStore } from '@/lib/recording/settings';
import type { RecordingStore } from '@/lib/recording/store';
import { getLogger } from '@/lib/logger';
import { getKeyring } from '@/lib/signing/keyring';
import { evidenceStatement, sign } from '@/lib/signing/signature';

// An alert group's evidence package (one alert, or an incident of several): its clips from every
// camera that kept one, its snapshots, its tracks as GeoJSON, its history, a manifest with the
// SHA-256 of each file, and the server's Ed25519 signature over the manifest. Streamed as a ZIP
// while it is read: an hour of video never sits in memory.

/** Per camera, a package holds at most this much video around the group's moments. */
export const MAX_CLIP_MS = 2 * 60 * 60_000;
/** fflate writes no ZIP64, so a package stays under 4 GiB. */
export const MAX_PACKAGE_BYTES = 3.5 * 1024 ** 3;

export interface PackageText {
  /** The README's lines, in the exporter's language. */
  readme: (facts: { incidentId: string; exportedAt: Date; exportedBy: string; clips: number; snapshots: number; keyId: string }) => string;
}

export interface EvidenceExport {
  filename: string;
  body: ReadableStream<Uint8Array>;
}

interface PlannedClip {
  camera: GroupClip;
  fromMs: number;
  toMs: number;
  /** One run of segments sharing a container (and, for MP4, one init segment): one file. */
  runs: StoredSegment[][];
  gaps: { fromMs: number; toMs: number; reason: string }[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`, 'utf8');
/** A file name for the camera: its code, else its id (the code is optional). */
const slug = (camera: GroupClip) => (camera.code ?? camera.cameraId).replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60) || camera.cameraId;

/** Splits segments where the container or the MP4 init changes: each run plays as one file. */
function runsOf(segments: StoredSegment[]): StoredSegment[][] {
  const runs: StoredSegment[][] = [];
  for (const s of segments) {
    const last = runs.at(-1)?.at(-1);
    if (last && last.initKey === s.initKey && last.contentType === s.contentType) runs.at(-1)!.push(s);
    else runs.push([s]);
  }
  return runs;
}

async function planClips(database: Database, actor: Actor, groupId: string, exportScope: NonNullable<ReturnType<typeof scopeFor>>): Promise<PlannedClip[]> {
  const clips: PlannedClip[] = [];
  for (const camera of await listGroupClips(database, exportScope, groupId)) {
    // Each camera's video only for those who may review that camera (another agency's is left out).
    if (!can(actor, 'recording:play', { provinceCode: camera.provinceCode, agencyId: camera.agencyId })) continue;
    const fromMs = camera.fromMs;
    const toMs = Math.min(camera.toMs, fromMs + MAX_CLIP_MS);
    const segments = (await listSegments(database, camera.cameraId, fromMs, toMs)).filter((s) => s.startMs + s.durationMs > fromMs);
    if (segments.length === 0) continue;
    clips.push({ camera, fromMs, toMs, runs: runsOf(segments), gaps: await listGaps(database, camera.cameraId, fromMs, toMs) });
  }
  return clips;
}

/** The group's crossings (tracks with each point's time), alert places and covering cameras. */
function tracksGeoJson(context: AlertContext): object {
  const features: object[] = [];
  for (const m of context.members) {
    if (m.lon === null || m.lat === null) continue;
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [m.lon, m.lat] }, properties: { type: 'alert', alertId: m.id, kind: m.kind, status: m.status, occurredAt: m.occurredAt } });
  }
  for (const e of context.evidence) {
    const track = e.crossing.track;
    features.push({
      type: 'Feature',
      geometry: track.length > 1 ? { type: 'LineString', coordinates: track.map((p) => [p.lon, p.lat]) } : { type: 'Point', coordinates: [track[0]?.lon ?? e.crossing.event.lon, track[0]?.lat ?? e.crossing.event.lat] },
      // `coordTimes` as GPX and KML converters write it, so GIS tools can play the track in time.
      properties: { type: 'track', alertId: e.alertId, cameraId: e.crossing.event.cameraId, trackId: e.crossing.event.trackId, class: e.crossing.event.class, coordTimes: track.map((p) => p.at), detectionIds: track.map((p) => p.id) },
    });
    for (const c of e.crossing.crossings) {
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] }, properties: { type: 'crossing', alertId: e.alertId, crossingId: c.id, direction: c.direction, at: c.at } });
    }
  }
  for (const c of context.cameras) {
    features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [c.lon, c.lat] }, properties: { type: 'camera', cameraId: c.id, name: c.name, bearingDeg: c.bearingDeg, fovDeg: c.fovDeg, rangeM: c.rangeM, distanceM: c.distanceM } });
  }
  return { type: 'FeatureCollection', features };
}

async function* storedBytes(store: RecordingStore, key: string): AsyncGenerator<Uint8Array> {
  const object = await store.get(key);
  if (!object) return;
  for await (const chunk of object.body as unknown as AsyncIterable<Uint8Array>) yield chunk;
}

/**
 * The package of an alert group, for an operator, a leader or an administrator of its scope.
 * Written to the audit log before the first byte leaves.
 */
export async function exportEvidencePackage(database: Database, actor: Actor & { username: string; displayName: string }, groupId: string, text: PackageText, ip: string | null): Promise<EvidenceExport> {
  const exportScope = scopeFor(actor, 'evidence:export');
  if (!exportScope) throw new AppError('forbidden', 'You may not export evidence');
  const found = await alertContext(database, actor, groupId);
  if (!found || !(await getGroupIdOf(database, exportScope, found.group.leadId))) throw new AppError('not_found', 'No such alert');
  const context: AlertContext = found;
  const clips = await planClips(database, actor, groupId, exportScope);
  const videoBytes = clips.flatMap((c) => c.runs.flat()).reduce((sum, s) => sum + s.bytes, 0);
  if (videoBytes > MAX_PACKAGE_BYTES) throw new AppError('payload_too_large', `The clips hold ${videoBytes} bytes, more than a package can (${MAX_PACKAGE_BYTES})`);

  const detectionScope = scopeFor(actor, 'detection:read');
  const snapshotIds = detectionScope ? context.evidence.flatMap((e) => e.snapshots) : [];
  const exportedAt = new Date();
  const keyring = getKeyring();
  const store = getRecordingStore();
  const span = clips.length ? { from: Math.min(...clips.map((c) => c.fromMs)), to: Math.max(...clips.map((c) => c.toMs)) } : null;

  await writeAudit(database.db, {
    action: 'alert.evidence_exported',
    actorId: actor.id,
    actorName: actor.username,
    targetType: 'alert',
    targetId: groupId,
    ip,
    details: { alerts: context.members.length, cameras: clips.map((c) => c.camera.cameraId), from: span && iso(span.from), to: span && iso(span.to), bytes: videoBytes },
  });

  const files: ManifestFile[] = [];
  const manifestClips: EvidenceClip[] = [];

  /** An entry whose SHA-256 and size go to the manifest once it has been read through. */
  function hashed(name: string, deflate: boolean, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): ZipEntry {
    return {
      name,
      deflate,
      chunks: (async function* () {
        const hash = createHash('sha256');
        let bytes = 0;
        for await (const chunk of source) {
          hash.update(chunk);
          bytes += chunk.byteLength;
          yield chunk;
        }
        files.push({ path: name, bytes, sha256: hash.digest('hex') });
      })(),
    };
  }

  async function* entries(): AsyncGenerator<ZipEntry> {
    const incidentId = context.group.id;
    yield hashed('README.txt', true, [Buffer.from(text.readme({ incidentId, exportedAt, exportedBy: actor.displayName, clips: clips.length, snapshots: snapshotIds.length, keyId: keyring.current.keyId }), 'utf8')]);
    const { group, members, history, dispatches, tips } = context;
    yield hashed('incident.json', true, [json({ group, members, history, dispatches, tips })]);
    yield hashed('tracks.geojson', true, [json(tracksGeoJson(context))]);
    for (const id of snapshotIds) {
      const jpeg = await getSnapshot(database, detectionScope!, id);
      if (jpeg) yield hashed(`snapshots/${id}.jpg`, false, [jpeg]);
    }
    const used = new Set<string>();
    for (const clip of clips) {
      // Two codes can make one file name ("A B", "A_B"): a name appears once in a package.
      let base = slug(clip.camera);
      if (used.has(base)) base = `${base}-${clip.camera.cameraId.slice(0, 8)}`;
      used.add(base);
      for (const [n, run] of clip.runs.entries()) {
        const mp4 = run[0]!.initKey !== null;
        const name = `clips/${base}${clip.runs.length > 1 ? `-${n + 1}` : ''}`;
        const file = `${name}.${mp4 ? 'mp4' : 'ts'}`;
        const placed: EvidenceClip['segments'] = [];
        let initBytes = 0;
        // Each segment read once: hashed against what the recorder stored, placed in the file.
        const body = async function* (): AsyncGenerator<Uint8Array> {
          let offset = 0;
          if (mp4) {
            for await (const chunk of storedBytes(store, run[0]!.initKey!)) {
              initBytes += chunk.byteLength;
              yield chunk;
            }
            offset = initBytes;
          }
          for (const s of run) {
            const hash = createHash('sha256');
            let bytes = 0;
            for await (const chunk of storedBytes(store, s.storageKey)) {
              hash.update(chunk);
              bytes += chunk.byteLength;
              yield chunk;
            }
            // A segment retention took meanwhile is left out (the playlist skips it as a gap).
            if (bytes === 0) continue;
            placed.push({ at: iso(s.startMs), durationMs: s.durationMs, offset, bytes, sha256: s.sha256, asRecorded: hash.digest('hex') === s.sha256 });
            offset += bytes;
          }
        };
        yield hashed(file, false, body());
        yield hashed(`${name}.m3u8`, true, [Buffer.from(clipPlaylist(file.split('/').pop()!, mp4 ? initBytes : 0, placed), 'utf8')]);
        manifestClips.push({
          cameraId: clip.camera.cameraId,
          cameraCode: clip.camera.code,
          cameraName: clip.camera.name,
          from: iso(clip.fromMs),
          to: iso(clip.toMs),
          container: mp4 ? 'mp4' : 'mpegts',
          file,
          playlist: `${name}.m3u8`,
          segments: placed,
          gaps: clip.gaps.map((g) => ({ from: iso(g.fromMs), to: iso(g.toMs), reason: g.reason })),
        });
      }
    }
    yield hashed('signing-key.pem', false, [Buffer.from(keyring.current.pem, 'utf8')]);
    const manifest: EvidenceManifest = {
      format: MANIFEST_FORMAT,
      incidentId,
      alertIds: members.map((m) => m.id),
      exportedAt: exportedAt.toISOString(),
      exportedBy: { id: actor.id, name: actor.displayName },
      from: span && iso(span.from),
      to: span && iso(span.to),
      clips: manifestClips,
      files: [...files],
    };
    const manifestBytes = json(manifest);
    const manifestSha256 = createHash('sha256').update(manifestBytes).digest('hex');
    yield { name: MANIFEST_FILE, deflate: true, chunks: [manifestBytes] };
    const signature = sign(evidenceStatement(manifestSha256), keyring);
    yield { name: SIGNATURE_FILE, deflate: true, chunks: [json({ format: SIGNATURE_FORMAT, keyId: signature.keyId, signature: signature.signature, manifestSha256 })] };
  }

  const stamp = exportedAt.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return {
    filename: `vigil-evidence-${stamp}-${groupId.slice(0, 8)}.zip`,
    body: Readable.toWeb(Readable.from(logged(zipChunks(entries(), exportedAt), groupId))) as ReadableStream<Uint8Array>,
  };
}

/** A package that fails once its headers are sent can only be cut short: the reason goes to the log. */
async function* logged(chunks: AsyncGenerator<Uint8Array>, groupId: string): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (err) {
    getLogger().error({ err, groupId }, 'evidence package cut short');
    throw err;
  }
}

/**
 * The clip's file as an HLS playlist of byte ranges, each segment dated, a discontinuity where
 * the recording was interrupted: players seek in it by the camera's clock.
 */
function clipPlaylist(file: string, initBytes: number, segments: EvidenceClip['segments']): string {
  const target = Math.max(1, Math.ceil(Math.max(0, ...segments.map((s) => s.durationMs)) / 1000));
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', `#EXT-X-TARGETDURATION:${target}`, '#EXT-X-PLAYLIST-TYPE:VOD'];
  if (initBytes > 0) lines.push(`#EXT-X-MAP:URI="${file}",BYTERANGE="${initBytes}@0"`);
  let previousEnd: number | null = null;
  for (const s of segments) {
    const start = Date.parse(s.at);
    if (previousEnd !== null && Math.abs(start - previousEnd) > 250) lines.push('#EXT-X-DISCONTINUITY');
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${s.at}`, `#EXTINF:${(s.durationMs / 1000).toFixed(3)},`, `#EXT-X-BYTERANGE:${s.bytes}@${s.offset}`, file);
    previousEnd = start + s.durationMs;
  }
  lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}
