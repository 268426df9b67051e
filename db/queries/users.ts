import 'server-only';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database, type Db } from '@/db/client';
import { agencies, type AgencyKind, type Role } from '@/db/schema';

export interface ActiveActor {
  id: string;
  displayName: string;
  role: Role;
  provinceCode: string | null;
  agencyId: string;
  agencyKind: AgencyKind;
}

/** A person as the permission module sees them, read in the caller's transaction; null when disabled or unknown. */
export async function findActiveActor(db: Db, userId: string): Promise<ActiveActor | null> {
  const [row] = rowsOf<ActiveActor>(
    await db.execute(sql`
      SELECT u.id, u.display_name AS "displayName", u.role::text AS role, u.province_code AS "provinceCode", u.agency_id AS "agencyId", a.kind::text AS "agencyKind"
      FROM users u JOIN agencies a ON a.id = u.agency_id
      WHERE u.id = ${userId} AND NOT u.disabled`),
  );
  return row ?? null;
}

export interface AccountAgency {
  id: string;
  name: string;
  nameEn: string;
  /** null: a national agency, which accounts of every province may belong to. */
  provinceCode: string | null;
}

/** Every agency an account could belong to, by name; the caller narrows them to what the administrator may assign. */
export async function listAccountAgencies(database: Database): Promise<AccountAgency[]> {
  return database.db.select({ id: agencies.id, name: agencies.name, nameEn: agencies.nameEn, provinceCode: agencies.provinceCode }).from(agencies).orderBy(agencies.name);
}
