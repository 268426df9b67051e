'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';

interface NavLink {
  href: string;
  label: string;
}

/**
 * The header's navigation: the pages of a person's daily work as links, administration behind
 * one menu, so the bar stays on one line on a tablet.
 */
export function AppNav({ links, admin, adminLabel }: { links: NavLink[]; admin: NavLink[]; adminLabel: string }) {
  const pathname = usePathname();
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
  const current = (href: string) => (pathname === href || pathname.startsWith(`${href}/`) ? 'page' : undefined);
  return (
    <nav className="app-nav">
      {links.map((l) => (
        <Link key={l.href} href={l.href} aria-current={current(l.href)}>
          {l.label}
        </Link>
      ))}
      {admin.length > 0 && (
        <div className="nav-menu" ref={menu}>
          <button
            type="button"
            className={`nav-menu-button${admin.some((l) => current(l.href)) ? ' current' : ''}`}
            aria-expanded={open}
            aria-controls="nav-admin-menu"
            onClick={() => setOpen((o) => !o)}
          >
            {adminLabel} <span aria-hidden="true">▾</span>
          </button>
          {open && (
            <ul id="nav-admin-menu" className="nav-menu-list">
              {admin.map((l) => (
                <li key={l.href}>
                  <Link href={l.href} aria-current={current(l.href)} onClick={() => setOpen(false)}>
                    {l.label}
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </nav>
  );
}
