import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { addContact } from '@/lib/programme/facilities';
import { contactSchema, facilityParams } from '@/lib/programme/schemas';

export const dynamic = 'force-dynamic';

/** Adds a contact person to a facility (the first one becomes its primary contact). */
export const POST = apiRoute({ action: 'facility:write', params: facilityParams }, async ({ req, params, database, user, ip }) => {
  const body = await readJsonBody(req, contactSchema);
  return Response.json(await addContact(database, { actor: user, ip }, params.id, body), { status: 201 });
});
