import { getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { apiRoute } from '@/lib/api/handler';
import { uuidSchema } from '@/lib/api/schemas';
import { exportEvidencePackage } from '@/lib/evidence/package';
import { formatsFor } from '@/lib/format';

export const dynamic = 'force-dynamic';

/**
 * An alert group's signed evidence package (ZIP): clips, snapshots, tracks, history, a manifest of
 * SHA-256 and its Ed25519 signature. Streamed as it is made; audited before the first byte.
 */
export const GET = apiRoute({ action: 'evidence:export', params: z.object({ id: uuidSchema }) }, async ({ params, database, user, ip }) => {
  const t = await getTranslations('evidencePackage');
  const f = formatsFor(await getLocale());
  const { filename, body } = await exportEvidencePackage(
    database,
    user,
    params.id,
    {
      readme: (facts) =>
        t('readme', {
          incidentId: facts.incidentId,
          exportedAt: f.dateTimeSeconds(facts.exportedAt),
          exportedBy: facts.exportedBy,
          clips: facts.clips,
          snapshots: facts.snapshots,
          keyId: facts.keyId,
        }),
    },
    ip,
  );
  return new Response(body, {
    headers: { 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' },
  });
});
