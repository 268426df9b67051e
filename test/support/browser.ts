import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { storageStateOf, type DemoUser } from '@/test/support/server';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Debian's Chromium for the tests. Pages ask for reduced motion unless `motion: 'full'`: the map
 * then draws its rings and pulses still instead of redrawing itself 12 times a second, which in
 * software WebGL takes both cores of a CI machine from the server under test. A context can ask
 * for full motion back (`reducedMotion: 'no-preference'`), as the test of the animation does.
 */
export async function launchChromium(options: { motion?: 'reduced' | 'full' } = {}): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  if (options.motion === 'full') return browser;
  // Chromium's own --force-prefers-reduced-motion is ignored headless; Playwright's emulation is not.
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (contextOptions = {}) => newContext({ reducedMotion: 'reduce', ...contextOptions });
  browser.newPage = (pageOptions = {}) => newPage({ reducedMotion: 'reduce', ...pageOptions });
  return browser;
}

/**
 * Collects console errors, page errors and failed requests, so a test can fail on any of them
 * instead of passing over a page that is quietly broken.
 */
export function watchPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console: ${msg.text()} ${msg.location().url}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) => {
    // Navigations abort in-flight fetches by design; those are not failures of the app.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`requestfailed: ${req.url()} ${req.failure()?.errorText}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`http ${res.status()}: ${res.url()}`);
  });
  return problems;
}

/**
 * Signs in and waits for the role's first page (the overview for leaders, the alert inbox for
 * operators, the map for others), then opens `then` (the map unless told otherwise).
 */
export async function signIn(page: Page, baseUrl: string, username: string, password: string, then: string | null = '/map'): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await Promise.all([page.waitForURL((url) => url.pathname !== '/login' && url.pathname !== '/'), page.getByTestId('sign-in').click()]);
  if (then && new URL(page.url()).pathname !== then) await page.goto(`${baseUrl}${then}`);
}

/**
 * A browser context already signed in as a demo account (the run's stored session, made once
 * by the end-to-end setup), or signed out with `null`. Tests of signing in itself use `signIn`.
 */
export function signedInContext(browser: Browser, user: DemoUser | null, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({ ...options, ...(user ? { storageState: storageStateOf(user) } : {}) });
}
