// On a phone (412×915, touch), every page of every role fits the screen, every control is a
// target of at least 44×44 CSS px, axe-core finds nothing, the FMS status buttons are all in view,
// and the "Kontrast" setting for sunlight switches and survives a reload.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { signIn } from '../support/browser.ts';
import { physicianPages } from '../support/consults.ts';
import { auditPage, expectClean, firstLink as firstLinkOn, PHONE, phoneContext as phone, settle, type LayoutReport as PageReport } from '../support/layout-checks.ts';
import type { TestServer } from '../support/test-server.ts';
import type { TileServer } from '../support/tile-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

/** A role's whole walk: a dozen pages, each measured and checked by axe-core. */
const ROLE_TIMEOUT_MS = 240_000;

let server: TestServer;
let tiles: TileServer;
let browser: Browser;

beforeAll(async () => {
	({ server, browser, tiles } = await startE2eApp({ demo: true, tiles: 'plain' }));
});
afterAll(() => stopE2eApp({ server, browser, tiles }));

const phoneContext = () => phone(browser);
const audit = (page: Page, url: string) => auditPage(page, server.url, url);
const firstLink = (page: Page, url: string, prefix: string) => firstLinkOn(page, server.url, url, prefix);

describe('every page on a phone', () => {
	it('the sign-in page', async () => {
		const context = await phoneContext();
		const page = await context.newPage();
		expectClean([await audit(page, '/login')]);
		await context.close();
	}, ROLE_TIMEOUT_MS);

	it('a nurse', async () => {
		const context = await phoneContext();
		const page = await context.newPage();
		await signIn(page, server.url, 'schwester.anna', DEMO_PASSWORD, '/heute');
		const visit = await firstLink(page, '/heute', '/besuche/');
		const patient = await firstLink(page, '/patienten', '/patienten/p');
		// Besides the first in the list, one with allergies and a long address (issue 13: "Metamiz…" cut off).
		const withAllergies = '/patienten/patient%3Ap002';
		const reports: PageReport[] = [];
		for (const url of ['/heute', visit, '/patienten', '/patienten/neu', patient, withAllergies, `${patient}/bearbeiten`, `${patient}/verlauf`, `/vitalwerte?patient=${patient.split('/')[2]}`, '/einstellungen', '/konflikte']) {
			reports.push(await audit(page, url));
		}
		// The visit card with the navigation links opens on a tap on the tour list's first visit.
		await page.goto(`${server.url}/heute`);
		await settle(page);
		const marker = page.locator('.leaflet-marker-icon').first();
		if (await marker.count()) {
			await marker.tap();
			reports.push({ ...(await audit(page, '/heute')), path: '/heute (visit card)' });
		}
		expectClean(reports);
		await context.close();
	}, ROLE_TIMEOUT_MS);

	it('a paramedic; the status buttons 1–8 are all in view', async () => {
		const context = await phoneContext();
		const page = await context.newPage();
		await signIn(page, server.url, 'rtw1', DEMO_PASSWORD, '/einsatz');
		await settle(page);
		for (let status = 1; status <= 8; status++) {
			const box = await page.getByTestId(`fms-${status}`).boundingBox();
			expect(box, `FMS ${status}`).not.toBeNull();
			expect(box!.y + box!.height, `FMS ${status} bottom`).toBeLessThanOrEqual(PHONE.height);
			expect(box!.x + box!.width, `FMS ${status} right`).toBeLessThanOrEqual(PHONE.width);
		}
		const mission = await firstLink(page, '/einsatz', '/einsatz/');
		const reports: PageReport[] = [];
		for (const url of ['/einsatz', mission, `${mission}/uebergabe`, `/vitalwerte?mission=${mission.split('/')[2]}`, '/patienten', '/einstellungen', '/konflikte']) {
			reports.push(await audit(page, url));
		}
		expectClean(reports);
		await context.close();
	}, ROLE_TIMEOUT_MS);

	it('a dispatcher', async () => {
		const context = await phoneContext();
		const page = await context.newPage();
		await signIn(page, server.url, 'leitstelle', DEMO_PASSWORD, '/lage');
		const reports: PageReport[] = [];
		for (const url of ['/lage', '/planung', '/patienten', '/einstellungen', '/konflikte']) reports.push(await audit(page, url));
		expectClean(reports);
		await context.close();
	}, ROLE_TIMEOUT_MS);

	it('a physician', async () => {
		const context = await phoneContext();
		const page = await context.newPage();
		await signIn(page, server.url, 'dr.weber', DEMO_PASSWORD, '/konsile');
		const reports: PageReport[] = [];
		for (const url of await physicianPages(page, server.url)) reports.push(await audit(page, url));
		expectClean(reports);
		await context.close();
	}, ROLE_TIMEOUT_MS);

	it('an administrator', async () => {
		const context = await phoneContext();
		const page = await context.newPage();
		await signIn(page, server.url, 'admin', DEMO_PASSWORD, '/admin');
		const reports: PageReport[] = [];
		for (const url of ['/admin', '/einstellungen', '/konflikte']) reports.push(await audit(page, url));
		expectClean(reports);
		await context.close();
	}, ROLE_TIMEOUT_MS);

	it('the "Kontrast" setting switches to high contrast with larger text, app-wide, and stays after a reload', async () => {
		const context = await phoneContext();
		const page = await context.newPage();
		await signIn(page, server.url, 'pfleger.tom', DEMO_PASSWORD, '/heute');
		const rootFontPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
		const normalFont = await rootFontPx();
		await page.getByRole('link', { name: 'Einstellungen' }).click();
		await page.waitForURL('**/einstellungen');
		expect(await page.getByTestId('contrast-normal').getAttribute('aria-pressed')).toBe('true');
		await page.getByTestId('contrast-high').click();
		expect(await page.evaluate(() => document.documentElement.dataset.contrast)).toBe('high');
		expect(await page.getByTestId('contrast-high').getAttribute('aria-pressed')).toBe('true');
		expect(await rootFontPx()).toBeGreaterThan(normalFont);
		await page.reload();
		await expect.poll(() => page.evaluate(() => document.documentElement.dataset.contrast)).toBe('high');
		// Larger text must not push anything off a phone's screen, nor shrink a target.
		const reports: PageReport[] = [];
		for (const url of ['/einstellungen', '/heute', '/patienten/patient%3Ap002']) reports.push(await audit(page, url));
		expectClean(reports);
		await page.goto(`${server.url}/einstellungen`);
		await page.getByTestId('contrast-normal').click();
		await page.reload();
		await expect.poll(() => page.evaluate(() => document.documentElement.dataset.contrast)).toBe('normal');
		expect(await rootFontPx()).toBe(normalFont);
		await context.close();
	}, ROLE_TIMEOUT_MS);
});
