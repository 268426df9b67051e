// Runs once when the server starts: validates settings, opens (and migrates) the database
// and seeds it, so the first request does not pay for PGlite's multi-second start. The HTTP
// server (scripts/server.mjs) waits for this before it accepts a connection.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const started = (async () => {
    const { startServer } = await import('@/lib/startup');
    await startServer();
  })();
  (globalThis as typeof globalThis & { [key: symbol]: unknown })[Symbol.for('vigil.startup')] = started;
  await started;
}
