import type { ReactNode } from 'react';
import { AppHeader } from '@/components/app/app-header';
import type { CurrentUser } from '@/lib/auth/session';

/** How a page's main area scrolls: as a whole, inside its own panels (`page-scroll`), or not at all (a map, an inbox). */
type Scroll = 'scroll' | 'page-scroll' | 'none';

/** A signed-in page: the header with what this user may open, then the page's main area. */
export function AppPage({ user, scroll, children }: { user: CurrentUser; scroll: Scroll; children: ReactNode }) {
  return (
    <div className="app">
      <AppHeader user={user} />
      <main className={scroll === 'none' ? 'app-main' : `app-main ${scroll}`}>{children}</main>
    </div>
  );
}
