// Column types and groups the tables share: PostGIS geometry, bytea, timestamps, the rollups' counts.
import { sql, type SQL } from 'drizzle-orm';
import { customType, integer, timestamp } from 'drizzle-orm/pg-core';

export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

type GeometryKind = 'Point' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon' | 'Geometry';

/** A GeoJSON geometry object as it is written to a PostGIS column. */
export interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

/**
 * PostGIS geometry in SRID 4326. Writes take GeoJSON; reads are done in SQL with
 * ST_AsGeoJSON (see db/queries), so the driver value is left as the hex EWKB string.
 */
export const geometry = (name: string, kind: GeometryKind) =>
  customType<{ data: GeoJsonGeometry; driverData: string | SQL }>({
    dataType: () => `geometry(${kind}, 4326)`,
    toDriver: (value) => sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(value)}), 4326)`,
  })(name);

/** SQL list of values for a CHECK constraint. */
export const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/** n0…n9: how many detections had confidence ≥ 0.0 … 0.9, the counts every rollup keeps. */
export const decileCounts = () => ({
  n0: integer('n0').notNull(),
  n1: integer('n1').notNull(),
  n2: integer('n2').notNull(),
  n3: integer('n3').notNull(),
  n4: integer('n4').notNull(),
  n5: integer('n5').notNull(),
  n6: integer('n6').notNull(),
  n7: integer('n7').notNull(),
  n8: integer('n8').notNull(),
  n9: integer('n9').notNull(),
});
