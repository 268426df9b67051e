import 'server-only';
import { statfs } from 'node:fs/promises';
import type { Database } from '@/db/client';
import { databaseBytes } from '@/db/queries/health';
import { raiseInstallationAlert, resolveInstallationAlert } from '@/lib/alerts/installation';
import { getLogger } from '@/lib/logger';

// The data disk as an alert before it is full: a full disk stops PostgreSQL writing anything
// (detections, alerts, sign-ins), so duty officers learn of it while there is time to act.

/** Resolved only this far below the warning level, so a disk hovering at the line does not flap. */
const HYSTERESIS_PERCENT = 5;

export interface DataDiskOptions {
  /** The embedded engine's data folder, measured where it lies. */
  dataDir: string;
  /**
   * The size of the database's volume in GB: the database's own size is measured against it. The
   * server engine's disk is not visible from here; without it only the embedded folder is measured.
   */
  databaseDiskGb?: number;
  warnPercent: number;
}

export interface DataDiskReading {
  /** How full, 0–100; null when nothing could be measured. */
  usedPercent: number | null;
  raised: number;
  resolved: number;
}

/** How full the data's disk is: the database against its stated volume, else the embedded folder's file system. */
export async function measureDataDisk(database: Database, options: Pick<DataDiskOptions, 'dataDir' | 'databaseDiskGb'>): Promise<number | null> {
  if (options.databaseDiskGb) return (100 * (await databaseBytes(database))) / (options.databaseDiskGb * 1e9);
  if (database.engine !== 'pglite') return null;
  // What df shows as Use%: space taken of the space ordinary users may have (root's reserve left out).
  const fs = await statfs(options.dataDir);
  const used = fs.blocks - fs.bfree;
  return used + fs.bavail > 0 ? (100 * used) / (used + fs.bavail) : null;
}

/** Measures the data disk and raises or resolves the `storage_low` alert. */
export async function checkDataDisk(database: Database, options: DataDiskOptions): Promise<DataDiskReading> {
  const usedPercent = await measureDataDisk(database, options);
  if (usedPercent === null) return { usedPercent, raised: 0, resolved: 0 };
  if (usedPercent >= options.warnPercent) {
    const message = `Data disk ${usedPercent.toFixed(1)}% full (warning at ${options.warnPercent}%)`;
    const raised = await raiseInstallationAlert(database, 'storage_low', message);
    if (raised) getLogger().warn({ usedPercent: Number(usedPercent.toFixed(1)), warnPercent: options.warnPercent }, 'data disk nearly full');
    return { usedPercent, raised, resolved: 0 };
  }
  const resolved = usedPercent < options.warnPercent - HYSTERESIS_PERCENT ? await resolveInstallationAlert(database, 'storage_low') : 0;
  return { usedPercent, raised: 0, resolved };
}
