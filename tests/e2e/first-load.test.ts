// The sign-in form of a fresh device arrives without the database and map code: the first load
// on a slow link is the app shell and the form (issue 13, "Fast first load"). The code follows
// when somebody starts typing, and signing in works as before. A start shows "Wird geladen …" only
// when it is slow enough to notice. A signed-in page's load ends although the sync stays live.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { setPin, signIn, waitUpToDate } from '../support/browser.ts';
import type { TestServer } from '../support/test-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

/** Markers that occur only in the code named (its own error texts and class names). */
const HEAVY_CODE = { PouchDB: /PouchDB/, 'device store': /lacks tables/, Leaflet: /leaflet-container/ } as const;
/** What the sign-in page may cost a phone: app shell, translations, form (brotli bytes on the wire). */
const LOGIN_SCRIPT_BUDGET_BYTES = 80 * 1024;

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	({ server, browser } = await startE2eApp({ demo: true }));
});
afterAll(() => stopE2eApp({ server, browser }));

interface ScriptLoad {
	url: string;
	body: string;
	encodedBytes: number;
}

/** Every script the page fetches, with its text and its size on the wire. */
function watchScripts(page: Page): ScriptLoad[] {
	const loads: ScriptLoad[] = [];
	page.on('requestfinished', (request) => {
		if (request.resourceType() !== 'script') return;
		void (async () => {
			const response = await request.response();
			if (!response) return;
			// A response from the service worker's cache has no size on the wire.
			const sizes = await request.sizes().catch(() => ({ responseBodySize: 0 }));
			loads.push({ url: request.url(), body: await response.text().catch(() => ''), encodedBytes: sizes.responseBodySize });
		})();
	});
	return loads;
}

const heavyIn = (loads: ScriptLoad[]) => Object.entries(HEAVY_CODE).filter(([, marker]) => loads.some((load) => marker.test(load.body))).map(([name]) => name);

describe('first load', () => {
	it('shows the form without the database and map code, loads it when typing starts, and signs in', async () => {
		const context = await browser.newContext({ viewport: { width: 412, height: 915 }, hasTouch: true, isMobile: true });
		const page = await context.newPage();
		const loads = watchScripts(page);
		await page.goto(`${server.url}/`);
		await page.waitForURL('**/login');
		await page.locator('#username').waitFor();
		await page.waitForLoadState('networkidle');
		expect(heavyIn(loads)).toEqual([]);
		const shellBytes = loads.reduce((sum, load) => sum + load.encodedBytes, 0);
		expect(shellBytes).toBeGreaterThan(0);
		expect(shellBytes).toBeLessThan(LOGIN_SCRIPT_BUDGET_BYTES);

		await page.locator('#username').fill('schwester.anna');
		await expect.poll(() => heavyIn(loads)).toEqual(expect.arrayContaining(['PouchDB', 'device store']));
		await page.locator('#password').fill(DEMO_PASSWORD);
		await page.locator('button[type=submit]').click();
		await page.waitForURL('**/heute');
		await setPin(page);
		expect(await page.locator('main h1').first().textContent()).toMatch(/Heute/);
		await context.close();
	});

	it('a signed-in device starts with its cached session, and after signing out the form comes without the database code again', async () => {
		const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
		const page = await context.newPage();
		await signIn(page, server.url, 'rtw1', DEMO_PASSWORD, '/einsatz');

		await page.goto(`${server.url}/`);
		await page.waitForURL('**/einsatz');

		await page.goto(`${server.url}/einstellungen`);
		// Entries the crew's device wrote meanwhile may still be unsent: the sign-out asks, and here it may go ahead.
		page.on('dialog', (dialog) => void dialog.accept());
		await page.getByTestId('logout').click();
		await page.waitForURL('**/login');
		const fresh = await context.newPage();
		const loads = watchScripts(fresh);
		await fresh.goto(`${server.url}/login`);
		await fresh.locator('#username').waitFor();
		await fresh.waitForLoadState('networkidle');
		expect(heavyIn(loads)).toEqual([]);
		await context.close();
	});

	it('a start says "Wird geladen …" only after a second: first an empty status line, then the text, then the frame', async () => {
		// Without the service worker, so that the test's routing sees every request of the start.
		const context = await browser.newContext({ viewport: { width: 412, height: 915 }, serviceWorkers: 'block' });
		const page = await context.newPage();
		await signIn(page, server.url, 'schwester.anna', DEMO_PASSWORD, '/heute');

		// The next start is slow: the signed-in frame's code (the chunk with the lock screen) arrives after 2.5 s.
		await page.route('**/_app/immutable/chunks/*.js', async (route) => {
			const response = await route.fetch();
			if ((await response.text()).includes('lock-screen')) await new Promise((resolve) => setTimeout(resolve, 2500));
			await route.fulfill({ response });
		});
		await page.reload({ waitUntil: 'commit' });
		const status = page.locator('main [role=status]').first();
		await status.waitFor({ state: 'attached' });
		expect(await status.textContent()).toBe('');
		await expect.poll(() => status.textContent(), { timeout: 5_000 }).toBe('Wird geladen …');
		await page.getByTestId('sync-indicator').waitFor();
		await expect.poll(() => page.getByText('Wird geladen …').count(), { timeout: 10_000 }).toBe(0);
		await context.close();
	});

	it('a signed-in page finishes loading: the live replication waits for changes at low priority, its other requests keep theirs', async () => {
		const context = await browser.newContext({ viewport: { width: 412, height: 915 } });
		const page = await context.newPage();
		// Chromium's own record of each request's priority, as the network scheduler saw it.
		const requests: { url: string; priority: string }[] = [];
		const cdp = await context.newCDPSession(page);
		cdp.on('Network.requestWillBeSent', (event) => requests.push({ url: event.request.url, priority: event.request.initialPriority }));
		await cdp.send('Network.enable');
		await signIn(page, server.url, 'schwester.anna', DEMO_PASSWORD, '/heute');
		await waitUpToDate(page);
		const changes = (feed: RegExp) => requests.filter(({ url }) => url.includes('/_changes?') && feed.test(url)).map(({ priority }) => priority);
		await expect.poll(() => changes(/feed=longpoll/).length).toBeGreaterThan(0);
		const parked = changes(/feed=longpoll/);
		// Catching up (no feed parameter) is data the page waits for: the default priority of a fetch.
		const catchUp = changes(/^(?!.*feed=)/);
		expect(new Set(parked)).toEqual(new Set(['Low']));
		expect(catchUp.length).toBeGreaterThan(0);
		expect(new Set(catchUp)).toEqual(new Set(['High']));
		await context.close();
	});
});
