// The columns every operational map object shares, and those of the objects planners draw.
import { boolean, integer, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { type PlanSeverity } from '../../lib/domain/plan-layers';
import { agencies } from './accounts';
import { timestamps } from './columns';
import { positionConfidenceEnum } from './geography';

/** Columns every operational map object shares: ownership scope, provenance and audit times. */
export const mapObject = {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Stable key for seeded objects, so re-seeding never duplicates them. */
  code: text('code'),
  name: text('name').notNull(),
  nameEn: text('name_en'),
  description: text('description'),
  /** The description in English (the interface shows one language at a time). */
  descriptionEn: text('description_en'),
  agencyId: text('agency_id').references(() => agencies.id),
  provinceCode: text('province_code').notNull(),
  isDemo: boolean('is_demo').notNull().default(false),
  confidence: positionConfidenceEnum('confidence').notNull().default('exact_from_data'),
  /** Radius of the position's uncertainty in metres, when approximate. */
  uncertaintyM: integer('uncertainty_m'),
  ...timestamps,
};

/**
 * Columns of objects planners draw and edit: every save is a new version (plan_versions), a
 * save names the version it edited (optimistic concurrency), retiring keeps the row and history.
 */
export const plannedObject = {
  severity: text('severity').$type<PlanSeverity>().notNull().default('medium'),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by'),
  updatedByName: text('updated_by_name'),
  retiredAt: timestamp('retired_at', { withTimezone: true }),
};
