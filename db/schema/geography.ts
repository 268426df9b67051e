// Reference geography: administrative areas, the border line, place names.
import { index, integer, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { geometry } from './columns';

export const borderSectionEnum = pgEnum('border_section', ['land', 'river', 'maritime']);

/** How a position was obtained: copied from an open dataset, or placed approximately. */
export const positionConfidenceEnum = pgEnum('position_confidence', ['exact_from_data', 'approximate', 'demo']);

export const adminAreas = pgTable(
  'admin_areas',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    /** OSM-style admin level: 2 country (clipped to the region), 4 province, 6 district. */
    adminLevel: integer('admin_level').notNull(),
    /** ISO 3166-1 alpha-3 of the country the area belongs to. */
    countryCode: text('country_code').notNull(),
    /** The province the area lies in; null for country polygons. */
    provinceCode: text('province_code'),
    source: text('source').notNull(),
    licence: text('licence').notNull(),
    accuracy: text('accuracy'),
    geom: geometry('geom', 'MultiPolygon').notNull(),
  },
  (t) => [index('admin_areas_geom_idx').using('gist', t.geom)],
);

export const borderLines = pgTable(
  'border_lines',
  {
    id: text('id').primaryKey(),
    section: borderSectionEnum('section').notNull(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    provinceCode: text('province_code').notNull(),
    source: text('source').notNull(),
    geom: geometry('geom', 'MultiLineString').notNull(),
  },
  (t) => [index('border_lines_geom_idx').using('gist', t.geom)],
);

export const places = pgTable(
  'places',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    nameEn: text('name_en').notNull(),
    kind: text('kind').notNull(),
    confidence: positionConfidenceEnum('confidence').notNull(),
    uncertaintyM: integer('uncertainty_m'),
    source: text('source').notNull(),
    geom: geometry('geom', 'Point').notNull(),
  },
  (t) => [index('places_geom_idx').using('gist', t.geom)],
);
