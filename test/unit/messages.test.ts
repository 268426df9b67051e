import { describe, expect, it } from 'vitest';
import en from '@/messages/en.json';
import vi from '@/messages/vi.json';

// Both catalogues say the same things: every key in one is in the other, every value is text,
// and the ICU placeholders of a message are the same in both languages.

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

/** The argument names a message uses ({count}, {n, plural, …}). */
const args = (message: string) => new Set([...message.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => m[1]));

describe('message catalogues', () => {
  const v = flatten(vi as Tree);
  const e = flatten(en as Tree);

  it('have the same keys', () => {
    expect([...v.keys()].filter((k) => !e.has(k))).toEqual([]);
    expect([...e.keys()].filter((k) => !v.has(k))).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const mismatched = [...v.keys()].filter((k) => e.has(k)).filter((k) => [...args(v.get(k)!)].sort().join() !== [...args(e.get(k)!)].sort().join());
    expect(mismatched).toEqual([]);
  });

  it('have no empty message', () => {
    expect([...v.entries(), ...e.entries()].filter(([, text]) => text.trim() === '').map(([k]) => k)).toEqual([]);
  });
});
