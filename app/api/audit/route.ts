import { z } from 'zod';
import { listAuditEntries } from '@/db/queries/audit';
import { apiRoute } from '@/lib/api/handler';
import { nameText } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

const query = z
  .object({
    action: nameText(100).optional(),
    actor: nameText(100).optional(),
    before: z.coerce.number().int().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

/**
 * The audit log for administrators: who did what, when, from where. Newest first, paged by id;
 * a provincial administrator sees their province's entries, a national one all of them.
 */
export const GET = apiRoute({ action: 'audit:read', query }, async ({ query, database, scope }) => ({ entries: await listAuditEntries(database, { ...query, provinceCode: scope.provinceCode }) }));
