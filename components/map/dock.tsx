'use client';

import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * A panel docked to one side of the map that folds away to a tab on the edge, so panels never
 * pile on top of each other or of the map's own controls.
 */
export function Dock({ side, label, open, onToggle, children, testId }: { side: 'left' | 'right'; label: string; open: boolean; onToggle: () => void; children: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <div className={`map-dock ${side} ${open ? 'open' : 'closed'}`} data-testid={testId}>
      <button type="button" className="dock-tab" aria-expanded={open} aria-controls={id} onClick={onToggle} title={label}>
        <span aria-hidden="true">{side === 'left' ? (open ? '‹' : '›') : open ? '›' : '‹'}</span>
        <span className="dock-tab-label">{label}</span>
      </button>
      <div id={id} className="dock-body" role="region" aria-label={label} hidden={!open}>
        {children}
      </div>
    </div>
  );
}

/** Tabs with the WAI-ARIA tabs pattern: arrow keys move between them, one panel shows. */
export function Tabs<K extends string>({ tabs, active, onChange, label, children }: { tabs: { key: K; label: string }[]; active: K; onChange: (key: K) => void; label: string; children: ReactNode }) {
  const base = useId();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : e.key === 'Home' ? -index : e.key === 'End' ? tabs.length - 1 - index : 0;
    if (step === 0) return;
    e.preventDefault();
    const next = tabs[(index + step + tabs.length) % tabs.length]!;
    onChange(next.key);
    refs.current[next.key]?.focus();
  };
  return (
    <div className="tabs-block">
      <div className="tab-strip" role="tablist" aria-label={label}>
        {tabs.map((tab, i) => (
          <button
            key={tab.key}
            ref={(el) => {
              refs.current[tab.key] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${tab.key}`}
            aria-selected={tab.key === active}
            aria-controls={`${base}-panel`}
            tabIndex={tab.key === active ? 0 : -1}
            className={tab.key === active ? 'tab active' : 'tab'}
            onClick={() => onChange(tab.key)}
            onKeyDown={(e) => onKey(e, i)}
            data-testid={`tab-${tab.key}`}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`${base}-panel`} aria-labelledby={`${base}-tab-${active}`} tabIndex={0}>
        {children}
      </div>
    </div>
  );
}
