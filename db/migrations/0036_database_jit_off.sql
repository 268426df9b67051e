-- Vigil's own connections turn JIT off (db/client.ts: PostGIS's cost estimates make short
-- statements compile LLVM code for nothing). A connection through PgBouncer cannot carry that
-- option, so the database says it itself. Left as it is where the migrating role may not.
DO $$
BEGIN
  EXECUTE format('ALTER DATABASE %I SET jit = off', current_database());
EXCEPTION WHEN insufficient_privilege THEN
  RAISE NOTICE 'jit not turned off for this database: set jit = off (docs/deployment.md)';
END $$;
