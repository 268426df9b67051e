import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { updateContact } from '@/lib/programme/facilities';
import { contactParams, contactSchema } from '@/lib/programme/schemas';

export const dynamic = 'force-dynamic';

/** Replaces a contact's details. */
export const PATCH = apiRoute({ action: 'facility:write', params: contactParams }, async ({ req, params, database, user, ip }) => {
  const body = await readJsonBody(req, contactSchema);
  await updateContact(database, { actor: user, ip }, params.id, params.contactId, body);
  return { ok: true };
});

/** Removes a contact (kept in the record, off the lists). */
export const DELETE = apiRoute({ action: 'facility:write', params: contactParams }, async ({ params, database, user, ip }) => {
  await updateContact(database, { actor: user, ip }, params.id, params.contactId, null);
  return { ok: true };
});
