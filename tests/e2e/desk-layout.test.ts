// At a desk (1440×900, mouse, no touch), every page of every role fits the screen, every control is
// a target of at least 44×44 CSS px (issue 13: "for everything interactive", not only on phones),
// and axe-core finds nothing.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { signIn } from '../support/browser.ts';
import { physicianPages } from '../support/consults.ts';
import { auditPage, deskContext, expectClean, firstLink as firstLinkOn, settle, type LayoutReport } from '../support/layout-checks.ts';
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

const audit = (page: Page, url: string) => auditPage(page, server.url, url);
const firstLink = (page: Page, url: string, prefix: string) => firstLinkOn(page, server.url, url, prefix);

/** Signs the role in on a desk computer and checks each page the walk names. */
async function walk(username: string, home: string, pages: (page: Page) => Promise<string[]>): Promise<{ context: BrowserContext; page: Page; reports: LayoutReport[] }> {
	const context = await deskContext(browser);
	const page = await context.newPage();
	await signIn(page, server.url, username, DEMO_PASSWORD, home);
	const reports: LayoutReport[] = [];
	for (const url of await pages(page)) reports.push(await audit(page, url));
	return { context, page, reports };
}

describe('every page at a desk', () => {
	it('the sign-in page', async () => {
		const context = await deskContext(browser);
		const page = await context.newPage();
		expectClean([await audit(page, '/login')]);
		await context.close();
	}, ROLE_TIMEOUT_MS);

	it('a nurse', async () => {
		const { context, page, reports } = await walk('schwester.anna', '/heute', async (page) => {
			const visit = await firstLink(page, '/heute', '/besuche/');
			const patient = await firstLink(page, '/patienten', '/patienten/p');
			const id = patient.split('/')[2];
			return ['/heute', visit, '/patienten', '/patienten/neu', patient, '/patienten/patient%3Ap002', `${patient}/bearbeiten`, `${patient}/verlauf`, `/vitalwerte?patient=${id}`, '/einstellungen', '/konflikte'];
		});
		// The visit card opens on a click on a marker of the tour map.
		await page.goto(`${server.url}/heute`);
		await settle(page);
		const marker = page.locator('.leaflet-marker-icon').first();
		if (await marker.count()) {
			await marker.click();
			reports.push({ ...(await audit(page, '/heute')), path: '/heute (visit card)' });
		}
		expectClean(reports);
		await context.close();
	}, ROLE_TIMEOUT_MS);

	it('a paramedic', async () => {
		const { context, reports } = await walk('rtw1', '/einsatz', async (page) => {
			const mission = await firstLink(page, '/einsatz', '/einsatz/');
			return ['/einsatz', mission, `${mission}/uebergabe`, `/vitalwerte?mission=${mission.split('/')[2]}`, '/patienten', '/einstellungen', '/konflikte'];
		});
		expectClean(reports);
		await context.close();
	}, ROLE_TIMEOUT_MS);

	it('a dispatcher', async () => {
		const { context, reports } = await walk('leitstelle', '/lage', async () => ['/lage', '/planung', '/patienten', '/einstellungen', '/konflikte']);
		expectClean(reports);
		await context.close();
	}, ROLE_TIMEOUT_MS);

	it('a physician', async () => {
		const { context, reports } = await walk('dr.weber', '/konsile', (page) => physicianPages(page, server.url));
		expectClean(reports);
		await context.close();
	}, ROLE_TIMEOUT_MS);

	it('an administrator', async () => {
		const { context, reports } = await walk('admin', '/admin', async () => ['/admin', '/einstellungen', '/konflikte']);
		expectClean(reports);
		await context.close();
	}, ROLE_TIMEOUT_MS);
});
