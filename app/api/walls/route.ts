import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { videoWalls } from '@/db/schema';
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
  walls: await database.db
    .select({ name: videoWalls.name, layout: videoWalls.layout, cameraIds: videoWalls.cameraIds, updatedAt: videoWalls.updatedAt })
    .from(videoWalls)
    .where(eq(videoWalls.userId, user.id))
    .orderBy(videoWalls.name),
}));

export const PUT = apiRoute({ action: 'camera:stream' }, async ({ req, user, database }) => {
  const wall = await readJsonBody(req, wallSchema);
  await database.db
    .insert(videoWalls)
    .values({ userId: user.id, ...wall })
    .onConflictDoUpdate({ target: [videoWalls.userId, videoWalls.name], set: { layout: wall.layout, cameraIds: wall.cameraIds, updatedAt: sql`now()` } });
  return { ok: true };
});

export const DELETE = apiRoute({ action: 'camera:stream', query: z.object({ name: nameText(80) }).strict() }, async ({ query, user, database }) => {
  await database.db.delete(videoWalls).where(and(eq(videoWalls.userId, user.id), eq(videoWalls.name, query.name)));
  return { ok: true };
});
