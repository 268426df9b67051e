import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identifierText, nameText, plainText, storableText } from '@/lib/api/schemas';

// One rule for all free text: what a name refuses because it makes text read other than it is
// (bidirectional overrides, invisible characters), a narrative, a note or a reason refuses too.

const schemas = { storableText: storableText(500), plainText: plainText(500), nameText: nameText(500), identifierText: identifierText(500) };
const TRICKS = ['\u202e', '\u202d', '\u2066', '\u2067', '\u2068', '\u2069', '\u200b', '\u200f', '\ufeff', '\u2060', '\u061c', '\u00ad', '\u2028', '\u2029', '\u0085', '\u009b', '\u3164', '\u{e0041}'];

describe('free text', () => {
  it('refuses direction-changing and invisible characters anywhere, in every kind of text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), fc.constantFrom(...TRICKS), fc.string({ maxLength: 40 }), (before, trick, after) => {
        for (const [name, schema] of Object.entries(schemas)) {
          const result = schema.safeParse(`Đồn ${before}${trick}${after} Bắc Luân`);
          if (result.success) throw new Error(`${name} accepted U+${trick.codePointAt(0)!.toString(16)}`);
        }
      }),
    );
  });

  it('keeps Vietnamese, line breaks and tabs in narratives, and refuses other control characters', () => {
    const narrative = 'Ca trực đêm 05/12:\n\t– 3 nhóm qua lại khu vực mốc 1378;\r\n– đã báo Đồn Biên phòng Bắc Luân.';
    expect(storableText(500).parse(narrative)).toBe(narrative);
    expect(plainText(500).parse(`  ${narrative}  `)).toBe(narrative);
    expect(storableText(500).safeParse('a\u0007b').success).toBe(false);
    expect(storableText(500).safeParse('a\u0000b').success).toBe(false);
    expect(storableText(500).safeParse('a\ud800b').success).toBe(false);
    // Names stay on one line.
    expect(nameText(500).safeParse('hai\ndòng').success).toBe(false);
  });
});
