// Irreversible operations confirm or undo (issue 13): finishing a visit and taking over a day plan can
// be undone for a few seconds, and the planner's "Unterschrift erforderlich" holds the nurse to it.
// What the server holds is read through its HTTP API, as another device would.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docId, SCHEMA_VERSION, type Patient, type Tour, type Visit } from '../../src/lib/domain/index.ts';
import { testPatient, testVisit } from '../support/documents.ts';
import { signIn } from '../support/browser.ts';
import { login, TEST_PASSWORD, type TestServer } from '../support/test-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';
import { middayZone } from '../support/time-zone.ts';

const TEAM = 'pflege-undo';
const DB = `team-${TEAM}`;
const ANNA = 'anna.undo';
const TOM = 'tom.undo';
const PDL = 'pdl.undo';
/** u1, u2 on Anna's tour; u3, u4 not yet given to anyone. */
const KEYS = ['u1', 'u2', 'u3', 'u4'];
const MIDDAY = middayZone(new Date());
const today = MIDDAY.today;
const visitId = (key: string) => docId('visit', `${today}:${key}`);
const tourOf = (nurse: string) => docId('tour', `${today}:${nurse}`);


let server: TestServer;
let browser: Browser;
let token: string;

beforeAll(async () => {
	({ server, browser } = await startE2eApp());
	const { accounts, storage } = server.app;
	await accounts.saveTeam({ id: TEAM, name: 'Pflege Rückgängig', kind: 'nursing', region: 'test' });
	await accounts.createUser({ username: ANNA, displayName: 'Anna Undo', role: 'nurse', teams: [TEAM], password: TEST_PASSWORD });
	await accounts.createUser({ username: TOM, displayName: 'Tom Undo', role: 'nurse', teams: [TEAM], password: TEST_PASSWORD });
	await accounts.createUser({ username: PDL, displayName: 'PDL Undo', role: 'dispatcher', teams: [TEAM], password: TEST_PASSWORD });
	const meta = { schemaVersion: SCHEMA_VERSION, createdAt: new Date(Date.now() - 600_000).toISOString(), createdBy: PDL, deviceId: 'seed' };
	const visits = KEYS.map((key, i) => testVisit(`${today}:${key}`, PDL, { date: today, patientKey: key, createdAt: meta.createdAt, ...(i < 2 ? { assignedTo: ANNA } : {}) }));
	const patients = KEYS.map((key, i) => testPatient(key, PDL, { location: { lat: 50.648 + i * 0.01, lon: 11.367 + i * 0.008 } }));
	const station = { kind: 'station' as const, location: { lat: 50.6502, lon: 11.3571 } };
	const tour = { ...meta, _id: tourOf(ANNA), type: 'tour', date: today, nurse: ANNA, visitIds: [visitId('u1'), visitId('u2')], shiftStart: '00:00', shiftEnd: '23:59', startPlace: station, endPlace: station };
	await storage.database(DB).bulkDocs([...patients, ...visits, tour] as never[]);
	token = await login(server.url, PDL);
});
afterAll(() => stopE2eApp({ server, browser }));

/** A document as the server serves it to the care manager; undefined when it is not there (or removed). */
async function onServer<T>(id: string): Promise<(T & { _rev: string }) | undefined> {
	const res = await fetch(`${server.url}/db/${DB}/${encodeURIComponent(id)}`, { headers: { authorization: `Bearer ${token}` } });
	if (res.status === 404) return undefined;
	if (!res.ok) throw new Error(`GET ${id}: HTTP ${res.status}`);
	return (await res.json()) as T & { _rev: string };
}

async function nursePhone(): Promise<Page> {
	const context = await browser.newContext({ locale: 'de-DE', timezoneId: MIDDAY.timezoneId, viewport: { width: 412, height: 915 }, hasTouch: true });
	const page = await context.newPage();
	await signIn(page, server.url, ANNA, TEST_PASSWORD, '/heute');
	return page;
}

async function planningDesk(): Promise<Page> {
	const context = await browser.newContext({ locale: 'de-DE', timezoneId: MIDDAY.timezoneId, viewport: { width: 1440, height: 900 } });
	const page = await context.newPage();
	await signIn(page, server.url, PDL, TEST_PASSWORD, '/lage');
	await page.getByRole('link', { name: 'Tourenplanung' }).click();
	await expect.poll(() => page.getByTestId('planning-nurse').count(), { timeout: 15_000 }).toBe(2);
	return page;
}

async function openVisit(page: Page, key: string): Promise<void> {
	await page.goto(`${server.url}/besuche/${encodeURIComponent(visitId(key))}`);
	await expect.poll(() => page.getByTestId('visit-title').textContent(), { timeout: 15_000 }).toBe(`Muster-${key}, Erika`);
}

describe('undo of finishing a visit', () => {
	it('the nurse finishes a visit, taps "Rückgängig": the visit is open again on her phone and on the server, her documentation kept', async () => {
		const page = await nursePhone();
		await openVisit(page, 'u1');
		await page.getByTestId('visit-start').click();
		await expect.poll(() => page.getByTestId('visit-status').textContent()).toBe('läuft');
		await page.getByLabel('Grundpflege').check();
		await page.getByLabel('Neue Notiz').fill('Verband gewechselt.');
		await page.getByTestId('note-save').click();
		await expect.poll(() => page.getByText('Verband gewechselt.').count()).toBe(1);
		await expect.poll(async () => (await onServer<Visit>(visitId('u1')))?.tasksDone, { timeout: 15_000 }).toEqual(['Grundpflege']);
		const started = (await onServer<Visit>(visitId('u1')))!;

		await page.getByTestId('visit-finish').click();
		await page.getByTestId('confirm-ok').click();
		await expect.poll(() => page.getByTestId('visit-status').textContent()).toBe('erledigt');
		expect(await page.getByTestId('undo-bar').textContent()).toContain('Versehentlich abgeschlossen?');
		await expect.poll(async () => (await onServer<Visit>(visitId('u1')))?.status, { timeout: 7000, interval: 200 }).toBe('done');
		const done = (await onServer<Visit>(visitId('u1')))!;

		await page.getByTestId('undo').click();
		await expect.poll(() => page.getByTestId('visit-status').textContent()).toBe('läuft');
		expect(await page.getByTestId('visit-reopened').textContent()).toContain('Besuch wieder geöffnet');
		expect(await page.getByTestId('visit-finish').isVisible()).toBe(true);
		expect(await page.getByTestId('visit-times').textContent()).toContain('Ende: —');
		await expect.poll(async () => (await onServer<Visit>(visitId('u1')))?.status, { timeout: 15_000 }).toBe('in-progress');
		const reopened = (await onServer<Visit>(visitId('u1')))!;
		expect(reopened.endedAt).toBeUndefined();
		expect(reopened.startedAt).toBe(started.startedAt);
		expect(reopened.tasksDone).toEqual(['Grundpflege']);
		expect(Number.parseInt(reopened._rev)).toBeGreaterThan(Number.parseInt(done._rev)); // a new revision, history kept
		expect(await page.getByText('Verband gewechselt.').count()).toBe(1);
		await page.context().close();
	});
});

describe('"Unterschrift erforderlich" set by the care manager', () => {
	it('the PDL marks a visit on "Tourenplanung" and a patient\'s care plan; the nurse cannot finish those visits without the patient signing', async () => {
		const desk = await planningDesk();
		// The care plan's default for all of Erika Muster-u1's visits.
		await desk.goto(`${server.url}/patienten/${encodeURIComponent(docId('patient', 'u1'))}`);
		await desk.getByTestId('visit-signature-default').check();
		await expect.poll(async () => (await onServer<Patient>(docId('patient', 'u1')))?.visitSignatureRequired, { timeout: 15_000 }).toBe(true);
		await desk.getByRole('link', { name: 'Tourenplanung' }).click();
		await desk.getByTestId('signature-requirements').locator('summary').click();
		const fromPlan = desk.getByLabel('Unterschrift erforderlich: Muster-u1, Erika, 00:30–23:30');
		await expect.poll(() => fromPlan.isChecked(), { timeout: 15_000 }).toBe(true);
		expect(await desk.locator(`[data-testid=signature-visit][data-visit="${visitId('u1')}"]`).textContent()).toContain('Vorgabe aus dem Pflegeplan');
		// One visit on its own.
		await desk.getByLabel('Unterschrift erforderlich: Muster-u2, Erika, 00:30–23:30').check();
		await expect.poll(async () => (await onServer<Visit>(visitId('u2')))?.signatureRequired, { timeout: 15_000 }).toBe(true);
		expect((await onServer<Visit>(visitId('u2')))!.updatedBy).toBe(PDL);
		await desk.context().close();

		const page = await nursePhone();
		await openVisit(page, 'u2');
		await page.getByTestId('visit-start').click();
		await page.getByLabel('Grundpflege').check();
		await expect.poll(() => page.getByLabel('Grundpflege').isChecked()).toBe(true);
		await page.getByTestId('visit-finish').click();
		expect(await page.getByTestId('check-signature').textContent()).toContain('Unterschrift erforderlich');
		expect(await page.getByTestId('confirm-ok').isDisabled()).toBe(true);
		await page.getByTestId('confirm-cancel').click();
		expect(await page.getByTestId('signature-required').isVisible()).toBe(true);

		// Once the patient has signed, the same visit can be finished.
		await page.getByTestId('signature-pad').scrollIntoViewIfNeeded();
		const pad = (await page.getByTestId('signature-pad').boundingBox())!;
		await page.mouse.move(pad.x + 20, pad.y + pad.height / 2);
		await page.mouse.down();
		for (let i = 1; i <= 10; i++) await page.mouse.move(pad.x + 20 + i * 25, pad.y + pad.height / 2 + (i % 2 ? -20 : 20));
		await page.mouse.up();
		await page.getByTestId('visit-finish').click();
		expect(await page.getByTestId('check-signature').count()).toBe(0);
		await page.getByTestId('confirm-ok').click();
		await expect.poll(async () => (await onServer<Visit>(visitId('u2')))?.status, { timeout: 15_000 }).toBe('done');
		expect((await onServer<Visit>(visitId('u2')))!.signedAt).toBeDefined();

		// The visit of the patient whose care plan asks for a signature (reopened above): the same check.
		await openVisit(page, 'u1');
		expect(await page.getByTestId('signature-required').textContent()).toContain('Unterschrift erforderlich');
		await page.getByTestId('visit-finish').click();
		expect(await page.getByTestId('check-signature').count()).toBe(1);
		expect(await page.getByTestId('confirm-ok').isDisabled()).toBe(true);
		await page.context().close();
	});
});

describe('undo of a day plan', () => {
	it('the PDL takes over a plan and undoes it: every tour and visit on the server as before, the tour the plan created removed', async () => {
		const before = (await onServer<Tour>(tourOf(ANNA)))!;
		const assigned = await Promise.all(KEYS.map(async (key) => (await onServer<Visit>(visitId(key)))!.assignedTo));
		expect(await onServer<Tour>(tourOf(TOM))).toBeUndefined();

		const page = await planningDesk();
		await page.getByTestId('plan-day').click();
		await expect.poll(() => page.getByTestId('planning-preview').count(), { timeout: 15_000 }).toBe(1);
		await page.getByTestId('planning-apply').click();
		await expect.poll(() => page.getByTestId('planning-result').textContent(), { timeout: 15_000 }).toContain('Übernommen');
		expect(await page.getByTestId('undo-bar').textContent()).toContain('Tagesplanung übernommen');
		// The plan reached the server (within the bar's 10 s): Tom has a tour now, Anna's was rewritten, u3 has a nurse.
		const planReached = async () => {
			const [tom, anna, u3] = await Promise.all([onServer<Tour>(tourOf(TOM)), onServer<Tour>(tourOf(ANNA)), onServer<Visit>(visitId('u3'))]);
			return tom?.nurse === TOM && anna?.updatedBy === PDL && u3?.assignedTo !== undefined;
		};
		await expect.poll(planReached, { timeout: 7000, interval: 200 }).toBe(true);

		await page.getByTestId('undo').click();
		await expect.poll(() => page.getByTestId('planning-undone').textContent(), { timeout: 15_000 }).toContain('Touren wie vor der Planung wiederhergestellt');
		await expect.poll(async () => onServer<Tour>(tourOf(TOM)), { timeout: 15_000 }).toBeUndefined();
		await expect.poll(async () => (await onServer<Tour>(tourOf(ANNA)))?.visitIds, { timeout: 15_000 }).toEqual(before.visitIds);
		const restored = (await onServer<Tour>(tourOf(ANNA)))!;
		expect(restored.plan).toEqual(before.plan);
		expect(restored.orderedBy).toEqual(before.orderedBy);
		expect(Number.parseInt(restored._rev)).toBeGreaterThan(Number.parseInt(before._rev) + 1); // planned, then restored: both kept
		await expect.poll(async () => Promise.all(KEYS.map(async (key) => (await onServer<Visit>(visitId(key)))!.assignedTo)), { timeout: 15_000 }).toEqual(assigned);
		await page.context().close();
	});
});
