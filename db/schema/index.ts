// The single source of truth for Vigil's data, one file per domain. `npm run db:generate` turns
// changes here into SQL migrations in db/migrations/, which both engines apply at start-up.
export * from './accounts';
export * from './geography';
export * from './planning';
export * from './programme';
export * from './cameras';
export * from './operations';
export * from './detections';
export * from './recordings';
export * from './system';
export type { GeoJsonGeometry } from './columns';
