import { z } from 'zod';
import { uuidSchema } from '@/lib/api/schemas';

// The evidence package's format: what the exporter writes and the verifier reads. A package is a
// ZIP of plain files an investigator can open without Vigil, a manifest listing each file's
// SHA-256, and an Ed25519 signature over the manifest (lib/signing/signature evidenceStatement).

export const MANIFEST_FILE = 'manifest.json';
export const SIGNATURE_FILE = 'signature.json';
export const MANIFEST_FORMAT = 'vigil-evidence/1';
export const SIGNATURE_FORMAT = 'vigil-evidence-signature/1';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const iso = z.string().datetime({ offset: true });

export const manifestFileSchema = z.object({ path: z.string().min(1).max(300), bytes: z.number().int().nonnegative(), sha256: sha256Hex });

export const clipSegmentSchema = z.object({
  at: iso,
  durationMs: z.number().nonnegative(),
  /** Where the segment sits in the clip's file. */
  offset: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  /** The SHA-256 the recorder stored when it copied the segment from the camera. */
  sha256: sha256Hex,
  /** Whether the stored segment still had that SHA-256 when exported. */
  asRecorded: z.boolean(),
});

export const clipSchema = z.object({
  cameraId: z.string(),
  cameraCode: z.string().nullable(),
  cameraName: z.string(),
  from: iso,
  to: iso,
  /** `mp4`: fragmented MP4 (the camera's init and fragments, not transcoded); `mpegts`: the segments as recorded, back to back. */
  container: z.enum(['mp4', 'mpegts']),
  file: z.string(),
  /** An HLS playlist of the file with each segment's time (EXT-X-PROGRAM-DATE-TIME), for players that seek by the camera's clock. */
  playlist: z.string(),
  segments: z.array(clipSegmentSchema),
  gaps: z.array(z.object({ from: iso, to: iso, reason: z.string() })),
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  incidentId: uuidSchema,
  alertIds: z.array(uuidSchema),
  exportedAt: iso,
  exportedBy: z.object({ id: z.string(), name: z.string() }),
  /** The period the clips cover. */
  from: iso.nullable(),
  to: iso.nullable(),
  clips: z.array(clipSchema),
  files: z.array(manifestFileSchema),
});

export const signatureFileSchema = z.object({
  format: z.literal(SIGNATURE_FORMAT),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  /** Ed25519 over evidenceStatement(manifestSha256), base64. */
  signature: z.string(),
  manifestSha256: sha256Hex,
});

export type EvidenceManifest = z.infer<typeof manifestSchema>;
export type EvidenceClip = z.infer<typeof clipSchema>;
export type ManifestFile = z.infer<typeof manifestFileSchema>;
export type SignatureFile = z.infer<typeof signatureFileSchema>;

/** The largest package the verify page takes (the command line takes any): minutes of video from a few cameras. */
export const MAX_VERIFY_PACKAGE_BYTES = 512 * 1024 * 1024;
