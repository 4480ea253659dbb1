// Irreversible operations confirm or undo (issue 13): the dispatcher's reassign and cancel need a
// confirmation that names what changes, and "Rückgängig" writes the state before back to the server.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docId, SCHEMA_VERSION, type Tour, type Visit } from '../../src/lib/domain/index.ts';
import { testPatient, testVisit } from '../support/documents.ts';
import { signIn, waitUpToDate } from '../support/browser.ts';
import { TEST_PASSWORD, type TestServer } from '../support/test-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';
import { middayZone } from '../support/time-zone.ts';

const STATION = 'rw-confirm';
const DB = `team-${STATION}`;
const RUNNING = 'mission:01RUNNING';
const OTHER = 'mission:02OTHER';

const TEAM = 'pflege-confirm';
const NURSING_DB = `team-${TEAM}`;
const NURSE = 'anna.confirm';
const VISIT_KEYS = ['c1', 'c2', 'c3'];
/** Late morning in the browser's time zone, so a start time "20 minutes ago" is today whenever the suite runs. */
const MIDDAY = middayZone(new Date());
const today = MIDDAY.today;
const TOUR = docId('tour', `${today}:${NURSE}`);
const visitId = (key: string) => docId('visit', `${today}:${key}`);


let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	({ server, browser } = await startE2eApp());
	const { accounts, storage } = server.app;
	await accounts.saveTeam({ id: STATION, name: 'Rettungswache Bestätigung', kind: 'ambulance', region: 'test' });
	await accounts.saveTeam({ id: 'ls-confirm', name: 'Leitstelle', kind: 'dispatch', region: 'test' });
	await accounts.createUser({ username: 'ls.confirm', displayName: 'Leitstelle', role: 'dispatcher', teams: [STATION, 'ls-confirm'], password: TEST_PASSWORD });
	const at = new Date(Date.now() - 600_000).toISOString();
	const meta = { schemaVersion: SCHEMA_VERSION, createdAt: at, createdBy: 'ls.confirm', deviceId: 'seed' };
	await storage.database(DB).bulkDocs([
		{ ...meta, _id: RUNNING, type: 'mission', keyword: 'RD 1 – Atemnot', priority: 1, address: 'Markt 1, Saalfeld', unitId: 'rtw.a', state: 'active', alarmedAt: at },
		// rtw.b waits at the station (status 2) but has just been alerted to another mission.
		{ ...meta, _id: OTHER, type: 'mission', keyword: 'RD 2 – Sturz', priority: 2, address: 'Bahnhofstraße 3, Saalfeld', unitId: 'rtw.b', state: 'assigned', alarmedAt: at },
		{ ...meta, _id: 'status:-:01A', type: 'status', createdBy: 'rtw.a', unitId: 'rtw.a', status: 2, at, position: { lat: 50.65, lon: 11.36 } },
		{ ...meta, _id: 'status:-:02B', type: 'status', createdBy: 'rtw.b', unitId: 'rtw.b', status: 2, at, position: { lat: 50.66, lon: 11.37 } }
	] as never[]);
	await accounts.saveTeam({ id: TEAM, name: 'Pflege Bestätigung', kind: 'nursing', region: 'test' });
	await accounts.createUser({ username: NURSE, displayName: 'Anna Test', role: 'nurse', teams: [TEAM], password: TEST_PASSWORD });
	await accounts.createUser({ username: 'pdl.confirm', displayName: 'PDL Test', role: 'dispatcher', teams: [TEAM], password: TEST_PASSWORD });
	const nursing = { schemaVersion: SCHEMA_VERSION, createdAt: at, createdBy: 'pdl.confirm', deviceId: 'seed' };
	const visits = VISIT_KEYS.map((key, i) =>
		testVisit(`${today}:${key}`, 'pdl.confirm', {
			date: today,
			patientKey: key,
			createdAt: at,
			tasks: ['Grundpflege', 'Medikamentengabe'],
			assignedTo: NURSE,
			...(i === 0 ? { signatureRequired: false } : {})
		})
	);
	const patients = VISIT_KEYS.map((key, i) => testPatient(key, 'pdl.confirm', { location: { lat: 50.648 + i * 0.004, lon: 11.367 + i * 0.003 } }));
	const station = { kind: 'station' as const, location: { lat: 50.6502, lon: 11.3571 } };
	const tour = { ...nursing, _id: TOUR, type: 'tour', date: today, nurse: NURSE, visitIds: visits.map((v) => v._id), shiftStart: '00:00', shiftEnd: '23:59', startPlace: station, endPlace: station };
	await storage.database(NURSING_DB).bulkDocs([...patients, ...visits, tour] as never[]);
});
afterAll(() => stopE2eApp({ server, browser }));

const stored = async (id: string) => (await server.app.storage.database(DB).get(id)) as unknown as { unitId?: string; state: string; cancelReason?: string; _rev: string };

async function console(): Promise<Page> {
	const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1400, height: 900 } });
	const page = await context.newPage();
	await signIn(page, server.url, 'ls.confirm', TEST_PASSWORD, '/lage');
	await page.locator(`[data-testid=mission-row][data-mission="${RUNNING}"]`).waitFor();
	// The first sync's first answer brings the open missions; the units' status presses follow it.
	await waitUpToDate(page);
	return page;
}

describe('the dispatcher reassigns and cancels only after confirming, and can undo', () => {
	it('an arrow key on the unit select changes nothing; the confirmation names mission, units and the busy unit; undo restores the unit', async () => {
		const page = await console();
		const row = page.locator(`[data-testid=mission-row][data-mission="${RUNNING}"]`);
		const select = row.getByTestId('reassign-unit');
		await select.focus();
		await page.keyboard.press('ArrowDown');
		expect(await select.inputValue()).toBe('rtw.b');
		await expect.poll(() => page.getByTestId('confirm-dialog').count()).toBe(0);
		expect((await stored(RUNNING)).unitId).toBe('rtw.a');

		await row.getByTestId('reassign').click();
		const dialog = page.getByTestId('confirm-dialog');
		await expect.poll(() => dialog.isVisible()).toBe(true);
		const text = (await dialog.textContent()) ?? '';
		expect(text).toContain('P1 · RD 1 – Atemnot');
		expect(text).toContain('Bisher: rtw.a → neu: rtw.b');
		expect(await dialog.getByTestId('confirm-busy').textContent()).toContain('rtw.b ist bereits zu P2 · RD 2 – Sturz alarmiert');
		// Focus is inside the dialog; Escape leaves everything as it was.
		expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
		await page.keyboard.press('Escape');
		await expect.poll(() => page.getByTestId('confirm-dialog').count()).toBe(0);
		expect((await stored(RUNNING)).unitId).toBe('rtw.a');

		await row.getByTestId('reassign').click();
		await page.getByTestId('confirm-ok').click();
		await expect.poll(async () => (await stored(RUNNING)).unitId, { timeout: 15_000 }).toBe('rtw.b');
		const reassignedRev = (await stored(RUNNING))._rev;
		await page.getByTestId('undo').click();
		await expect.poll(async () => (await stored(RUNNING)).unitId, { timeout: 15_000 }).toBe('rtw.a');
		const restored = await stored(RUNNING);
		expect(restored.state).toBe('active');
		expect(Number.parseInt(restored._rev)).toBeGreaterThan(Number.parseInt(reassignedRev)); // a new revision, history kept
		await page.context().close();
	});

	it('cancelling asks for a reason; undo makes the mission run again', async () => {
		const page = await console();
		const row = page.locator(`[data-testid=mission-row][data-mission="${RUNNING}"]`);
		await row.getByRole('button', { name: 'Stornieren' }).click();
		const ok = page.getByTestId('confirm-ok');
		expect(await ok.isDisabled()).toBe(true);
		await page.getByTestId('confirm-cancel').click();
		expect((await stored(RUNNING)).state).toBe('active');

		await row.getByRole('button', { name: 'Stornieren' }).click();
		await page.getByTestId('cancel-reason').fill('Doppelalarmierung');
		await ok.click();
		await expect.poll(async () => (await stored(RUNNING)).state, { timeout: 15_000 }).toBe('cancelled');
		expect((await stored(RUNNING)).cancelReason).toBe('Doppelalarmierung');
		await page.getByTestId('undo').click();
		await expect.poll(async () => (await stored(RUNNING)).state, { timeout: 15_000 }).toBe('active');
		expect((await stored(RUNNING)).cancelReason).toBeUndefined();
		await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
		await page.context().close();
	});
});

const nursingDoc = async <T,>(id: string) => (await server.app.storage.database(NURSING_DB).get(id)) as unknown as T & { _rev: string };

describe('the nurse: re-planned notice, undo of a move, and the check sheet before finishing', () => {
	it('sees that her tour was planned by someone else, undoes a move, and cannot finish an unfinished visit without reasons', async () => {
		const context = await browser.newContext({ locale: 'de-DE', timezoneId: MIDDAY.timezoneId, viewport: { width: 412, height: 915 }, hasTouch: true });
		const page = await context.newPage();
		await signIn(page, server.url, NURSE, TEST_PASSWORD, '/heute');
		await expect.poll(() => page.getByTestId('visit-list').locator('li').count(), { timeout: 15_000 }).toBe(3);
		expect(await page.getByTestId('tour-replanned').textContent()).toContain('von pdl.confirm');
		await page.getByTestId('tour-replanned-seen').click();
		await expect.poll(() => page.getByTestId('tour-replanned').count()).toBe(0);

		// A move by hand, then "Rückgängig" beside the moved visit: the server has the old order again.
		const second = page.getByTestId('visit-list').locator('li').nth(1);
		await second.getByRole('button', { name: 'Später besuchen' }).click();
		await expect.poll(async () => (await nursingDoc<Tour>(TOUR)).visitIds, { timeout: 15_000 }).toEqual([visitId('c1'), visitId('c3'), visitId('c2')]);
		const moved = page.getByTestId('visit-list').locator('li', { has: page.getByTestId('undo-bar') });
		expect(await moved.locator('a').getAttribute('href')).toContain(encodeURIComponent(visitId('c2')));
		await moved.getByTestId('undo').click();
		await expect.poll(async () => (await nursingDoc<Tour>(TOUR)).visitIds, { timeout: 15_000 }).toEqual(VISIT_KEYS.map(visitId));
		expect((await nursingDoc<Tour>(TOUR)).orderedBy).toBeUndefined();
		// Her own change is no news to her.
		expect(await page.getByTestId('tour-replanned').count()).toBe(0);

		// The first visit, never started, one task of two ticked.
		await page.getByTestId('visit-list').locator('li').first().locator('a').click();
		await page.waitForURL(`**/besuche/${encodeURIComponent(visitId('c1'))}`);
		await page.getByLabel('Grundpflege').check();
		await page.getByTestId('visit-finish').click();
		const ok = page.getByTestId('confirm-ok');
		expect(await ok.isDisabled()).toBe(true);
		expect(await page.getByTestId('visit-check').textContent()).toContain('nicht begonnen');
		const start = await page.evaluate(() => {
			const at = new Date(Date.now() - 20 * 60_000);
			return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
		});
		await page.getByTestId('check-start').fill(start);
		await expect.poll(() => page.getByTestId('check-duration').textContent()).toMatch(/Dauer: (19|20|21) min/);
		expect(await ok.isDisabled()).toBe(true); // the unticked task still has no reason
		await page.getByLabel('Grund für „Medikamentengabe“').fill('Medikament nicht vorrätig');
		await expect.poll(() => ok.isDisabled()).toBe(false);
		await ok.click();
		await expect.poll(() => page.getByTestId('visit-finished').textContent(), { timeout: 5000 }).toContain('Besuch abgeschlossen');
		await expect.poll(async () => (await nursingDoc<Visit>(visitId('c1'))).status, { timeout: 15_000 }).toBe('done');
		const stored = await nursingDoc<Visit>(visitId('c1'));
		expect(stored.tasksNotDone).toEqual([{ task: 'Medikamentengabe', reason: 'Medikament nicht vorrätig' }]);
		expect(Date.parse(stored.endedAt!) - Date.parse(stored.startedAt!)).toBeGreaterThan(15 * 60_000);
		await page.getByTestId('next-visit').click();
		await page.waitForURL(`**/besuche/${encodeURIComponent(visitId('c2'))}`);
		await expect.poll(() => page.getByTestId('visit-title').textContent()).toBe('Muster-c2, Erika');
		expect(await page.getByTestId('visit-finished').count()).toBe(0);
		expect(await page.getByLabel('Grundpflege').isChecked()).toBe(false);
		await context.close();
	});

	it('planning the day shows a preview per nurse and writes nothing until "Übernehmen"', async () => {
		const before = await nursingDoc<Tour>(TOUR);
		const context = await browser.newContext({ locale: 'de-DE', timezoneId: MIDDAY.timezoneId, viewport: { width: 1400, height: 900 } });
		const page = await context.newPage();
		await signIn(page, server.url, 'pdl.confirm', TEST_PASSWORD, '/lage');
		await page.getByRole('link', { name: 'Tourenplanung' }).click();
		await expect.poll(() => page.getByTestId('planning-nurse').count(), { timeout: 15_000 }).toBeGreaterThan(0);
		await page.getByTestId('plan-day').click();
		await expect.poll(() => page.getByTestId('planning-preview').count(), { timeout: 15_000 }).toBe(1);
		expect(await page.getByTestId('planning-preview').textContent()).toContain('Noch nichts geändert');
		expect(await page.getByTestId('planned-tour').first().locator('li').count()).toBeGreaterThan(0);
		expect((await nursingDoc<Tour>(TOUR))._rev).toBe(before._rev);
		await page.getByTestId('planning-apply').click();
		await expect.poll(() => page.getByTestId('planning-result').textContent(), { timeout: 15_000 }).toContain('Übernommen');
		await expect.poll(async () => (await nursingDoc<Tour>(TOUR)).updatedBy, { timeout: 15_000 }).toBe('pdl.confirm');
		await context.close();
	});
});
