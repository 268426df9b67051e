import { describe, expect, it } from 'vitest';
import { formatsFor } from '@/lib/format';

// Sizes as people read them on a package or a disk: decimal units, each language's separators.
describe('file sizes', () => {
  it('reads in kB, MB and GB with the language’s decimal mark', () => {
    const vi = formatsFor('vi');
    const en = formatsFor('en');
    expect(vi.fileSize(3_551)).toBe('4 kB');
    expect(vi.fileSize(12)).toBe('1 kB');
    expect(vi.fileSize(922_000_000)).toBe('922 MB');
    expect(vi.fileSize(1_250_000)).toBe('1,3 MB');
    expect(en.fileSize(1_250_000)).toBe('1.3 MB');
    expect(en.fileSize(3_400_000_000)).toBe('3.4 GB');
    expect(vi.fileSize(3_456_000_000)).toBe('3,46 GB');
  });
});
