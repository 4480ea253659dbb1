// The nurse's day on the map: re-planned tour, the area saved for offline use, the map still
// showing its tiles without signal, and a visit documented offline that reaches the server.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docId, SCHEMA_VERSION, type Patient, type Tour, type Visit } from '../../src/lib/domain/index.ts';
import { signIn, waitForServiceWorker, waitUpToDate } from '../support/browser.ts';
import { testPatient, testVisit } from '../support/documents.ts';
import { TEST_PASSWORD, type TestServer } from '../support/test-server.ts';
import { tileColour, type TileServer } from '../support/tile-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';
import { middayZone } from '../support/time-zone.ts';

const TEAM = 'pflege-karte';
const DB = `team-${TEAM}`;
const NURSE = 'schwester.karla';
/**
 * The browsers run in a time zone where it is late morning now, so planning "from now" inside the
 * shift gives the same result whenever the suite runs; `today` is that zone's date.
 */
const MIDDAY = middayZone(new Date());
const today = MIDDAY.today;


let server: TestServer;
let tiles: TileServer;
let browser: Browser;

/** Four patients in Saalfeld, within a kilometre or two: an area of a few hundred tiles. */
const PLACES = [
	{ lat: 50.6487, lon: 11.3668, street: 'Markt 3' },
	{ lat: 50.6553, lon: 11.3521, street: 'Saalstraße 20' },
	{ lat: 50.6402, lon: 11.3752, street: 'Gorndorfer Straße 5' },
	{ lat: 50.6519, lon: 11.3810, street: 'Remschützer Straße 9' }
];
const STATION = { kind: 'station' as const, location: { lat: 50.6502, lon: 11.3571 } };
const meta = { schemaVersion: SCHEMA_VERSION, createdAt: new Date().toISOString(), createdBy: 'pdl', deviceId: 'test' } as const;

function patients(): Patient[] {
	return PLACES.map((place, i) => testPatient(`k${i + 1}`, 'pdl', { location: { lat: place.lat, lon: place.lon }, address: { street: place.street, postalCode: '07318', city: 'Saalfeld/Saale' } }));
}

function visits(): Visit[] {
	// Wide preferred windows: the plan does not depend on the hour the test runs at.
	return PLACES.map((_, i) =>
		testVisit(`${today}:${NURSE}-${i + 1}`, 'pdl', { date: today, patientKey: `k${i + 1}`, tasks: ['Grundpflege', 'Medikamentengabe'], assignedTo: NURSE })
	);
}

function tour(visitIds: string[]): Tour {
	return { ...meta, _id: docId('tour', `${today}:${NURSE}`), type: 'tour', date: today, nurse: NURSE, visitIds, shiftStart: '00:00', shiftEnd: '23:59', startPlace: STATION, endPlace: STATION };
}

beforeAll(async () => {
	({ server, browser, tiles } = await startE2eApp({ tiles: 'retina' }));
	await server.app.accounts.saveTeam({ id: TEAM, name: 'Pflege Karte', kind: 'nursing', region: 'test' });
	await server.app.accounts.createUser({ username: NURSE, displayName: 'Karla Test', role: 'nurse', teams: [TEAM], password: TEST_PASSWORD });
	const vs = visits();
	// Deliberately a poor order (zig-zag), for the planner to improve.
	await server.app.storage.database(DB).bulkDocs([...patients(), ...vs, tour([vs[0]._id, vs[3]._id, vs[1]._id, vs[2]._id])] as never[]);
});
afterAll(() => stopE2eApp({ server, browser, tiles }));

async function serverDoc<T>(id: string): Promise<(T & { _attachments?: Record<string, { content_type: string; length: number }> }) | undefined> {
	try {
		return (await server.app.storage.database(DB).get(id)) as never;
	} catch {
		return undefined;
	}
}

/** Tiles Leaflet shows, with where each came from and whether its pixels are the colour of its z/x/y. */
async function shownTiles(page: Page) {
	return page.evaluate(() =>
		[...document.querySelectorAll<HTMLImageElement>('[data-testid=tour-map] img.leaflet-tile-loaded')].map((img) => {
			const canvas = document.createElement('canvas');
			canvas.width = canvas.height = 1;
			const ctx = canvas.getContext('2d')!;
			let pixel: number[] | null = null;
			try {
				ctx.drawImage(img, 128, 128, 1, 1, 0, 0, 1, 1);
				pixel = [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
			} catch {
				pixel = null; // a cross-origin network tile taints the canvas
			}
			return { url: img.dataset.tileUrl ?? '', source: img.dataset.source, width: img.naturalWidth, pixel };
		})
	);
}

describe('a nurse’s day on the map', () => {
	it('re-plans her tour, saves the area offline, sees the map without signal, and a visit documented offline reaches the server', async () => {
		// A phone's screen (2 device pixels per CSS pixel): the map asks for "@2x" tiles, and the saved area must hold those.
		const context = await browser.newContext({ deviceScaleFactor: 2, locale: 'de-DE', timezoneId: MIDDAY.timezoneId, permissions: ['geolocation'], geolocation: { latitude: 50.6502, longitude: 11.3571, accuracy: 30 } });
		const page = await context.newPage();
		await signIn(page, server.url, NURSE, TEST_PASSWORD, '/heute');
		await expect.poll(() => page.getByTestId('visit-list').locator('li').count(), { timeout: 15_000 }).toBe(4);

		// The map shows her four stops, numbered, and tiles from the test's tile server.
		await expect.poll(() => page.locator('.tour-stop').count(), { timeout: 10_000 }).toBe(4);
		await expect.poll(async () => (await shownTiles(page)).filter((t) => t.source === 'network' && t.width === 512).length, { timeout: 10_000 }).toBeGreaterThan(0);
		expect(await page.locator('.leaflet-control-attribution').textContent()).toContain('Testkacheln');

		// "Neu planen": the solver orders the stops in the worker and the tour gets planned times.
		await page.getByTestId('replan').click();
		await expect.poll(() => page.getByTestId('plan-message').textContent(), { timeout: 10_000 }).toMatch(/Tour neu geplant/);
		const planned = await serverDocAfterSync<Tour>(docId('tour', `${today}:${NURSE}`), (t) => t.orderedBy === 'planner');
		expect(planned.visitIds).toHaveLength(4);
		expect(new Set(planned.visitIds)).toEqual(new Set(visits().map((v) => v._id)));
		expect(planned.plan?.map((p) => p.visitId)).toEqual(planned.visitIds);
		expect(planned.updatedBy).toBe(NURSE);

		// She swaps the first two by hand: her order is kept, with estimated arrivals instead of planned ones.
		await page.getByRole('button', { name: 'Später besuchen' }).first().click();
		await expect.poll(() => page.getByText('Reihenfolge von Hand').count()).toBe(1);
		const byHand = await serverDocAfterSync<Tour>(planned._id, (t) => t.orderedBy === 'hand');
		expect(byHand.visitIds).toEqual([planned.visitIds[1], planned.visitIds[0], ...planned.visitIds.slice(2)]);
		expect(byHand.plan).toBeUndefined();
		await expect.poll(() => page.getByTestId('visit-list').locator('li').first().textContent()).toMatch(/≈ \d\d:\d\d/);

		// Tap a marker: the visit card with the hand-off to the navigation app.
		await page.locator('.tour-stop').first().click();
		await expect.poll(() => page.getByTestId('navigate').getAttribute('href')).toMatch(/^geo:50\.\d{6},11\.\d{6}\?q=/);

		// Save the tour's area: an estimate first, then the download, then what it stored.
		const estimate = await page.getByTestId('offline-estimate').textContent();
		const tileTotal = Number(/(\d[\d.]*) Kacheln/.exec(estimate ?? '')?.[1].replace(/\./g, ''));
		expect(tileTotal).toBeGreaterThan(50);
		expect(tileTotal).toBeLessThan(2000);
		const servedBefore = tiles.served();
		await page.getByTestId('offline-save').click();
		await expect.poll(() => page.getByTestId('offline-result').textContent(), { timeout: 60_000 }).toContain(`Gespeichert: ${tileTotal.toLocaleString('de-DE')} Kacheln`);
		expect(tiles.served() - servedBefore).toBeGreaterThanOrEqual(tileTotal);
		await expect.poll(() => page.getByTestId('offline-areas').locator('li').count()).toBe(1);
		expect(await page.getByTestId('offline-storage').textContent()).toMatch(/Speicher der App/);

		// No signal: reload; the app comes from the service worker, the tiles from the saved area.
		await waitUpToDate(page, 15_000);
		await waitForServiceWorker(page);
		await context.setOffline(true);
		await page.reload();
		await expect.poll(() => page.locator('.tour-stop').count(), { timeout: 15_000 }).toBe(4);
		await expect.poll(async () => (await shownTiles(page)).filter((t) => t.source === 'offline').length, { timeout: 15_000 }).toBeGreaterThan(3);
		const offlineTiles = await shownTiles(page);
		expect(offlineTiles.filter((t) => t.source === 'network')).toEqual([]);
		for (const tile of offlineTiles) {
			const [z, x, y] = /\/tiles\/(\d+)\/(\d+)\/(\d+)@2x\.png$/.exec(tile.url)!.slice(1).map(Number);
			expect(tile.width).toBe(512);
			expect(tile.pixel).toEqual(tileColour(z, x, y));
		}

		// She documents the first visit of her tour, still without signal.
		const visitId = byHand.visitIds[0];
		await page.getByTestId('visit-list').locator('li').first().locator('a').click();
		await page.waitForURL(`**/besuche/${encodeURIComponent(visitId)}`);
		await page.getByTestId('visit-start').click();
		await expect.poll(() => page.getByTestId('visit-status').textContent()).toBe('läuft');
		await page.getByLabel('Grundpflege').check();
		await page.getByLabel('Medikamentengabe').check();
		await expect.poll(() => page.getByLabel('Medikamentengabe').isChecked()).toBe(true);
		await page.getByLabel('Neue Notiz').fill('Hautzustand unauffällig.');
		await page.getByTestId('note-save').click();
		await expect.poll(() => page.getByText('Hautzustand unauffällig.').count()).toBe(1);
		await page.getByTestId('signature-pad').scrollIntoViewIfNeeded();
		const pad = (await page.getByTestId('signature-pad').boundingBox())!;
		await page.mouse.move(pad.x + 20, pad.y + pad.height / 2);
		await page.mouse.down();
		for (let i = 1; i <= 10; i++) await page.mouse.move(pad.x + 20 + i * 30, pad.y + pad.height / 2 + (i % 2 ? -20 : 20));
		await page.mouse.up();
		await expect.poll(() => page.getByRole('button', { name: 'Unterschrift löschen' }).isEnabled()).toBe(true);
		await page.getByTestId('visit-finish').click();
		await page.getByTestId('confirm-ok').click();
		await expect.poll(() => page.getByTestId('visit-status').textContent()).toBe('erledigt');
		await expect.poll(() => page.getByTestId('visit-finished').count()).toBe(1);
		await expect.poll(() => page.getByTestId('signature-image').count()).toBe(1);
		expect((await serverDoc<Visit>(visitId))?.status).toBe('planned');

		// Signal again: the documentation reaches the server, signature included.
		await context.setOffline(false);
		const done = await serverDocAfterSync<Visit>(visitId, (v) => v.status === 'done' && v._attachments !== undefined);
		expect(done).toMatchObject({ status: 'done', tasksDone: ['Grundpflege', 'Medikamentengabe'], updatedBy: NURSE });
		expect(Date.parse(done.endedAt!)).toBeGreaterThanOrEqual(Date.parse(done.startedAt!));
		expect(done.signedAt).toBeDefined();
		expect(done._attachments?.['signature.png']).toMatchObject({ content_type: 'image/png' });
		const png = (await server.app.storage.database(DB).getAttachment(visitId, 'signature.png')) as Buffer;
		expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
		const notes = await server.app.storage.database(DB).allDocs({ startkey: 'note:', endkey: 'note:\ufff0', include_docs: true });
		expect(notes.rows.map((r) => r.doc)).toEqual([expect.objectContaining({ visitId, text: 'Hautzustand unauffällig.', createdBy: NURSE })]);

		// An old area is removed with its tiles.
		await page.goto(`${server.url}/heute`);
		const savedTiles = () => page.evaluate(async () => (await (await caches.open('fieldcare-tiles-v1')).keys()).length);
		expect(await savedTiles()).toBeGreaterThanOrEqual(tileTotal);
		await page.getByTestId('offline-areas').getByRole('button', { name: 'Entfernen' }).click();
		await expect.poll(() => page.getByTestId('offline-areas').count()).toBe(0);
		expect(await savedTiles()).toBe(0);
		await context.close();
	});
});

async function serverDocAfterSync<T>(id: string, ready: (doc: T) => boolean): Promise<T & { _attachments?: Record<string, { content_type: string }> }> {
	await expect.poll(async () => {
		const doc = await serverDoc<T>(id);
		return doc !== undefined && ready(doc);
	}, { timeout: 20_000 }).toBe(true);
	return (await serverDoc<T>(id))!;
}

describe('the care manager plans a team’s day', () => {
	const PLAN_TEAM = 'pflege-plan';
	const PLAN_DB = `team-${PLAN_TEAM}`;
	const NURSES = ['pfleger.kurt', 'schwester.lena'];

	it('spreads the visits over two nurses, writes their tours, and explains the visits that fit nowhere', async () => {
		await server.app.accounts.saveTeam({ id: PLAN_TEAM, name: 'Pflege Planung', kind: 'nursing', region: 'test' });
		for (const nurse of NURSES) await server.app.accounts.createUser({ username: nurse, displayName: nurse, role: 'nurse', teams: [PLAN_TEAM], password: TEST_PASSWORD });
		await server.app.accounts.createUser({ username: 'pdl.plan', displayName: 'PDL', role: 'dispatcher', teams: [PLAN_TEAM], password: TEST_PASSWORD });
		const places = Array.from({ length: 8 }, (_, i) => ({ lat: 50.6 + (i % 4) * 0.03, lon: 11.3 + Math.floor(i / 4) * 0.08 }));
		const docs: unknown[] = places.map((location, i) => testPatient(`q${i}`, 'pdl', { location }));
		docs.push(testPatient('q-noplace', 'pdl', { location: undefined }));
		const planVisit = (key: string, patient: string, overrides: Partial<Visit> = {}): Visit =>
			testVisit(`${today}:${key}`, 'pdl', { date: today, patientKey: patient, windowStart: '07:00', windowEnd: '13:00', durationMin: 20, ...overrides });
		const feasible = places.map((_, i) => planVisit(`p${i}`, `q${i}`));
		// Insulin at 05:00 cannot be reached by a shift that starts at 06:00; a patient with no map position cannot be planned.
		const early = planVisit('early', 'q0', { windowStart: '05:00', windowEnd: '05:20', windowKind: 'hard' });
		const noPlace = planVisit('noplace', 'q-noplace');
		await server.app.storage.database(PLAN_DB).bulkDocs([...docs, ...feasible, early, noPlace] as never[]);

		const context = await browser.newContext({ locale: 'de-DE', timezoneId: MIDDAY.timezoneId });
		const page = await context.newPage();
		await signIn(page, server.url, 'pdl.plan', TEST_PASSWORD, '/lage');
		await page.getByRole('link', { name: 'Tourenplanung' }).click();
		await expect.poll(() => page.getByTestId('planning-nurse').count(), { timeout: 15_000 }).toBe(2);
		await expect.poll(() => page.getByTestId('planning-summary').textContent(), { timeout: 15_000 }).toContain('10 Besuche, davon 10 offen');
		await page.getByTestId('plan-day').click();
		// A preview first: per nurse, with the unplanned visits and their reasons; nothing written yet.
		await expect.poll(() => page.getByTestId('planning-preview').textContent(), { timeout: 15_000 }).toMatch(/Geplant in [\d.]+ ms/);
		const unplanned = await page.getByTestId('planning-unplanned').locator('li').allTextContents();
		expect(unplanned).toHaveLength(2);
		expect(unplanned.join('\n')).toContain('Zeitfenster nicht erreichbar');
		expect(unplanned.join('\n')).toContain('Adresse ohne Kartenposition');
		expect(await page.getByTestId('planned-tour').count()).toBe(2);
		const db = server.app.storage.database(PLAN_DB);
		expect((await db.allDocs({ startkey: `tour:${today}:`, endkey: `tour:${today}:\ufff0` })).rows).toHaveLength(0);
		await page.getByTestId('planning-apply').click();
		await expect.poll(() => page.getByTestId('planning-result').textContent(), { timeout: 15_000 }).toMatch(/Übernommen\. Geplant in [\d.]+ ms/);

		// On the server: one tour per nurse, every feasible visit in exactly one, assignments to match.
		await expect.poll(async () => (await db.allDocs({ startkey: `tour:${today}:`, endkey: `tour:${today}:\ufff0` })).rows.length, { timeout: 20_000 }).toBe(2);
		const tours = (await db.allDocs({ startkey: `tour:${today}:`, endkey: `tour:${today}:\ufff0`, include_docs: true })).rows.map((r) => r.doc as unknown as Tour);
		expect(tours.map((t) => t.nurse).sort()).toEqual(NURSES);
		const plannedIds = tours.flatMap((t) => t.plan?.map((p) => p.visitId) ?? []);
		expect(plannedIds.sort()).toEqual(feasible.map((v) => v._id).sort());
		expect(tours.every((t) => t.createdBy === 'pdl.plan' && t.orderedBy === 'planner')).toBe(true);
		await expect.poll(async () => {
			const stored = await Promise.all(feasible.map((v) => db.get(v._id) as Promise<unknown> as Promise<Visit>));
			return stored.every((v) => tours.find((t) => t.nurse === v.assignedTo)?.visitIds.includes(v._id));
		}, { timeout: 20_000 }).toBe(true);
		await context.close();
	});
});
