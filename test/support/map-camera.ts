import type { Page } from 'playwright-core';

/** Opens the map, zooms to the camera at `center`, clicks its icon and waits for its details. */
export async function openCameraDetails(page: Page, baseUrl: string, cameraId: string, center: [number, number]): Promise<void> {
  await page.goto(`${baseUrl}/map`);
  await page.waitForFunction(() => window.__vigil?.ready === true, null, { timeout: 60_000 });
  const point = await page.evaluate(async ({ id, center }) => {
    const { map, overlay } = window.__vigil!;
    map.jumpTo({ center, zoom: 16 });
    await new Promise((r) => map.once('idle', r));
    const c = map.getCanvas();
    const pick = () => overlay.pickObjects({ x: 0, y: 0, width: c.clientWidth, height: c.clientHeight, layerIds: ['cameras'] });
    // Past the clustering zoom the cameras are drawn one by one once the layers are rebuilt.
    for (let i = 0; i < 100 && !pick().some((p) => (p.object as { id: string }).id === id); i++) await new Promise((r) => requestAnimationFrame(r));
    const picked = pick();
    const hit = picked.find((p) => (p.object as { id: string }).id === id);
    if (!hit) return { x: null, y: null, debug: picked.map((p) => (p.object as { id: string; properties: { name: string } }).properties.name) };
    const p = map.project((hit.object as { geometry: { coordinates: [number, number] } }).geometry.coordinates);
    const r = c.getBoundingClientRect();
    return { x: r.left + p.x, y: r.top + p.y, debug: [] };
  }, { id: cameraId, center });
  if (point.x === null || point.y === null) throw new Error(`camera not on the map; visible: ${JSON.stringify(point.debug)}`);
  await page.mouse.click(point.x, point.y);
  await page.getByTestId('details-panel').waitFor();
}
