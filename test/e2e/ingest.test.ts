import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInContext } from '@/test/support/browser';
import { startServer, type RunningServer } from '@/test/support/server';

let server: RunningServer;
let browser: Browser;
let admin: BrowserContext;
let key: string;
let cameraId: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
  admin = await signedInContext(browser, 'admin');
  const cameras = (await (await admin.request.get(`${server.baseUrl}/api/layers/cameras`)).json()) as { features: { id: string; properties: { code: string } }[] };
  cameraId = cameras.features.find((f) => f.properties.code === 'CAM-Z2-2')!.id;
  const created = await admin.request.post(`${server.baseUrl}/api/devices`, { data: { name: 'e2e edge box', cameraIds: [cameraId] } });
  expect(created.status()).toBe(201);
  key = ((await created.json()) as { key: string }).key;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const event = () => ({
  id: randomUUID(),
  cameraId,
  observedAt: new Date(Date.now() - 60_000).toISOString(),
  class: 'person',
  confidence: 0.8,
  position: { bearingDeg: 45, rangeM: 80 },
});
const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.baseUrl}/api/ingest/events`, { method: 'POST', body, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...headers } });

describe('ingest API over HTTP', () => {
  it('accepts one event, an array and NDJSON', async () => {
    const one = await post(JSON.stringify(event()));
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ accepted: 1 });
    const many = await post(JSON.stringify([event(), event()]));
    expect(await many.json()).toMatchObject({ accepted: 2 });
    const nd = await post([event(), event(), event()].map((e) => JSON.stringify(e)).join('\n'), { 'Content-Type': 'application/x-ndjson' });
    expect(await nd.json()).toMatchObject({ accepted: 3 });
  });

  it('answers 401 without a valid key, 400 for a malformed body, 413 for oversize, 422 when nothing is valid', async () => {
    expect((await post(JSON.stringify(event()), { Authorization: '' })).status).toBe(401);
    expect((await post(JSON.stringify(event()), { Authorization: 'Bearer vk_notarealkeynotarealkey00' })).status).toBe(401);
    expect((await post('{"id": ')).status).toBe(400);
    expect((await post('42')).status).toBe(400);
    expect((await post(JSON.stringify(Array.from({ length: 5001 }, event)))).status).toBe(413);
    const bad = await post(JSON.stringify([{ ...event(), position: { lat: 123, lon: 5 } }]));
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { rejected: { reason: string }[] }).rejected[0]!.reason).toMatch(/lat/);
  });

  it('answers 403 when every event is for a camera outside the key’s scope', async () => {
    const res = await post(JSON.stringify({ ...event(), cameraId: randomUUID() }));
    expect(res.status).toBe(403);
  });

  it('serves its OpenAPI description to a device or a signed-in user, and marks the key as used', async () => {
    const doc = (await (await fetch(`${server.baseUrl}/api/openapi.json`, { headers: { Authorization: `Bearer ${key}` } })).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: { Event: { required: string[] } } };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/ingest/events', '/api/events', '/api/activity/export']));
    expect(doc.components.schemas.Event.required).toEqual(expect.arrayContaining(['id', 'cameraId', 'observedAt', 'class', 'confidence', 'position']));
    expect((await fetch(`${server.baseUrl}/api/openapi.json`)).status).toBe(401);
    expect((await admin.request.get(`${server.baseUrl}/api/openapi.json`)).status()).toBe(200);
    const list = (await (await admin.request.get(`${server.baseUrl}/api/devices`)).json()) as { devices: { name: string; lastUsedAt: string | null }[] };
    expect(list.devices.find((d) => d.name === 'e2e edge box')?.lastUsedAt).not.toBeNull();
  });

  it('lets an admin create a key in the UI (shown once) that works, and revoke it', async () => {
    const page = await admin.newPage();
    await page.goto(`${server.baseUrl}/admin/devices`);
    await page.getByTestId('device-name').fill('UI edge box');
    const option = page.locator('[data-testid=device-cameras] option', { hasText: 'Camera AI Z2-2' });
    await page.getByTestId('device-cameras').selectOption(await option.getAttribute('value'));
    await page.getByTestId('device-create').click();
    const shown = (await page.getByTestId('new-key').locator('code').textContent())!;
    expect(shown).toMatch(/^vk_/);
    const res = await fetch(`${server.baseUrl}/api/ingest/events`, { method: 'POST', body: JSON.stringify(event()), headers: { Authorization: `Bearer ${shown}`, 'Content-Type': 'application/json' } });
    expect(res.status).toBe(200);
    // After a reload the key is gone from the page: only its prefix is listed.
    await page.reload();
    expect(await page.content()).not.toContain(shown);
    const row = page.locator('[data-testid=device-table] tr', { hasText: 'UI edge box' });
    page.once('dialog', (d) => void d.accept());
    await row.getByRole('button').click();
    await row.locator('td', { hasText: /Đã thu hồi|Revoked/ }).waitFor();
    await expect.poll(async () => (await fetch(`${server.baseUrl}/api/ingest/events`, { method: 'POST', body: JSON.stringify(event()), headers: { Authorization: `Bearer ${shown}`, 'Content-Type': 'application/json' } })).status).toBe(401);
    await page.close();
  });

  it('stops accepting a revoked key', async () => {
    const devices = (await (await admin.request.get(`${server.baseUrl}/api/devices`)).json()) as { devices: { id: string; name: string; keyPrefix: string }[] };
    const mine = devices.devices.find((d) => d.name === 'e2e edge box')!;
    expect(JSON.stringify(devices)).not.toContain(key);
    expect((await admin.request.delete(`${server.baseUrl}/api/devices/${mine.id}`)).status()).toBe(200);
    // Revocation reaches every instance's cache within 5 s.
    const deadline = Date.now() + 10_000;
    let status = 200;
    while (Date.now() < deadline && status !== 401) {
      status = (await post(JSON.stringify(event()))).status;
      if (status !== 401) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe(401);
  });
});
