// Runs once when the server starts: validates settings, opens (and migrates) the database
// and seeds it, so the first request does not pay for PGlite's multi-second start.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startServer } = await import('@/lib/startup');
  await startServer();
}
