// Every PostgreSQL advisory lock Vigil takes, in one registry: two kinds of work sharing a key
// would wait for each other for no reason. Each kind has its own class number; locks on one
// object of a kind pair that number with a hash of the object (pg_advisory_xact_lock(class, key)),
// a space of its own in PostgreSQL, apart from single-bigint keys.
export const LOCK = {
  /** Migrations, so instances starting together apply them once (session lock). */
  migrations: 7_311_001,
  /** One camera-health round at a time across instances (session lock). */
  healthRound: 7_311_002,
  /** The seed of hashtextextended(camera + track): one transaction lock per track. */
  tracks: 7_311_003,
  /** Paired with hashtext(province code): grouping and people's actions on a province's alerts. */
  incidents: 7_311_004,
  /** Folding pending detection counts into the rollups, one instance at a time. */
  foldCells: 7_311_005,
  /** Paired with 0: one detection-retention sweep at a time across instances. */
  detectionRetention: 7_311_006,
  /** Paired with hashtext(scope | date): a programme report is computed once. */
  reports: 7_311_012,
  /**
   * Paired with 0: the live journal's commit order. Taken by the trigger of migration 0025
   * (written there as a literal: keep both the same).
   */
  liveJournal: 7_311_013,
} as const;
