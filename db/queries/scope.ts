import 'server-only';
import { sql, type SQL } from 'drizzle-orm';

/** A caller's list filter (lib/auth/permissions scopeFor): null means no restriction. */
export interface Scope {
  provinceCode: string | null;
  agencyId: string | null;
  /** Telecom staff: rows of `alias` must name their company in telecom_agency_id (facilities only). */
  telecomAgencyId?: string | null;
}

/** The conditions a scope puts on rows of `alias` (columns province_code and agency_id). */
export function scopeConditions(scope: Scope, alias: string): SQL[] {
  const parts: SQL[] = [];
  if (scope.provinceCode) parts.push(sql`${sql.raw(alias)}.province_code = ${scope.provinceCode}`);
  if (scope.agencyId) parts.push(sql`${sql.raw(alias)}.agency_id = ${scope.agencyId}`);
  if (scope.telecomAgencyId) parts.push(sql`${sql.raw(alias)}.telecom_agency_id = ${scope.telecomAgencyId}`);
  return parts;
}

/** The same as one condition (true when the scope is unrestricted). */
export function scopeWhere(scope: Scope, alias: string): SQL {
  return allOf(scopeConditions(scope, alias));
}

/** Conditions joined with AND (true when there are none). */
export function allOf(parts: SQL[]): SQL {
  return parts.length ? sql`(${sql.join(parts, sql` AND `)})` : sql`true`;
}
