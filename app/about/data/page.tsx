import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AppHeader } from '@/components/app/app-header';
import { requirePageUser } from '@/lib/auth/session';

export const dynamic = 'force-dynamic';

/** Where every piece of reference geography comes from, as its licences require. */
export default async function DataSourcesPage() {
  const user = await requirePageUser('map:view', '/about/data');
  const provenance = await readFile(path.join(process.cwd(), 'db', 'seed-data', 'PROVENANCE.md'), 'utf8');
  return (
    <div className="app">
      <AppHeader user={user} />
      <main className="doc-page">
        <pre>{provenance}</pre>
      </main>
    </div>
  );
}
