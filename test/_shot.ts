import { launchChromium, signIn, watchPageProblems } from '/work/main/test/support/browser';
const base = process.argv[2] ?? 'http://localhost:3100';
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const problems = watchPageProblems(page);
await signIn(page, base, 'leader', 'Vigil@2026');
await page.waitForTimeout(8000); console.log(problems);
await page.waitForTimeout(1500);
await page.screenshot({ path: '/tmp/map.png' });
const info = await page.evaluate(() => {
  const v = window.__vigil!;
  const border = v.map.queryRenderedFeatures(undefined, { layers: ['border-land'] }).length;
  const canvas = v.map.getCanvas();
  const cams = v.overlay.pickObjects({ x: 0, y: 0, width: canvas.clientWidth, height: canvas.clientHeight, layerIds: ['cameras'] }).length;
  return { border, cams };
});
console.log(info, problems);
await page.mouse.click(900, 400);
await browser.close();
