import 'server-only';
import type { Geometry, Position } from 'geojson';
import type { Database } from '@/db/client';
import { getCollectionPropertyNames, listCollectionRows, type CollectionId, type CollectionRow, type Envelope } from '@/db/queries/ogc-collections';
import type { Scope } from '@/db/queries/scope';
import { writeAudit } from '@/lib/audit';
import { CSV_BOM, csvLines } from '@/lib/export/csv';
import { LOCAL_OFFSET_MS } from '@/lib/domain/local-time';

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

/**
 * KML as GDAL (its LIBKML and KML drivers), Google Earth, QGIS and Vigil's own import read
 * it: one Folder named after the collection (GDAL's layer name), each feature a Placemark
 * named by its name with its description, its other attributes as SchemaData typed by a
 * Schema, as ogr2ogr writes them (empty ones left out), a multi-part shape as MultiGeometry
 * (every zone is one, so GDAL sees one geometry type), 2D coordinates as stored (7 decimals).
 * Written here rather than with tokml, which writes neither a Schema nor Folders.
 */
function kml(id: CollectionId, rows: CollectionRow[]): string {
  const records = rows.map((r) => ({ id: r.id, geometry: JSON.parse(r.geometry) as Geometry, properties: JSON.parse(r.properties) as Record<string, unknown> }));
  const fields = new Map<string, string>([['id', 'string']]);
  const numeric = (t: string | undefined) => t === 'int' || t === 'double';
  for (const { properties } of records) {
    for (const [key, value] of Object.entries(properties)) {
      if (key === 'name' || key === 'description' || value === null || value === undefined) continue;
      // Booleans stay text ("true"/"false"): readers disagree on a KML bool (libkml wants 1/0, togeojson takes any text as true).
      const type = typeof value === 'number' ? (Number.isInteger(value) ? 'int' : 'double') : 'string';
      const seen = fields.get(key);
      // Values of different types in one field: integers and decimals make decimals, anything else text.
      fields.set(key, seen === undefined || seen === type ? type : numeric(seen) && numeric(type) ? 'double' : 'string');
    }
  }
  const schema = `<Schema name="${id}" id="${id}">${[...fields].map(([name, type]) => `<SimpleField name="${xml(name)}" type="${type}"/>`).join('')}</Schema>`;
  const placemarks = records.map(({ id: featureId, geometry, properties }) => {
    const data = [...fields.keys()]
      .map((key) => [key, key === 'id' ? featureId : properties[key]] as const)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([key, value]) => `<SimpleData name="${xml(key)}">${xml(typeof value === 'object' ? JSON.stringify(value) : String(value))}</SimpleData>`);
    return [
      '<Placemark>',
      typeof properties.name === 'string' ? `<name>${xml(properties.name)}</name>` : '',
      typeof properties.description === 'string' ? `<description>${xml(properties.description)}</description>` : '',
      `<ExtendedData><SchemaData schemaUrl="#${id}">${data.join('')}</SchemaData></ExtendedData>`,
      kmlGeometry(geometry),
      '</Placemark>',
    ].join('');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>vigil-${id}</name>${schema}\n<Folder><name>${id}</name>\n${placemarks.join('\n')}\n</Folder></Document></kml>\n`;
}

const coordinates = (positions: Position[]) => `<coordinates>${positions.map((p) => `${p[0]},${p[1]}`).join(' ')}</coordinates>`;
const ring = (positions: Position[]) => `<LinearRing>${coordinates(positions)}</LinearRing>`;
const polygon = ([outer, ...holes]: Position[][]) =>
  `<Polygon><outerBoundaryIs>${ring(outer ?? [])}</outerBoundaryIs>${holes.map((h) => `<innerBoundaryIs>${ring(h)}</innerBoundaryIs>`).join('')}</Polygon>`;

/** A GeoJSON geometry as KML (2D: every Vigil shape lies on the ground). */
function kmlGeometry(g: Geometry): string {
  switch (g.type) {
    case 'Point':
      return `<Point>${coordinates([g.coordinates])}</Point>`;
    case 'LineString':
      return `<LineString>${coordinates(g.coordinates)}</LineString>`;
    case 'Polygon':
      return polygon(g.coordinates);
    case 'MultiPoint':
      return `<MultiGeometry>${g.coordinates.map((p) => `<Point>${coordinates([p])}</Point>`).join('')}</MultiGeometry>`;
    case 'MultiLineString':
      return `<MultiGeometry>${g.coordinates.map((l) => `<LineString>${coordinates(l)}</LineString>`).join('')}</MultiGeometry>`;
    case 'MultiPolygon':
      return `<MultiGeometry>${g.coordinates.map(polygon).join('')}</MultiGeometry>`;
    case 'GeometryCollection':
      return `<MultiGeometry>${g.geometries.map(kmlGeometry).join('')}</MultiGeometry>`;
  }
}

/** Text for XML: markup characters escaped, characters XML 1.0 cannot hold removed. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
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
  const body = format === 'geojson' ? featureCollection(rows) : format === 'kml' ? kml(id, rows) : csv(rows, await getCollectionPropertyNames(database, id));
  return { body, contentType: CONTENT_TYPE[format], fileName: exportFileName(id, format), rows: rows.length };
}
