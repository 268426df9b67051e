import { z } from 'zod';
import { deleteWall, listWalls, saveWall } from '@/db/queries/walls';
import { apiRoute, readJsonBody } from '@/lib/api/handler';
import { nameText, uuidSchema } from '@/lib/api/schemas';

export const dynamic = 'force-dynamic';

const LAYOUTS = [1, 4, 9, 16] as const;

const wallSchema = z
  .object({
    name: nameText(80),
    layout: z.union(LAYOUTS.map((n) => z.literal(n)) as unknown as [z.ZodLiteral<1>, z.ZodLiteral<4>, z.ZodLiteral<9>, z.ZodLiteral<16>]),
    cameraIds: z.array(uuidSchema.nullable()).max(16),
  })
  .strict()
  .refine((w) => w.cameraIds.length <= w.layout, 'more cameras than tiles');

/** The user's own saved walls. Which cameras may actually play is checked per stream. */
export const GET = apiRoute({ action: 'camera:stream' }, async ({ user, database }) => ({
  walls: await listWalls(database, user.id),
}));

export const PUT = apiRoute({ action: 'camera:stream' }, async ({ req, user, database }) => {
  const wall = await readJsonBody(req, wallSchema);
  await saveWall(database, user.id, wall);
  return { ok: true };
});

export const DELETE = apiRoute({ action: 'camera:stream', query: z.object({ name: nameText(80) }).strict() }, async ({ query, user, database }) => {
  await deleteWall(database, user.id, query.name);
  return { ok: true };
});
