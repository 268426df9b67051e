import type { ReactNode } from 'react';

/** The `<option>`s of a `<select>`: one per value, with the label it is shown by. */
export function Options<T extends string | number>({ values, label }: { values: readonly T[]; label: (value: T) => ReactNode }) {
  return (
    <>
      {values.map((value) => (
        <option key={value} value={value}>
          {label(value)}
        </option>
      ))}
    </>
  );
}

/** The `<option>`s for records: one per item, its id as the value, shown by `label` (its name unless told). */
export function ItemOptions<T extends { id: string; name?: string }>({ items, label = (item) => item.name ?? item.id }: { items: readonly T[]; label?: (item: T) => ReactNode }) {
  return (
    <>
      {items.map((item) => (
        <option key={item.id} value={item.id}>
          {label(item)}
        </option>
      ))}
    </>
  );
}
