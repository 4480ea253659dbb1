// A rescue mission end to end: the dispatcher alerts a unit; the crew's device receives it live,
// reports status 3, 4, then 7 and 8 without signal; the dispatcher's console follows; the handover
// is printable and exports a FHIR document.
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, type StatusEvent } from '../../src/lib/domain/index.ts';
import { signIn, waitForServiceWorker, waitUpToDate } from '../support/browser.ts';
import { TEST_PASSWORD, type TestServer } from '../support/test-server.ts';
import type { TileServer } from '../support/tile-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

const STATION = 'rw-test';
const DB = `team-${STATION}`;
const UNIT = 'rtw.test';
/** Where the ambulance waits (status 2), a few km from the scene. */
const STATION_POSITION = { lat: 50.6502, lon: 11.3571 };
/** Live updates must reach the other side within this (issue 7). */
const LIVE_MS = 2000;

let server: TestServer;
let tiles: TileServer;
let browser: Browser;

beforeAll(async () => {
	({ server, browser, tiles } = await startE2eApp({ tiles: 'plain' }));
	const { accounts, storage } = server.app;
	await accounts.saveTeam({ id: STATION, name: 'Rettungswache Test', kind: 'ambulance', region: 'test' });
	await accounts.saveTeam({ id: 'ls-test', name: 'Leitstelle Test', kind: 'dispatch', region: 'test' });
	await accounts.createUser({ username: UNIT, displayName: 'RTW Test', role: 'paramedic', teams: [STATION], password: TEST_PASSWORD });
	await accounts.createUser({ username: 'ls.test', displayName: 'Leitstelle Test', role: 'dispatcher', teams: [STATION, 'ls-test'], password: TEST_PASSWORD });
	const at = new Date(Date.now() - 3_600_000).toISOString();
	await storage.database(DB).put({ _id: 'status:-:01STATION', type: 'status', schemaVersion: SCHEMA_VERSION, createdAt: at, createdBy: UNIT, deviceId: 'seed', unitId: UNIT, status: 2, at, position: STATION_POSITION } as never);
});
afterAll(() => stopE2eApp({ server, browser, tiles }));

async function statusEvents(missionId: string): Promise<StatusEvent[]> {
	const key = missionId.slice('mission:'.length);
	const rows = await server.app.storage.database(DB).allDocs({ startkey: `status:${key}:`, endkey: `status:${key}:\ufff0`, include_docs: true });
	return rows.rows.map((r) => r.doc as unknown as StatusEvent).filter((e) => e.report !== 'position');
}

/** Presses a status button on the crew's device and waits until the press is saved there. */
async function press(crew: Page, status: number): Promise<void> {
	await crew.getByTestId(`fms-${status}`).click();
	await expect.poll(() => crew.getByTestId('current-status').textContent(), { timeout: 5000 }).toMatch(new RegExp(`^${status} `));
}

const unitStatusOnConsole = (console: Page) => console.locator(`[data-testid=unit-row][data-unit="${UNIT}"] [data-testid=unit-status]`).textContent();
const unitOnMap = (console: Page) => console.locator(`[data-testid=dispatch-map] [data-marker="unit:${UNIT}"]`).textContent();

describe('a rescue mission between the dispatch centre and an ambulance', () => {
	let dispatcher: BrowserContext;
	let crewContext: BrowserContext;

	it('is alerted live, its status presses reach the console within 2 s, offline presses keep their times and order, and the handover prints and exports', async () => {
		dispatcher = await browser.newContext({ locale: 'de-DE', viewport: { width: 1400, height: 900 } });
		const console = await dispatcher.newPage();
		await signIn(console, server.url, 'ls.test', TEST_PASSWORD, '/lage');
		await expect.poll(() => console.getByTestId('live-state').textContent(), { timeout: 15_000 }).toBe('live');
		await expect.poll(() => unitStatusOnConsole(console), { timeout: 15_000 }).toBe('2');

		crewContext = await browser.newContext({ locale: 'de-DE', permissions: ['geolocation'], geolocation: { latitude: STATION_POSITION.lat, longitude: STATION_POSITION.lon, accuracy: 15 } });
		const crew = await crewContext.newPage();
		await signIn(crew, server.url, UNIT, TEST_PASSWORD, '/einsatz');
		await expect.poll(() => crew.getByTestId('no-mission').count(), { timeout: 15_000 }).toBe(1);
		await waitUpToDate(crew, 15_000);
		await waitForServiceWorker(crew);

		// The dispatcher creates the mission at a point on the map; the nearest free unit is offered first.
		await console.getByTestId('new-mission').click();
		await console.locator('[data-testid=dispatch-map].leaflet-container').waitFor();
		const map = (await console.getByTestId('dispatch-map').boundingBox())!;
		// Away from the unit's marker, so the tap picks a place rather than the unit.
		await console.mouse.click(map.x + map.width * 0.3, map.y + map.height * 0.35);
		await expect.poll(() => console.getByText(/^Einsatzort: \d/).count(), { timeout: 5000 }).toBe(1);
		await expect.poll(() => console.getByTestId('mission-unit').inputValue(), { timeout: 5000 }).toBe(UNIT);
		expect(await console.getByTestId('mission-unit').locator('option:checked').textContent()).toMatch(/ca\. \d+ min entfernt/);
		await console.getByLabel('Einsatzstichwort').fill('RD 2 – Sturz mit Kopfverletzung');
		await console.getByLabel('Einsatzort (Adresse)').fill('Saalstraße 20, 07318 Saalfeld/Saale');
		await console.getByLabel('Patient (Name, falls bekannt)').fill('Erna Beispiel');
		await console.getByLabel('Alter').fill('84');
		await console.getByTestId('mission-alarm').click();
		await expect.poll(() => console.getByTestId('mission-row').count(), { timeout: 5000 }).toBe(1);
		const missionId = (await console.getByTestId('mission-row').getAttribute('data-mission'))!;

		// The crew's device gets it live: the alert banner and the mission card.
		await expect.poll(() => crew.getByTestId('current-mission').getAttribute('data-mission'), { timeout: 10_000 }).toBe(missionId);
		await expect.poll(() => crew.getByTestId('mission-alert').count()).toBe(1);

		// Status 3 and 4, online: the console's list and map follow within 2 s each.
		for (const status of [3, 4]) {
			await press(crew, status);
			await expect.poll(() => unitStatusOnConsole(console), { timeout: LIVE_MS, interval: 100 }).toBe(String(status));
			await expect.poll(() => unitOnMap(console), { timeout: LIVE_MS, interval: 100 }).toBe(String(status));
		}
		await expect.poll(() => console.locator(`[data-mission="${missionId}"] [data-testid=mission-unit-status]`).textContent(), { timeout: LIVE_MS }).toMatch(/^4 Am Einsatzort/);

		// No signal between 4 and 7: the presses are kept on the device with their own times.
		await crewContext.setOffline(true);
		await press(crew, 7);
		await crew.waitForTimeout(1100);
		await press(crew, 8);
		const offlineTimes = await crew.getByTestId('mission-timeline').locator('li[data-kind=status] time').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('datetime')!));
		expect((await statusEvents(missionId)).map((e) => e.status)).toEqual([3, 4]);
		expect(await unitStatusOnConsole(console)).toBe('4');
		const reconnectedAt = Date.now();
		await crewContext.setOffline(false);

		// Back online: the events arrive with their original times, in order; the console shows 8.
		await expect.poll(async () => (await statusEvents(missionId)).length, { timeout: 20_000 }).toBe(4);
		const events = (await statusEvents(missionId)).sort((a, b) => a.at.localeCompare(b.at));
		expect(events.map((e) => e.status)).toEqual([3, 4, 7, 8]);
		expect(events.map((e) => e.at)).toEqual(offlineTimes);
		expect(Date.parse(events[2].at)).toBeLessThan(reconnectedAt);
		expect(Date.parse(events[3].at) - Date.parse(events[2].at)).toBeGreaterThanOrEqual(1000);
		expect(events.every((e) => e.createdBy === UNIT && e.unitId === UNIT)).toBe(true);
		await expect.poll(() => unitStatusOnConsole(console), { timeout: 10_000 }).toBe('8');
		const timeline = await crew.getByTestId('mission-timeline').locator('li').evaluateAll((nodes) => nodes.map((n) => `${n.getAttribute('data-kind')}:${n.getAttribute('data-status') ?? ''}`));
		expect(timeline).toEqual(['alarm:', 'status:3', 'status:4', 'status:7', 'status:8']);
		expect(await crew.getByTestId('mission-intervals').textContent()).toMatch(/Eintreffzeit \d+ min.*vor Ort \d+ min.*Transport \d+ min/);

		// The record: patient contact, GCS, a measure; then the handover on one screen.
		await crew.getByTestId('mission-record').click();
		await crew.getByTestId('patient-contact').click();
		await expect.poll(() => crew.getByText(/Patientenkontakt um/).count()).toBe(1);
		await crew.getByLabel('Beschwerden / Notfallgeschehen').fill('Sturz im Bad, kurz bewusstlos');
		await crew.getByLabel('Verletzungen').fill('Platzwunde Stirn');
		await crew.getByLabel('Augenöffnen').selectOption('3');
		await crew.getByLabel('Verbale Reaktion').selectOption('4');
		await crew.getByLabel('Motorische Reaktion').selectOption('6');
		await expect.poll(() => crew.getByTestId('gcs-total').textContent()).toBe('Summe 13');
		await crew.getByLabel('NACA-Score').selectOption('3');
		await crew.getByLabel('Zielklinik').fill('Thüringen-Kliniken Saalfeld');
		await crew.getByTestId('record-save').click();
		await expect.poll(() => crew.getByTestId('record-saved').count()).toBe(1);
		await crew.getByLabel('Was').fill('Wundversorgung, Kopfverband');
		await crew.getByTestId('treatment-add').click();
		await expect.poll(() => crew.getByTestId('treatment-list').locator('li').count()).toBe(1);

		await crew.getByRole('link', { name: 'Übergabe' }).click();
		const sheet = crew.getByTestId('handover-sheet');
		await expect.poll(() => sheet.textContent(), { timeout: 10_000 }).toContain('Sturz mit Kopfverletzung');
		const text = (await sheet.textContent())!;
		for (const expected of ['Platzwunde Stirn', 'GCS 13', 'NACA III', 'Wundversorgung, Kopfverband', 'Thüringen-Kliniken Saalfeld', 'Erna Beispiel']) expect(text).toContain(expected);

		// Printable: the print layout has content (not a blank page) and hides the app's navigation.
		await crew.emulateMedia({ media: 'print' });
		const shot = await crew.screenshot({ fullPage: true });
		const ink = await crew.evaluate(async (base64) => {
			const img = new Image();
			img.src = `data:image/png;base64,${base64}`;
			await img.decode();
			const canvas = Object.assign(document.createElement('canvas'), { width: img.width, height: img.height });
			const ctx = canvas.getContext('2d')!;
			ctx.drawImage(img, 0, 0);
			const data = ctx.getImageData(0, 0, img.width, img.height).data;
			let dark = 0;
			for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 300) dark++;
			return dark / (data.length / 4);
		}, shot.toString('base64'));
		expect(ink).toBeGreaterThan(0.005);
		expect(await crew.getByRole('button', { name: 'Drucken' }).isVisible()).toBe(false);
		await crew.emulateMedia({ media: 'screen' });

		// The FHIR document: a Bundle whose references all resolve.
		const [download] = await Promise.all([crew.waitForEvent('download'), crew.getByTestId('handover-fhir').click()]);
		const bundle = JSON.parse(await readFile(await download.path(), 'utf8')) as FhirBundleLike;
		expect(structuralProblems(bundle)).toEqual([]);
		expect(bundle.entry[0].resource.resourceType).toBe('Composition');
		expect(bundle.entry.map((e) => e.resource.resourceType)).toEqual(expect.arrayContaining(['Patient', 'Procedure']));

		await crew.getByTestId('handover-record').click();
		await expect.poll(async () => (await server.app.storage.database(DB).allDocs({ startkey: 'handover:', endkey: 'handover:\ufff0' })).rows.length, { timeout: 15_000 }).toBe(1);
		await dispatcher.close();
		await crewContext.close();
	});
});

describe('the dispatcher’s alarms and open missions', () => {
	it('acknowledges a NEWS2 alarm and a silent unit with who and when; assigns, then cancels an open mission', async () => {
		const { accounts, storage } = server.app;
		const db = storage.database(DB);
		const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
		const meta = { schemaVersion: SCHEMA_VERSION, createdAt: hourAgo, deviceId: 'seed' };
		await accounts.createUser({ username: 'rtw.zwei', displayName: 'RTW Zwei', role: 'paramedic', teams: [STATION], password: TEST_PASSWORD });
		await db.bulkDocs([
			{ ...meta, _id: 'status:-:02ZWEI', type: 'status', createdBy: 'rtw.zwei', unitId: 'rtw.zwei', status: 1, at: new Date().toISOString(), position: { lat: 50.72, lon: 11.34 } },
			// Out on a mission an hour ago and not heard of since.
			{ ...meta, _id: 'status:-:03SILENT', type: 'status', createdBy: 'rtw.still', unitId: 'rtw.still', status: 3, at: hourAgo, position: { lat: 50.6, lon: 11.4 } },
			{ ...meta, _id: 'alarm:01NEWS2', type: 'alarm', createdBy: UNIT, kind: 'news2', severity: 'high', message: 'NEWS2 8', score: 8, missionId: 'mission:unknown' }
		] as never[]);

		const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1400, height: 900 } });
		const console = await context.newPage();
		await signIn(console, server.url, 'ls.test', TEST_PASSWORD, '/lage');
		await expect.poll(() => console.getByTestId('alarm-ack').count(), { timeout: 15_000 }).toBe(1);
		await expect.poll(() => console.getByTestId('silent-unit').textContent(), { timeout: 15_000 }).toMatch(/rtw\.still: seit \d+ min kein Signal/);

		await console.getByTestId('alarm-ack').click();
		await console.getByTestId('silent-unit').getByRole('button', { name: 'Quittieren' }).click();
		await expect.poll(() => console.getByTestId('alarm-list').locator('li').count(), { timeout: 5000 }).toBe(0);
		const alarms = async () => (await db.allDocs({ startkey: 'alarm:', endkey: 'alarm:\ufff0', include_docs: true })).rows.map((r) => r.doc as unknown as Record<string, unknown>);
		await expect.poll(async () => (await alarms()).length, { timeout: 15_000 }).toBe(3);
		const stored = await alarms();
		expect(stored).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ replaces: 'alarm:01NEWS2', kind: 'news2', acknowledgedBy: 'ls.test', createdBy: 'ls.test' }),
				expect.objectContaining({ kind: 'device-silent', unitId: 'rtw.still', acknowledgedBy: 'ls.test' })
			])
		);
		expect(stored.find((a) => a._id === 'alarm:01NEWS2')).not.toHaveProperty('acknowledgedBy'); // the raised alarm itself is never edited

		// A mission alerted without a unit, assigned from the list, then cancelled.
		await console.getByTestId('new-mission').click();
		await console.getByLabel('Einsatzstichwort').fill('KTP – Verlegung');
		await console.getByLabel('Einsatzort (Adresse)').fill('Rainweg 68, 07318 Saalfeld');
		await console.getByLabel('Dringlichkeit').selectOption('3');
		await console.getByTestId('mission-unit').selectOption('');
		await console.getByTestId('mission-alarm').click();
		const row = console.locator('[data-testid=mission-row]', { hasText: 'KTP – Verlegung' });
		await expect.poll(() => row.textContent(), { timeout: 5000 }).toContain('offen');
		await row.getByRole('combobox').selectOption('rtw.zwei');
		await row.getByTestId('reassign').click();
		await console.getByTestId('confirm-ok').click();
		await expect.poll(() => row.textContent(), { timeout: 5000 }).toContain('alarmiert');
		const missionId = (await row.getAttribute('data-mission'))!;
		await expect.poll(async () => ((await db.get(missionId).catch(() => undefined)) as { unitId?: string } | undefined)?.unitId, { timeout: 15_000 }).toBe('rtw.zwei');
		await row.getByRole('button', { name: 'Stornieren' }).click();
		await console.getByTestId('cancel-reason').fill('Fehlalarm');
		await console.getByTestId('confirm-ok').click();
		await expect.poll(() => row.count(), { timeout: 5000 }).toBe(0);
		await expect.poll(async () => ((await db.get(missionId)) as { state?: string }).state, { timeout: 15_000 }).toBe('cancelled');
		await context.close();
	});
});

interface FhirBundleLike {
	resourceType: string;
	type: string;
	entry: { fullUrl: string; resource: { resourceType: string } & Record<string, unknown> }[];
}

/** FHIR R4 document rules this test can check without a validator: shape, unique full URLs, references that resolve. */
function structuralProblems(bundle: FhirBundleLike): string[] {
	const problems: string[] = [];
	if (bundle.resourceType !== 'Bundle' || bundle.type !== 'document') problems.push('not a document Bundle');
	const urls = bundle.entry.map((e) => e.fullUrl);
	if (new Set(urls).size !== urls.length) problems.push('duplicate fullUrl');
	const composition = bundle.entry[0]?.resource;
	for (const field of ['status', 'type', 'subject', 'date', 'author', 'title']) if (composition?.[field] === undefined) problems.push(`Composition.${field} missing`);
	const references: string[] = [];
	JSON.stringify(bundle, (key, value) => {
		if (key === 'reference' && typeof value === 'string') references.push(value);
		return value;
	});
	for (const reference of references) if (!urls.includes(reference)) problems.push(`unresolved ${reference}`);
	return problems;
}
