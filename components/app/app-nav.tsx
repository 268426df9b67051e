'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

interface NavLink {
  href: string;
  label: string;
}

/** On a screen narrower than this (a tablet), only the first links stay in the bar. */
const PRIMARY_LINKS = 4;

/**
 * The header's navigation: the pages of a person's daily work as links, administration behind
 * one menu. On a tablet the first pages stay in the bar and the rest go behind a "More" menu,
 * so the bar stays on one line.
 */
export function AppNav({ links, admin, adminLabel, moreLabel }: { links: NavLink[]; admin: NavLink[]; adminLabel: string; moreLabel: string }) {
  const pathname = usePathname();
  const current = (href: string) => (pathname === href || pathname.startsWith(`${href}/`) ? 'page' : undefined);
  const secondary = links.slice(PRIMARY_LINKS);
  return (
    <nav className="app-nav">
      {links.map((l, i) => (
        <Link key={l.href} href={l.href} prefetch={false} aria-current={current(l.href)} className={i >= PRIMARY_LINKS ? 'nav-secondary' : undefined}>
          {l.label}
        </Link>
      ))}
      {admin.length > 0 && <NavMenu id="nav-admin-menu" className="nav-admin" label={adminLabel} links={admin} current={current} />}
      {secondary.length + admin.length > 0 && <NavMenu id="nav-more-menu" className="nav-more" label={moreLabel} links={[...secondary, ...admin]} current={current} />}
    </nav>
  );
}

function NavMenu({ id, className, label, links, current }: { id: string; className: string; label: string; links: NavLink[]; current: (href: string) => 'page' | undefined }) {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent | KeyboardEvent) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !menu.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  return (
    <div className={`nav-menu ${className}`} ref={menu}>
      <button type="button" className={`nav-menu-button${links.some((l) => current(l.href)) ? ' current' : ''}`} aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <ul id={id} className="nav-menu-list">
          {links.map((l) => (
            <li key={l.href}>
              <Link href={l.href} prefetch={false} aria-current={current(l.href)} onClick={() => setOpen(false)}>
                {l.label}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
