// Vitals at the bedside and on scene. A nurse's heart-rate monitor (notifications) and blood-pressure
// meter (indication) arrive through Chromium's Bluetooth emulation; she confirms the readings, they
// are saved as observations and reach the server; a dropped link reconnects without losing a
// reading; garbled bytes save nothing. Without Web Bluetooth values are entered by hand, and a NEWS2
// red score raises an alarm. Demo devices take the same path; a paramedic records on a mission.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../sync-server/src/demo/seed.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { bloodPressureMeter, glucoseMeter, heartRateMonitor } from '../support/ble-devices.ts';
import { BleEmulation } from '../support/ble-emulation.ts';
import { storedObservations } from '../support/documents.ts';
import { launchBrowser, signIn, WEB_BLUETOOTH_FLAG, waitUpToDate } from '../support/browser.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

const TEAM_DB = 'team-pflege-saalfeld';
const HR = '0A:00:00:00:00:01';
const BP = '0A:00:00:00:00:02';
const GLUCOSE = '0A:00:00:00:00:03';

/** The DOMAIN.md glucose record (95 mg/dL, capillary blood, finger, 2026-11-24 07:15) with another sequence number. */
function glucoseRecord(sequence: number): Uint8Array {
	return Uint8Array.of(0x02, sequence & 0xff, sequence >> 8, 0xea, 0x07, 0x0b, 0x18, 0x07, 0x0f, 0x00, 0x5f, 0xb0, 0x11);
}

let server: TestServer;
let browser: Browser;
let patientId: string;

beforeAll(async () => {
	({ server, browser } = await startE2eApp({ demo: true }));
	patientId = (await server.app.storage.database(TEAM_DB).allDocs({ startkey: 'patient:', endkey: 'patient:\ufff0', limit: 1 })).rows[0].id;
});
afterAll(() => stopE2eApp({ server, browser }));

/** The patient's observations as the server holds them. */
async function serverObservations(): Promise<Record<string, unknown>[]> {
	return (await storedObservations(server.app.storage.database(TEAM_DB), patientId.slice('patient:'.length))) as unknown as Record<string, unknown>[];
}

async function serverAlarms(): Promise<Record<string, unknown>[]> {
	const result = await server.app.storage.database(TEAM_DB).allDocs({ startkey: 'alarm:', endkey: 'alarm:\ufff0', include_docs: true });
	return result.rows.map((row) => row.doc as Record<string, unknown>).filter((alarm) => alarm.patientId === patientId);
}

const pending = (page: Page) => page.getByTestId('pending-reading');
const saved = (page: Page) => page.getByTestId('saved-observations').locator('li');
const deviceState = (page: Page, name: string) => page.getByTestId('device').filter({ hasText: name }).getAttribute('data-state');

async function pair(page: Page, ble: BleEmulation, kind: string, address: string, name: string): Promise<void> {
	ble.chooseNext(address);
	await page.locator('#pair-kind').selectOption(kind);
	await page.getByTestId('pair-device').click();
	await expect.poll(() => deviceState(page, name), { timeout: 15_000 }).toBe('connected');
}

/**
 * A signed-in page in a browser of its own with Bluetooth emulation: the emulation belongs to the
 * whole browser, and once (1 run in about 10 under load) Chromium went down while it was being
 * switched off. Closed page first, so that no reconnect attempt meets the emulation going away.
 */
async function withBluetooth(username: string, run: (page: Page, ble: BleEmulation) => Promise<void>): Promise<void> {
	const bleBrowser = await launchBrowser([WEB_BLUETOOTH_FLAG]);
	const context = await bleBrowser.newContext({ locale: 'de-DE' });
	const page = await context.newPage();
	await signIn(page, server.url, username, DEMO_PASSWORD, '/heute');
	const ble = await BleEmulation.attach(bleBrowser, page);
	try {
		await run(page, ble);
	} finally {
		await context.close();
		await ble.detach();
		await bleBrowser.close();
	}
}

describe('a nurse records vitals with Bluetooth devices', () => {
	it('confirms readings from a heart-rate monitor and a blood-pressure meter; they reach the server', async () => {
		await withBluetooth('schwester.anna', async (page, ble) => {
			await ble.addPeripheral(heartRateMonitor(HR, 'Pulsgurt Test', 77));
			await ble.addPeripheral(bloodPressureMeter(BP, 'Blutdruck Test'));
			await page.goto(`${server.url}/patienten/${encodeURIComponent(patientId)}`);
			await ble.setUp(); // after the last real navigation; the app's own links do not reload the page
			await page.getByTestId('record-vitals').click();
			await page.waitForURL('**/vitalwerte?patient=*');

			// Heart-rate monitor: paired through the chooser, battery read, notifications live.
			await pair(page, ble, 'heart-rate', HR, 'Pulsgurt Test');
			await expect.poll(() => page.getByTestId('device').filter({ hasText: 'Pulsgurt Test' }).textContent()).toContain('77');
			await ble.waitForSubscription(0x2a37, { address: HR });
			await ble.deliver(0x2a37, Uint8Array.of(0x10, 0x48, 0x00, 0x04), { address: HR });
			await expect.poll(() => pending(page).textContent()).toContain('Puls 72 /min');
			await pending(page).getByTestId('confirm-reading').click();
			await expect.poll(() => saved(page).count()).toBe(1);
			await expect.poll(() => pending(page).count()).toBe(0);

			// Garbled bytes: a clear message, nothing saved, the session goes on.
			await ble.deliver(0x2a37, Uint8Array.of(0x01, 0x48), { address: HR });
			await expect.poll(() => page.getByTestId('garbled').textContent()).toContain('0148');
			expect(await pending(page).count()).toBe(0);

			// A reading arrives, then the link drops before the nurse confirms: it must survive.
			await ble.deliver(0x2a37, Uint8Array.of(0x00, 80), { address: HR });
			await expect.poll(() => pending(page).textContent()).toContain('Puls 80 /min');
			await ble.disconnect(HR);
			await expect.poll(() => deviceState(page, 'Pulsgurt Test'), { timeout: 10_000 }).toBe('connected');
			await ble.waitForSubscription(0x2a37, { address: HR });
			await ble.deliver(0x2a37, Uint8Array.of(0x00, 84), { address: HR });
			await expect.poll(() => pending(page).textContent()).toContain('Puls 84 /min'); // continuous: the newest replaces the older one
			await pending(page).getByTestId('confirm-reading').click();
			await expect.poll(() => saved(page).count()).toBe(2);

			// Blood-pressure meter: one indication, four values saved together.
			await pair(page, ble, 'blood-pressure', BP, 'Blutdruck Test');
			await ble.waitForSubscription(0x2a35, { address: BP });
			await ble.deliver(0x2a35, Uint8Array.from([0x06, 0x78, 0x00, 0x50, 0x00, 0x5d, 0x00, 0xea, 0x07, 0x0b, 0x18, 0x09, 0x1e, 0x00, 0x48, 0x00]), { address: BP });
			await expect.poll(() => pending(page).filter({ hasText: 'systolisch' }).textContent()).toContain('120 mmHg');
			await pending(page).filter({ hasText: 'systolisch' }).getByTestId('confirm-reading').click();
			await expect.poll(() => page.getByTestId('vitals-status').textContent()).toContain('4 Werte gespeichert');
			expect(ble.problems).toEqual([]);

			// The app restarts: paired devices reconnect without the chooser (getDevices()).
			const prompts = ble.prompts.length;
			await page.reload();
			await ble.setUp();
			await expect.poll(() => deviceState(page, 'Pulsgurt Test'), { timeout: 15_000 }).toBe('connected');
			await expect.poll(() => deviceState(page, 'Blutdruck Test'), { timeout: 15_000 }).toBe('connected');
			expect(ble.prompts.length).toBe(prompts);

			// Checked through the server, not the UI.
			await expect.poll(async () => (await serverObservations()).length, { timeout: 20_000 }).toBe(6);
			const observations = await serverObservations();
			const heartRates = observations.filter((o) => o.code === '8867-4' && !o.groupId).map((o) => [o.value, o.rawHex]);
			expect(heartRates).toEqual([
				[72, '10480004'],
				[84, '0054']
			]);
			const cuff = observations.filter((o) => o.groupId);
			expect(cuff.map((o) => [o.code, o.value, o.unit]).sort()).toEqual(
				[
					['8462-4', 80, 'mm[Hg]'],
					['8478-0', 93, 'mm[Hg]'],
					['8480-6', 120, 'mm[Hg]'],
					['8867-4', 72, '/min']
				].sort()
			);
			expect(new Set(cuff.map((o) => o.groupId)).size).toBe(1);
			expect(cuff.every((o) => o.effectiveAt === new Date(2026, 10, 24, 9, 30).toISOString())).toBe(true); // the cuff's own time
			expect(observations.every((o) => o.createdBy === 'schwester.anna' && (o.device as { name: string }).name)).toBe(true);
		});
	});

	it('a glucose meter hands over its stored records once (RACP), and after a reconnect asks only for newer ones', async () => {
		await withBluetooth('pfleger.tom', async (page, ble) => {
			await ble.addPeripheral(glucoseMeter(GLUCOSE, [glucoseRecord(1), glucoseRecord(2)], 'Glukose Test'));
			await page.goto(`${server.url}/vitalwerte?patient=${encodeURIComponent(patientId)}`);
			await ble.setUp();
			await pair(page, ble, 'glucose-meter', GLUCOSE, 'Glukose Test');
			const [reportAll] = await ble.waitForWrites(0x2a52);
			expect([...reportAll.data]).toEqual([0x01, 0x01]);
			await expect.poll(() => pending(page).filter({ hasText: 'Blutzucker 95 mg/dL' }).count()).toBe(2);
			for (let i = 0; i < 2; i++) {
				await pending(page).first().getByTestId('confirm-reading').click();
				await expect.poll(() => pending(page).count()).toBe(1 - i);
			}

			// The link drops; on reconnect the app asks for records from number 3 on.
			await ble.disconnect(GLUCOSE);
			await expect.poll(() => deviceState(page, 'Glukose Test'), { timeout: 15_000 }).toBe('connected');
			const writes = await ble.waitForWrites(0x2a52, 2);
			expect([...writes[1].data]).toEqual([0x01, 0x03, 0x01, 0x03, 0x00]);
			expect(await pending(page).count()).toBe(0);

			const key = patientId.slice('patient:'.length);
			const glucose = async () =>
				(await storedObservations(server.app.storage.database(TEAM_DB), key)).filter((o) => o.code === '41653-7');
			await expect.poll(async () => (await glucose()).length, { timeout: 20_000 }).toBe(2);
			expect((await glucose()).map((o) => [o.value, o.unit, o.sourceUnit, o.effectiveAt, o.createdBy])).toEqual([
				[95, 'mg/dL', 'kg/L', new Date(2026, 10, 24, 7, 15).toISOString(), 'pfleger.tom'],
				[95, 'mg/dL', 'kg/L', new Date(2026, 10, 24, 7, 15).toISOString(), 'pfleger.tom']
			]);
		});
	});

	it('without Web Bluetooth the user is told kindly; values entered by hand are checked, saved, and a NEWS2 red score raises an alarm', async () => {
		const context = await browser.newContext({ locale: 'de-DE' });
		// A browser without Web Bluetooth, as Safari on iOS or Firefox.
		await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'bluetooth', { value: undefined, configurable: true }));
		const page = await context.newPage();
		await signIn(page, server.url, 'schwester.anna', DEMO_PASSWORD, '/heute');
		// The patient's earlier values and alarms arrive after the first screen's answer: the check below needs them.
		await waitUpToDate(page);
		await page.goto(`${server.url}/vitalwerte?patient=${encodeURIComponent(patientId)}`);
		await page.getByTestId('manual-vitals').waitFor();
		await expect.poll(() => page.getByTestId('bluetooth-unavailable').textContent()).toContain('von Hand');
		expect(await page.getByTestId('pair-device').count()).toBe(0);
		const before = (await serverObservations()).length;

		await page.getByLabel('Temperatur').fill('50');
		await page.getByTestId('save-manual').click();
		await expect.poll(() => page.locator('#vital-temperature-error').textContent()).toContain('nicht möglich');
		expect(await page.getByTestId('manual-vitals').locator('[aria-invalid=true]').count()).toBe(1);

		await page.getByLabel('Temperatur').fill('37,4');
		await page.getByLabel('Atemfrequenz').fill('26');
		await page.getByTestId('save-manual').click();
		await expect.poll(() => page.getByTestId('vitals-status').textContent()).toContain('Alarm');
		await expect.poll(() => page.getByTestId('news2-score').getAttribute('data-complete')).toBe('false');
		// A 3 in one parameter: the alarm banner at the save button, the partial score as a lower bound.
		await expect.poll(() => page.getByTestId('news2-alarm').getAttribute('data-band')).toBe('low-medium');
		expect(await page.getByTestId('news2-alarm').textContent()).toContain('NEWS2 ≥ 3');

		await expect.poll(async () => (await serverObservations()).length, { timeout: 20_000 }).toBe(before + 2);
		const temperature = (await serverObservations()).find((o) => o.code === '8310-5');
		expect(temperature).toMatchObject({ value: 37.4, unit: 'Cel' });
		await expect.poll(async () => (await serverAlarms()).length, { timeout: 20_000 }).toBeGreaterThan(0);
		const [alarm] = await serverAlarms();
		expect(alarm).toMatchObject({ kind: 'news2', createdBy: 'schwester.anna' });
		expect((alarm.news2 as Record<string, number>).respiratoryRate).toBe(3);
		await context.close();
	});
});

describe('demo and training mode', () => {
	it('simulated devices send readings through the same path, and they are saved like real ones', async () => {
		const demo = await startTestServer({ staticDir: path.resolve('build'), demoData: true });
		const context = await browser.newContext({ locale: 'de-DE' });
		try {
			await seedDemo(demo.app.accounts, demo.app.storage);
			const db = demo.app.storage.database(TEAM_DB);
			const patient = (await db.allDocs({ startkey: 'patient:', endkey: 'patient:\ufff0', limit: 1 })).rows[0].id;
			const page = await context.newPage();
			await signIn(page, demo.url, 'schwester.anna', DEMO_PASSWORD, '/heute');
			await page.goto(`${demo.url}/vitalwerte?patient=${encodeURIComponent(patient)}`);
			await expect.poll(() => page.getByTestId('device-panel').textContent()).toContain('Demo-Geräte');

			await page.locator('#pair-kind').selectOption('blood-pressure');
			await page.getByTestId('pair-device').click();
			await expect.poll(() => deviceState(page, 'Demo Blutdruck'), { timeout: 10_000 }).toBe('connected');
			await expect.poll(() => pending(page).filter({ hasText: 'systolisch' }).count(), { timeout: 10_000 }).toBe(1);
			await pending(page).filter({ hasText: 'systolisch' }).getByTestId('confirm-reading').click();
			await expect.poll(() => page.getByTestId('vitals-status').textContent()).toContain('4 Werte gespeichert');

			const key = patient.slice('patient:'.length);
			const onServer = async () => (await storedObservations(db, key)) as unknown as Record<string, unknown>[];
			await expect.poll(async () => (await onServer()).length, { timeout: 20_000 }).toBe(4);
			const saved = await onServer();
			expect(saved.every((o) => (o.device as { name: string }).name === 'Demo Blutdruck BP-2' && /^0[0-9a-f]+$/.test(o.rawHex as string))).toBe(true);
		} finally {
			await context.close();
			await demo.close();
		}
	});
});

describe('a paramedic records vitals on a mission', () => {
	it('the values belong to the mission (its patient has no record); a red SpO2 raises an alarm the dispatcher sees', async () => {
		const context = await browser.newContext({ locale: 'de-DE' });
		try {
			const page = await context.newPage();
			await signIn(page, server.url, 'rtw1', DEMO_PASSWORD, '/einsatz');
			await page.getByTestId('mission-vitals').click();
			await page.waitForURL('**/vitalwerte?mission=*');
			await expect.poll(() => page.getByTestId('vitals-subject').textContent()).toContain('Atemnot');
			await page.locator('#vital-heart-rate').fill('118');
			await page.locator('#vital-spo2').fill('88');
			await page.getByTestId('save-manual').click();
			await expect.poll(() => page.getByTestId('vitals-status').textContent()).toContain('Alarm');

			const station = server.app.storage.database('team-rw-saalfeld');
			const missionId = (await station.allDocs({ startkey: 'mission:', endkey: 'mission:\ufff0', limit: 1 })).rows[0].id;
			const observations = async () => (await storedObservations(station)) as unknown as Record<string, unknown>[];
			await expect.poll(async () => (await observations()).length, { timeout: 20_000 }).toBe(2);
			expect((await observations()).every((o) => o.missionId === missionId && o.patientId === undefined && o.createdBy === 'rtw1')).toBe(true);
			const alarms = async () => (await station.allDocs({ startkey: 'alarm:', endkey: 'alarm:\ufff0', include_docs: true })).rows.map((r) => r.doc as Record<string, unknown>);
			await expect.poll(async () => (await alarms()).length, { timeout: 20_000 }).toBe(1);
			expect((await alarms())[0]).toMatchObject({ missionId, kind: 'news2' });

			// The dispatcher sees it on "Lage".
			const office = await context.browser()!.newContext({ locale: 'de-DE' });
			const dispatch = await office.newPage();
			await signIn(dispatch, server.url, 'leitstelle', DEMO_PASSWORD, '/lage');
			await expect.poll(() => dispatch.getByTestId('alarm-list').textContent(), { timeout: 20_000 }).toContain('Atemnot');
			expect(await dispatch.getByTestId('alarm-list').textContent()).toContain('NEWS2');
			await office.close();
		} finally {
			await context.close();
		}
	});
});
