import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { videoWalls } from '@/db/schema';

export interface WallRow {
  name: string;
  layout: number;
  cameraIds: (string | null)[];
  updatedAt: Date;
}

export interface WallInput {
  name: string;
  layout: number;
  /** One per tile, null for an empty tile. */
  cameraIds: (string | null)[];
}

/** A user's own saved walls, by name. Which cameras may actually play is checked per stream, not here. */
export async function listWalls(database: Database, userId: string): Promise<WallRow[]> {
  return database.db
    .select({ name: videoWalls.name, layout: videoWalls.layout, cameraIds: videoWalls.cameraIds, updatedAt: videoWalls.updatedAt })
    .from(videoWalls)
    .where(eq(videoWalls.userId, userId))
    .orderBy(videoWalls.name);
}

/** Saves a wall under its name, replacing the user's wall of that name: a wall is known by its name. */
export async function saveWall(database: Database, userId: string, wall: WallInput): Promise<void> {
  await database.db
    .insert(videoWalls)
    .values({ userId, ...wall })
    .onConflictDoUpdate({ target: [videoWalls.userId, videoWalls.name], set: { layout: wall.layout, cameraIds: wall.cameraIds, updatedAt: sql`now()` } });
}

/** Deletes one of the user's walls; another user's wall of the same name is untouched. */
export async function deleteWall(database: Database, userId: string, name: string): Promise<void> {
  await database.db.delete(videoWalls).where(and(eq(videoWalls.userId, userId), eq(videoWalls.name, name)));
}
