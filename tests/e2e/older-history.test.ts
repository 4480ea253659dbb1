// "Ältere Werte laden" (issue 12): the tablet holds a patient's recent values; a year of older ones
// lies only on the server. Online, Verlauf loads them page by page until a value from ten months
// ago shows — beside the device's values, not stored on the tablet; offline the button says it
// needs a connection; the FHIR export online holds the whole history.
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type FhirBundle } from '../../src/lib/domain/index.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { idbHolds, signIn, waitUpToDate } from '../support/browser.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';
import type { TestServer } from '../support/test-server.ts';

const TEAM = 'team-pflege-saalfeld';
const NURSE = 'schwester.anna';
const PATIENT_ID = 'patient:p002';
const DEVICE_DB = `_pouch_fc-${NURSE}-${TEAM}~indexeddb`;
const DAY_MS = 86_400_000;
/** One instant for the whole test: the seeds and the page's "now" are minutes apart at most. */
const NOW = Date.now();
/** The value of ten months ago: a pulse no recent reading has. */
const TEN_MONTHS_VALUE = 142;
const TEN_MONTHS_ID = 'observation:p002:01OLDERHIST10';

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const at = (daysAgo: number) => new Date(NOW - daysAgo * DAY_MS).toISOString();

function pulse(id: string, daysAgo: number, value: number) {
	return { _id: id, type: 'observation', schemaVersion: SCHEMA_VERSION, createdAt: at(daysAgo), createdBy: NURSE, deviceId: 'seed', patientId: PATIENT_ID, code: '8867-4', value, unit: '/min', effectiveAt: at(daysAgo) };
}

/** Ids the tablet's team database holds (the `indexeddb` adapter's store, read raw). */
const deviceHolds = (ids: string[]) => idbHolds(page, DEVICE_DB, ids);

const oldIds = Array.from({ length: 10 }, (_, i) => `observation:p002:01OLDERHIST${String(i + 3).padStart(2, '0')}`);

beforeAll(async () => {
	({ server, browser } = await startE2eApp({ demo: true }));
	// What the device is to hold: a pulse every three days of the last month.
	await server.app.storage.database(TEAM).bulkDocs(Array.from({ length: 10 }, (_, i) => pulse(`observation:p002:01RECENTHIST${i}`, 1 + i * 3, 70 + i)) as never[]);
	context = await browser.newContext({ locale: 'de-DE', acceptDownloads: true });
	page = await context.newPage();
	await signIn(page, server.url, NURSE, DEMO_PASSWORD, '/heute');
	await waitUpToDate(page, 30_000);
	// From here the team feed delivers nothing more to this tablet, as the server's window will not
	// deliver values older than it; the older ones are written to the server's storage only now.
	await page.route('**/db/**/_changes*', (route) => route.abort());
	await page.route('**/db/**/_bulk_get*', (route) => route.abort());
	// Monthly pulses from three to twelve months ago; the one of ten months (300 days) ago is 142/min.
	await server.app.storage.database(TEAM).bulkDocs(oldIds.map((id, i) => pulse(id, (i + 3) * 30, i + 3 === 10 ? TEN_MONTHS_VALUE : 100 + i)) as never[]);
}, 120_000);
afterAll(async () => {
	await context?.close();
	await stopE2eApp({ server, browser });
});

describe('Verlauf of a patient whose older values lie only on the server', () => {
	it('offline: the button says older values need a connection', async () => {
		await page.goto(`${server.url}/patienten/${encodeURIComponent(PATIENT_ID)}/verlauf`);
		await page.getByTestId('older-load').waitFor();
		await context.setOffline(true);
		await expect.poll(() => page.getByTestId('older-load').textContent()).toContain('Ältere Werte nur mit Verbindung');
		await page.getByTestId('older-load').click();
		await expect.poll(() => page.getByTestId('older-load').textContent()).toContain('Ältere Werte nur mit Verbindung');
		await context.setOffline(false);
		await expect.poll(() => page.getByTestId('older-load').textContent()).toContain('Ältere Werte laden');
	}, 60_000);

	it('online: "Ältere Werte laden" until the value of ten months ago shows, not stored on the tablet', async () => {
		expect(await deviceHolds([TEN_MONTHS_ID])).toEqual([]);
		for (let tap = 0; tap < 10 && !(await page.getByTestId('older-status').isVisible()); tap++) {
			await page.getByTestId('older-load').click();
			await expect.poll(async () => (await page.getByTestId('older-status').isVisible()) || (await page.getByTestId('older-count').isVisible())).toBe(true);
		}
		await expect.poll(() => page.getByTestId('older-status').textContent()).toContain('Keine älteren Werte');
		const trend = page.locator('[data-testid=trend][data-key=heart-rate]');
		await trend.locator('summary').click();
		const date = new Date(at(300)).toLocaleDateString('de-DE', { dateStyle: 'short' });
		// The table shows 30 rows first: the older ones after "Weitere anzeigen".
		const more = trend.getByRole('button', { name: 'Weitere anzeigen' });
		if (await more.isVisible()) await more.click();
		await expect.poll(() => trend.locator('tr', { hasText: date }).textContent()).toContain(String(TEN_MONTHS_VALUE));
		// Shown, not stored: the tablet's database still lacks every older value.
		expect(await deviceHolds(oldIds)).toEqual([]);
	}, 60_000);

	it('the FHIR export online holds the whole history, the value of ten months ago too', async () => {
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('fhir-export').click()]);
		const bundle = JSON.parse(await readFile((await download.path()) as string, 'utf8')) as FhirBundle;
		const values = (bundle.entry ?? []).flatMap((entry) => (entry.resource?.resourceType === 'Observation' && entry.resource.valueQuantity ? [entry.resource.valueQuantity.value] : []));
		expect(values).toContain(TEN_MONTHS_VALUE);
		expect(values.length).toBeGreaterThanOrEqual(20);
		expect(bundle.meta?.tag?.[0]).toMatchObject({ code: 'complete' });
		await expect.poll(() => page.getByTestId('fhir-export-note').textContent()).toContain('alle Werte');
	}, 60_000);

	it('the FHIR export offline holds what the tablet shows and says from when', async () => {
		await page.reload();
		await page.getByTestId('fhir-export').waitFor();
		await context.setOffline(true);
		const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('fhir-export').click()]);
		const bundle = JSON.parse(await readFile((await download.path()) as string, 'utf8')) as FhirBundle;
		const values = (bundle.entry ?? []).flatMap((entry) => (entry.resource?.resourceType === 'Observation' && entry.resource.valueQuantity ? [entry.resource.valueQuantity.value] : []));
		expect(values).not.toContain(TEN_MONTHS_VALUE);
		expect(bundle.meta?.tag?.[0]).toMatchObject({ code: 'device' });
		const from = new Date(at(28)).toLocaleDateString('de-DE', { dateStyle: 'medium' });
		await expect.poll(() => page.getByTestId('fhir-export-note').textContent()).toContain(`Der FHIR-Export enthält Werte ab ${from}`);
		await context.setOffline(false);
	}, 60_000);
});
