// Builds MapLibre glyph PBFs (signed distance fields) for the offline basemap from the open
// Noto Sans font (SIL OFL 1.1, via @fontsource/noto-sans), covering Latin and Vietnamese.
// The SDFs are rendered by @mapbox/tiny-sdf in headless Chromium, exactly as MapLibre itself
// renders local glyphs, and the result is committed under public/glyphs/.
//   npm run glyphs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PbfWriter } from 'pbf';
import { chromium } from 'playwright-core';

const FONT_DIR = 'node_modules/@fontsource/noto-sans/files';
const STACKS = [
  { name: 'Noto Sans Regular', weight: 400 },
  { name: 'Noto Sans Bold', weight: 700 },
];
// Basic Latin + Latin-1, Latin Extended-A/B (ă đ ơ ư), combining marks, Latin Extended
// Additional (ạ ả ấ … ỹ) and general punctuation (– “ ” …).
const RANGES = [0, 256, 768, 7680, 8192];

interface RenderedGlyph {
  id: number;
  bitmap: number[] | null;
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
}

const fontFile = (subset: string, weight: number) =>
  readFileSync(path.join(FONT_DIR, `noto-sans-${subset}-${weight}-normal.woff2`)).toString('base64');

const tinySdfSource = readFileSync('node_modules/@mapbox/tiny-sdf/index.js', 'utf8').replace('export default class TinySDF', 'class TinySDF');

function encode(name: string, range: string, glyphs: RenderedGlyph[]): Uint8Array {
  const pbf = new PbfWriter();
  pbf.writeMessage(1, (_: unknown, p: PbfWriter) => {
    p.writeStringField(1, name);
    p.writeStringField(2, range);
    for (const g of glyphs) {
      p.writeMessage(3, (_g: unknown, q: PbfWriter) => {
        q.writeVarintField(1, g.id);
        if (g.bitmap) q.writeBytesField(2, Uint8Array.from(g.bitmap));
        q.writeVarintField(3, g.width);
        q.writeVarintField(4, g.height);
        q.writeSVarintField(5, g.left);
        q.writeSVarintField(6, g.top);
        q.writeVarintField(7, g.advance);
      }, undefined);
    }
  }, undefined);
  return pbf.finish();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
await page.setContent('<html><body></body></html>');
await page.addScriptTag({ content: `${tinySdfSource}\nwindow.TinySDF = TinySDF;` });

for (const stack of STACKS) {
  const fonts = ['latin', 'latin-ext', 'vietnamese'].map((subset) => fontFile(subset, stack.weight));
  for (const start of RANGES) {
    const glyphs = await page.evaluate(
      async ({ fonts, weight, start }) => {
        for (const data of fonts) {
          const face = new FontFace('VigilGlyphs', `url(data:font/woff2;base64,${data})`, { weight: String(weight) });
          document.fonts.add(await face.load());
        }
        // Same parameters MapLibre uses for its own local glyph rendering.
        const TinySDF = (window as unknown as { TinySDF: new (o: object) => { draw(c: string): {
          data: Uint8ClampedArray; glyphWidth: number; glyphHeight: number; glyphTop: number; glyphLeft: number; glyphAdvance: number } } }).TinySDF;
        const sdf = new TinySDF({ fontSize: 24, buffer: 3, radius: 8, cutoff: 0.25, fontFamily: 'VigilGlyphs', fontWeight: String(weight) });
        const out = [];
        for (let id = start; id < start + 256; id++) {
          if (id < 32 || (id >= 127 && id < 160)) continue;
          const ch = String.fromCharCode(id);
          if (!document.fonts.check(`${weight} 24px VigilGlyphs`, ch)) continue;
          const g = sdf.draw(ch);
          const empty = g.glyphWidth === 0 || g.glyphHeight === 0;
          out.push({
            id,
            bitmap: empty ? null : Array.from(g.data),
            width: empty ? 0 : g.glyphWidth,
            height: empty ? 0 : g.glyphHeight,
            left: Math.round(g.glyphLeft),
            top: Math.round(g.glyphTop - 27),
            advance: Math.round(g.glyphAdvance),
          });
        }
        return out;
      },
      { fonts, weight: stack.weight, start },
    );
    const range = `${start}-${start + 255}`;
    const dir = path.join('public', 'glyphs', stack.name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${range}.pbf`), encode(stack.name, range, glyphs));
    console.log(`${stack.name} ${range}: ${glyphs.length} glyphs`);
  }
}
await browser.close();
