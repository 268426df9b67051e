import { getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { listContacts } from '@/db/queries/programme';
import { apiRoute } from '@/lib/api/handler';
import { writeAudit } from '@/lib/audit';
import { formatsFor } from '@/lib/format';
import { contactsCsv, contactsXlsx } from '@/lib/programme/contacts-export';
import type { Translator } from '@/lib/reports/pdf';

export const dynamic = 'force-dynamic';

/**
 * The province-wide list of facility contact persons (the seed's list the Department of
 * Information and Communications compiles), as JSON, or as XLSX or CSV to send on. Exports
 * carry personal data: each one is audited.
 */
export const GET = apiRoute({ action: 'facility:read', query: z.object({ format: z.enum(['json', 'xlsx', 'csv']).default('json') }) }, async ({ database, scope, query, user, ip }) => {
  const rows = await listContacts(database, scope);
  if (query.format === 'json') return { contacts: rows };
  const locale = await getLocale();
  const t = (await getTranslations()) as unknown as Translator;
  await writeAudit(database.db, { action: 'facility.contacts.export', actorId: user.id, actorName: user.displayName, ip, details: { format: query.format, rows: rows.length } });
  const stamp = formatsFor(locale).localStamp(new Date()).slice(0, 10).replace(/-/g, '');
  const name = `vigil-${t('programme.contacts.fileName')}-${stamp}.${query.format}`;
  const body = query.format === 'xlsx' ? new Uint8Array(await contactsXlsx(rows, { locale, t })) : contactsCsv(rows, { locale, t });
  return new Response(body, {
    headers: {
      'Content-Type': query.format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'no-store',
    },
  });
});
