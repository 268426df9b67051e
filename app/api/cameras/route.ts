import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { cameraInputSchema, createCamera } from '@/lib/cameras/manage';
import { getCameraStatusTable } from '@/db/queries/camera-health';
import { periodSchema } from '@/lib/api/period';
import { can } from '@/lib/auth/permissions';

export const dynamic = 'force-dynamic';

/** Adds a camera (admins). The stream URL and credentials are accepted but never returned. */
export const POST = apiRoute({ action: 'camera:write' }, async ({ req, user, database, ip }) => {
  const input = await readJsonBody(req, cameraInputSchema);
  return Response.json(await createCamera(database, user, input, ip), { status: 201 });
});

/** The camera status table: status, since when, last outage, last error, uptime over from..to. */
export const GET = apiRoute({ action: 'camera:read', query: periodSchema }, async ({ query, database, scope, user }) => ({
  cameras: await getCameraStatusTable(database, scope, query.from, query.to, can(user, 'camera:write')),
}));
