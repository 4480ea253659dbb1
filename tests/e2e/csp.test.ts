// The app passes its own Content Security Policy: the demo nurse, paramedic and dispatcher go through
// their main pages (maps, charts, lists, forms) and the browser reports no violation and no error.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { signIn } from '../support/browser.ts';
import type { TestServer } from '../support/test-server.ts';
import type { TileServer } from '../support/tile-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

/** Time for a page's lazy parts (map tiles, charts, live data) after its main element shows. */
const SETTLE_MS = 1_500;
/**
 * The one console error that is no error: a first replication asks for its checkpoint, which does
 * not exist yet (CouchDB protocol: 404), and Chromium logs every 404 it fetches.
 */
const MISSING_CHECKPOINT = /^Failed to load resource: the server responded with a status of 404/;
const CHECKPOINT_URL = /\/db\/team-[a-z0-9-]+\/_local\//;

let server: TestServer;
let tiles: TileServer;
let browser: Browser;

beforeAll(async () => {
	// Tiles from loopback, as an operator's tile server: no request leaves the machine.
	({ server, browser, tiles } = await startE2eApp({ demo: true, tiles: 'plain' }));
});
afterAll(() => stopE2eApp({ server, browser, tiles }));

interface Watched {
	context: BrowserContext;
	page: Page;
	/** CSP violations and console errors so far, each with the page it happened on. */
	problems: string[];
}

/** A fresh browser profile whose page reports every CSP violation and every console error. */
async function watchedPage(): Promise<Watched> {
	const context = await browser.newContext();
	const problems: string[] = [];
	await context.exposeBinding('__reportViolation', ({ page }, text: string) => problems.push(`CSP violation on ${page.url()}: ${text}`));
	// Init scripts are injected by the browser itself, past the page's CSP.
	await context.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			const report = (window as unknown as { __reportViolation: (text: string) => void }).__reportViolation;
			void report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
		});
	});
	const page = await context.newPage();
	page.on('console', (message) => {
		if (message.type() !== 'error') return;
		if (MISSING_CHECKPOINT.test(message.text()) && CHECKPOINT_URL.test(message.location().url)) return;
		problems.push(`console error on ${page.url()}: ${message.text()} [${message.location().url}]`);
	});
	page.on('pageerror', (error) => problems.push(`uncaught on ${page.url()}: ${error.message}`));
	return { context, page, problems };
}

async function visit(page: Page, pathname: string): Promise<void> {
	await page.goto(`${server.url}${pathname}`);
	await page.locator('main').first().waitFor();
	await page.waitForTimeout(SETTLE_MS);
}

/** The href of the first link on the page that starts with `prefix`. */
async function firstLink(page: Page, prefix: string): Promise<string> {
	const link = page.locator(`a[href^="${prefix}"]`).first();
	await link.waitFor({ timeout: 15_000 });
	return (await link.getAttribute('href'))!;
}

describe('the app under its Content Security Policy', () => {
	it('/ answers the app with the security headers, and the policy forbids inline scripts', async () => {
		const res = await fetch(`${server.url}/`);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/html/);
		expect(res.headers.get('cache-control')).toBe('no-cache');
		expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		expect(res.headers.get('referrer-policy')).toBe('no-referrer');
		expect(res.headers.get('permissions-policy')).toContain('bluetooth=(self)');
		expect(res.headers.get('strict-transport-security')).toBeNull();
		const html = await res.text();
		const policy = /<meta http-equiv="content-security-policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
		const scriptSrc = /script-src ([^;]+)/.exec(policy)?.[1] ?? '';
		expect(scriptSrc).toMatch(/^'self' 'sha256-/);
		expect(policy).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
		expect(policy).toContain("object-src 'none'");

		// The policy is in force and this test sees what it blocks: an injected inline script.
		const { context, page, problems } = await watchedPage();
		await visit(page, '/login');
		const ran = await page.evaluate(() => {
			const script = document.createElement('script');
			script.textContent = 'window.__injected = true';
			document.head.append(script);
			return (window as unknown as { __injected?: boolean }).__injected === true;
		});
		expect(ran).toBe(false);
		await expect.poll(() => problems.some((p) => p.includes('script-src'))).toBe(true);
		await context.close();
	});

	it('the nurse: today, patients, a patient with chart and map, vitals, a visit, settings, conflicts', async () => {
		const { context, page, problems } = await watchedPage();
		await signIn(page, server.url, 'schwester.anna', DEMO_PASSWORD, '/heute');
		await page.locator('.leaflet-container').first().waitFor({ timeout: 15_000 });
		await page.waitForTimeout(SETTLE_MS);
		const visitPath = await firstLink(page, '/besuche/');
		await visit(page, '/patienten');
		const patientPath = await firstLink(page, '/patienten/patient');
		for (const pathname of [patientPath, `${patientPath}/verlauf`, `${patientPath}/bearbeiten`, '/patienten/neu', visitPath, '/vitalwerte', '/einstellungen', '/konflikte']) {
			await visit(page, pathname);
		}
		expect(problems).toEqual([]);
		// The page sends no Referer (no-referrer), but map tiles name the app's origin: public
		// OpenStreetMap servers refuse tiles without one (tile usage policy), and no path leaks.
		expect(tiles.referers().length).toBeGreaterThan(0);
		expect(new Set(tiles.referers())).toEqual(new Set([`${server.url}/`]));
		await context.close();
	});

	it('the paramedic: missions, a mission and its handover', async () => {
		const { context, page, problems } = await watchedPage();
		await signIn(page, server.url, 'rtw1', DEMO_PASSWORD, '/einsatz');
		await page.waitForTimeout(SETTLE_MS);
		const missionPath = await firstLink(page, '/einsatz/');
		for (const pathname of [missionPath, `${missionPath}/uebergabe`, '/einstellungen']) await visit(page, pathname);
		expect(problems).toEqual([]);
		await context.close();
	});

	it('the dispatcher: the situation map with live data and the planning board', async () => {
		const { context, page, problems } = await watchedPage();
		await signIn(page, server.url, 'leitstelle', DEMO_PASSWORD, '/lage');
		await page.locator('.leaflet-container').first().waitFor({ timeout: 15_000 });
		await page.waitForTimeout(SETTLE_MS);
		for (const pathname of ['/planung', '/patienten', '/einstellungen', '/lage']) await visit(page, pathname);
		expect(problems).toEqual([]);
		await context.close();
	});
});
