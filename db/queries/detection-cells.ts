import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '@/db/client';
import { LOCK } from '@/db/lock-keys';

// The counts behind heatmaps: ingest appends each batch's counts per hour, camera, class and
// ~200 m cell to detection_cells_pending; foldPendingCells moves them into the rollup pyramid.

/** The rollup's cell size in degrees (~200 m): the finest heatmap resolution. */
export const CELL_DEG = 0.002;

/** The confidence decile 0…9 of a detection; the epsilon undoes float4 rounding (0.7 is stored as 0.6999…). */
export const DECILE_SQL = 'least(9, floor(confidence * 10 + 0.0001))::int';
const DECILE_COUNTS = Array.from({ length: 10 }, (_, k) => `count(*) FILTER (WHERE ${DECILE_SQL} >= ${k})::int AS n${k}`).join(', ');
const DECILE_SUMS = Array.from({ length: 10 }, (_, k) => `n${k} = t.n${k} + excluded.n${k}`).join(', ');

/**
 * Detections (from any relation with observed_at, camera_id, class, confidence, geom) counted
 * per hour, camera, class and cell, keys in a fixed order so two batches updating the same
 * cells cannot deadlock.
 */
export function listCellCounts(source: SQL): SQL {
  return sql`
    SELECT date_trunc('hour', observed_at) AS hour, camera_id, class,
           floor(ST_X(geom) / ${CELL_DEG})::int AS cell_x, floor(ST_Y(geom) / ${CELL_DEG})::int AS cell_y,
           ${sql.raw(DECILE_COUNTS)}
    FROM ${source} GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`;
}

/** Adds counted cells (columns as listCellCounts gives them) to the hourly table. */
export function upsertCells(cells: SQL): SQL {
  return sql`
    INSERT INTO detection_cells_hourly AS t (hour, camera_id, class, cell_x, cell_y, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9)
    ${cells}
    ON CONFLICT (hour, camera_id, class, cell_x, cell_y) DO UPDATE SET ${sql.raw(DECILE_SUMS)}`;
}

const SUMS = Array.from({ length: 10 }, (_, k) => `sum(n${k})::int`).join(', ');

/**
 * Folds the pending cell counts into the rollups (hourly 200 m and 1 km cells, daily 1 km cells,
 * hourly and daily per zone; zones by where the 200 m cells lie): rows are deleted and added in one
 * transaction, so each is counted once however many instances run this; one at a time
 * (advisory lock), so two folds never update the same cells in different orders.
 */
export async function foldPendingCells(database: Database): Promise<number> {
  return database.db.transaction(async (tx) => {
    const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${LOCK.foldCells}, 0) AS ok`));
    if (!lock?.ok) return 0;
    const upsertSet = sql.raw(DECILE_SUMS);
    const sums = sql.raw(SUMS);
    const folded = rowsOf<{ n: number }>(
      await tx.execute(sql`
        WITH moved AS (DELETE FROM detection_cells_pending RETURNING *),
        hourly AS (
          ${upsertCells(sql`SELECT hour, camera_id, class, cell_x, cell_y, ${sums} FROM moved GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`)}
          RETURNING 1),
        hourly_coarse AS (
          INSERT INTO detection_cells_hourly_coarse AS t (hour, camera_id, class, cell_x, cell_y, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9)
          SELECT hour, camera_id, class, coarse_cell(cell_x), coarse_cell(cell_y), ${sums}
          FROM moved GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
          ON CONFLICT (hour, camera_id, class, cell_x, cell_y) DO UPDATE SET ${upsertSet}),
        zoned AS (
          SELECT m.*, z.id AS zone_id FROM moved m
          JOIN zones z ON z.retired_at IS NULL AND ST_Intersects(z.geom, ST_SetSRID(ST_MakePoint((m.cell_x + 0.5) * ${CELL_DEG}::float8, (m.cell_y + 0.5) * ${CELL_DEG}::float8), 4326))),
        zones_hourly AS (
          INSERT INTO detection_zones_hourly AS t (hour, zone_id, camera_id, class, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9)
          SELECT hour, zone_id, camera_id, class, ${sums}
          FROM zoned GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
          ON CONFLICT (hour, zone_id, camera_id, class) DO UPDATE SET ${upsertSet}),
        daily AS (
          INSERT INTO detection_cells_daily AS t (day, night, camera_id, class, cell_x, cell_y, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9)
          SELECT local_day(hour), is_night(hour), camera_id, class, coarse_cell(cell_x), coarse_cell(cell_y), ${sums}
          FROM moved GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
          ON CONFLICT (day, night, camera_id, class, cell_x, cell_y) DO UPDATE SET ${upsertSet}),
        zones_daily AS (
          INSERT INTO detection_zones_daily AS t (day, night, zone_id, camera_id, class, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9)
          SELECT local_day(hour), is_night(hour), zone_id, camera_id, class, ${sums}
          FROM zoned GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
          ON CONFLICT (day, night, zone_id, camera_id, class) DO UPDATE SET ${upsertSet})
        SELECT count(*)::int AS n FROM hourly`),
    );
    return folded[0]?.n ?? 0;
  });
}
