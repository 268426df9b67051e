import type { ReactNode } from 'react';

/**
 * A column heading: its text, or the text with how to show it — right-aligned for figures
 * (`numeric`), read only by screen readers (`hidden`, over a column of buttons), or a class of its own.
 */
export type Column = string | { label: ReactNode; numeric?: boolean; hidden?: boolean; className?: string; key?: string };

/** A table's heading row, every cell a column header for assistive technology; `false` leaves a column out. */
export function TableHead({ columns }: { columns: (Column | false)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, i) => {
          if (column === false) return null;
          if (typeof column === 'string') {
            return (
              <th key={i} scope="col">
                {column}
              </th>
            );
          }
          const className = [column.numeric ? 'num' : '', column.className ?? ''].filter(Boolean).join(' ') || undefined;
          return (
            <th key={column.key ?? i} scope="col" className={className}>
              {column.hidden ? <span className="visually-hidden">{column.label}</span> : column.label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
