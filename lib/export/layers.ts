import 'server-only';
import { toKML } from '@placemarkio/tokml';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Database } from '@/db/client';
import { getCollectionPropertyNames, listCollectionRows, type CollectionId, type CollectionRow, type Envelope } from '@/db/queries/ogc-collections';
import type { Scope } from '@/db/queries/scope';
import { writeAudit } from '@/lib/audit';
import { CSV_BOM, csvLines } from '@/lib/export/csv';
import { LOCAL_OFFSET_MS } from '@/lib/time/local-time';

// A layer as a file for GIS tools and spreadsheets: the same features as the OGC API
// (db/queries/ogc-collections), as GeoJSON, KML or CSV (geometry as WKT).

export const LAYER_EXPORT_FORMATS = ['geojson', 'kml', 'csv'] as const;
export type LayerExportFormat = (typeof LAYER_EXPORT_FORMATS)[number];

const CONTENT_TYPE: Record<LayerExportFormat, string> = {
  geojson: 'application/geo+json',
  kml: 'application/vnd.google-earth.kml+xml; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

function featureCollection(rows: CollectionRow[]): string {
  const features = rows.map((r) => `{"type":"Feature","id":${JSON.stringify(r.id)},"geometry":${r.geometry},"properties":${r.properties}}`);
  return `{"type":"FeatureCollection","features":[\n${features.join(',\n')}\n]}\n`;
}

/** KML: each feature a Placemark named by its name, its attributes as ExtendedData (empty ones left out). */
function kml(rows: CollectionRow[]): string {
  const fc: FeatureCollection<Geometry> = {
    type: 'FeatureCollection',
    features: rows.map((r) => {
      const properties = Object.entries(JSON.parse(r.properties) as Record<string, unknown>).filter(([, value]) => value !== null);
      return { type: 'Feature', id: r.id, geometry: JSON.parse(r.geometry) as Geometry, properties: Object.fromEntries([['id', r.id], ...properties]) };
    }),
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${toKML(fc)}\n`;
}

function csv(rows: CollectionRow[], names: string[]): string {
  const lines = rows.map((r) => {
    const properties = JSON.parse(r.properties) as Record<string, unknown>;
    return [r.id, ...names.map((n) => properties[n] ?? null), r.wkt];
  });
  return `${CSV_BOM}${csvLines([['id', ...names, 'wkt'], ...lines])}`;
}

/** vigil-zones-20261129-2103.kml: the collection and when the file was made, in Viet Nam's time. */
export function exportFileName(id: CollectionId, format: LayerExportFormat, now = new Date()): string {
  const stamp = new Date(now.getTime() + LOCAL_OFFSET_MS).toISOString().slice(0, 16).replace(/-/g, '').replace('T', '-').replace(':', '');
  return `vigil-${id}-${stamp}.${format}`;
}

/**
 * Every feature of a collection the caller may see (optionally within a bbox) as a file.
 * The export is written to the audit log before the file is returned.
 */
export async function exportLayer(
  database: Database,
  actor: { id: string; username: string; ip: string | null },
  id: CollectionId,
  format: LayerExportFormat,
  options: { scope: Scope; bbox?: Envelope },
): Promise<{ body: string; contentType: string; fileName: string; rows: number }> {
  const rows = await listCollectionRows(database, id, options);
  await writeAudit(database.db, {
    action: 'layer.export',
    actorId: actor.id,
    actorName: actor.username,
    targetType: 'layer',
    targetId: id,
    ip: actor.ip,
    details: { format, rows: rows.length, ...(options.bbox ? { bbox: options.bbox } : {}) },
  });
  const body = format === 'geojson' ? featureCollection(rows) : format === 'kml' ? kml(rows) : csv(rows, await getCollectionPropertyNames(database, id));
  return { body, contentType: CONTENT_TYPE[format], fileName: exportFileName(id, format), rows: rows.length };
}
