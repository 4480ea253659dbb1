// Critical things in view, on a phone (412×915, touch): a NEWS2 alarm from values entered by hand
// is a red banner in the viewport with score and next step, announced as an alert; an empty save
// says so at the form; allergies are a banner on the patient, visit and vitals screens; "Heute"
// says the tour is loading, not "no visits", while the first sync still runs.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { signIn } from '../support/browser.ts';
import type { TestServer } from '../support/test-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

const TEAM_DB = 'team-pflege-saalfeld';
const NURSE = 'schwester.anna';
const PHONE = { width: 412, height: 915 };
/** How long each replication request of the first sync is held back in the slow-sync test. */
const SYNC_DELAY_MS = 1500;

let server: TestServer;
let browser: Browser;
/** A demo patient with allergies, and one of her visits. */
let patient: { id: string; allergies: string[] };
let visitId: string;

beforeAll(async () => {
	({ server, browser } = await startE2eApp({ demo: true }));
	const db = server.app.storage.database(TEAM_DB);
	const patients = (await db.allDocs({ startkey: 'patient:', endkey: 'patient:\ufff0', include_docs: true })).rows.map((r) => ({ _id: r.id, allergies: r.doc?.allergies as string[] | undefined }));
	const visits = (await db.allDocs({ startkey: 'visit:', endkey: 'visit:\ufff0', include_docs: true })).rows.map((r) => ({ _id: r.id, patientId: String(r.doc?.patientId) }));
	const withAllergies = new Map(patients.filter((p) => p.allergies?.length).map((p) => [p._id, p.allergies!]));
	const visit = visits.find((v) => withAllergies.has(v.patientId));
	if (!visit) throw new Error('demo data: no visit of a patient with allergies');
	visitId = visit._id;
	patient = { id: visit.patientId, allergies: withAllergies.get(visit.patientId)! };
});
afterAll(() => stopE2eApp({ server, browser }));

async function phone(): Promise<BrowserContext> {
	return browser.newContext({ locale: 'de-DE', viewport: PHONE, hasTouch: true });
}

/** The element's box lies (at least partly) inside the viewport. */
async function inViewport(locator: Locator): Promise<boolean> {
	return locator.evaluate((el) => {
		const box = el.getBoundingClientRect();
		return box.height > 0 && box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth;
	});
}

async function openVitals(page: Page): Promise<void> {
	await page.goto(`${server.url}/vitalwerte?patient=${encodeURIComponent(patient.id)}`);
	await page.getByTestId('manual-vitals').waitFor();
}

describe('NEWS2 in view', () => {
	it('shows "—" (not 0) and the missing values before any measurement', async () => {
		const context = await phone();
		const page = await context.newPage();
		await signIn(page, server.url, NURSE, DEMO_PASSWORD, '/heute');
		await openVitals(page);
		const score = page.getByTestId('news2-score');
		await expect.poll(() => score.textContent()).toContain('NEWS2 —');
		expect(await score.textContent()).not.toMatch(/NEWS2 0\b/);
		expect(await score.textContent()).toContain('Atemfrequenz');
		await context.close();
	});

	it('an empty save says so at the form, in view, as an alert', async () => {
		const context = await phone();
		const page = await context.newPage();
		await signIn(page, server.url, NURSE, DEMO_PASSWORD, '/heute');
		await openVitals(page);
		await page.getByTestId('save-manual').click();
		const empty = page.getByTestId('vitals-empty');
		await empty.waitFor();
		expect(await empty.getAttribute('role')).toBe('alert');
		expect(await empty.textContent()).toContain('nichts gespeichert');
		await expect.poll(() => inViewport(empty), { timeout: 2000 }).toBe(true);
		await context.close();
	});

	it('critical values entered by hand put a red NEWS2 banner with score and next step in the viewport, announced as an alert', async () => {
		const context = await phone();
		const page = await context.newPage();
		await signIn(page, server.url, NURSE, DEMO_PASSWORD, '/heute');
		await openVitals(page);
		// RR 28 (3), SpO₂ 90 (3), systolic 88 (3), pulse 135 (3), 39.5 °C (2), alert, on air: NEWS2 14.
		await page.locator('#vital-respiratory-rate').fill('28');
		await page.locator('#vital-spo2').fill('90');
		await page.locator('#vital-heart-rate').fill('135');
		await page.locator('#vital-temperature').fill('39,5');
		await page.locator('#vital-systolic').fill('88');
		await page.locator('#vital-diastolic').fill('50');
		await page.getByTestId('save-manual').tap();

		const banner = page.getByTestId('news2-alarm');
		await banner.waitFor({ timeout: 15_000 });
		await expect.poll(() => banner.getAttribute('data-score')).toBe('14');
		expect(await banner.getAttribute('role')).toBe('alert');
		const text = (await banner.textContent()) ?? '';
		expect(text).toContain('NEWS2 14');
		expect(text).toContain('Notfallbewertung sofort');
		expect(await banner.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(164, 22, 26)');
		await expect.poll(() => inViewport(banner)).toBe(true);

		// What was saved stays readable, rather than emptied fields only.
		const summary = page.getByTestId('vitals-saved-summary');
		expect(await summary.textContent()).toContain('Puls 135');
		expect(await summary.textContent()).toContain('Atemfrequenz 28');
		await context.close();
	});
});

describe('allergies are a banner', () => {
	it('on the patient, visit and vitals screens of a demo patient with allergies', async () => {
		const context = await phone();
		const page = await context.newPage();
		await signIn(page, server.url, NURSE, DEMO_PASSWORD, '/heute');
		const screens = [`/patienten/${encodeURIComponent(patient.id)}`, `/besuche/${encodeURIComponent(visitId)}`, `/vitalwerte?patient=${encodeURIComponent(patient.id)}`];
		for (const screen of screens) {
			await page.goto(`${server.url}${screen}`);
			const banner = page.getByTestId('allergy-banner');
			await banner.waitFor({ timeout: 15_000 });
			for (const allergy of patient.allergies) expect(await banner.textContent(), screen).toContain(allergy);
			expect(await inViewport(banner), screen).toBe(true);
		}
		await context.close();
	});
});

describe('allergies on the mission record', () => {
	it('a mission linked to a patient record shows its allergies; an unlinked one shows nothing', async () => {
		const station = server.app.storage.database('team-rw-saalfeld');
		const [missionRow] = (await station.allDocs({ startkey: 'mission:', endkey: 'mission:\ufff0', limit: 1, include_docs: true })).rows;
		const context = await phone();
		const page = await context.newPage();
		await signIn(page, server.url, 'rtw1', DEMO_PASSWORD, '/einsatz');
		const record = `${server.url}/einsatz/${encodeURIComponent(missionRow.id)}`;
		await page.goto(record);
		await page.locator('h1', { hasText: 'Protokoll' }).waitFor({ timeout: 15_000 });
		expect(await page.getByTestId('allergy-banner').count()).toBe(0);

		// The same patient record in the station's database, and the mission linked to it.
		const nursing = server.app.storage.database(TEAM_DB);
		const copy = Object.fromEntries(Object.entries(await nursing.get(patient.id)).filter(([key]) => key !== '_rev'));
		await station.put(copy as never);
		await station.put({ ...missionRow.doc, patientId: patient.id } as never);
		await page.reload();
		const banner = page.getByTestId('allergy-banner');
		await banner.waitFor({ timeout: 20_000 });
		for (const allergy of patient.allergies) expect(await banner.textContent()).toContain(allergy);
		await context.close();
	});
});

describe('first sync', () => {
	it('"Heute" says the tour is loading, not "no visits", while the first sync runs', async () => {
		const context = await phone();
		let slow = true;
		await context.route('**/db/team-*/**', async (route) => {
			if (slow) await new Promise((resolve) => setTimeout(resolve, SYNC_DELAY_MS));
			await route.continue().catch(() => undefined);
		});
		const page = await context.newPage();
		await signIn(page, server.url, NURSE, DEMO_PASSWORD, '/heute');
		const loading = page.getByTestId('first-sync');
		await loading.waitFor({ timeout: 15_000 });
		expect(await loading.textContent()).toContain('Tour wird geladen');
		expect(await page.getByTestId('no-visits').count()).toBe(0);
		expect(await page.locator('body').textContent()).not.toContain('keine Tour zugeteilt');

		// Once the sync is through, the loading state gives way to the day.
		slow = false;
		await expect.poll(() => loading.count(), { timeout: 30_000 }).toBe(0);
		await context.close();
	});
});
