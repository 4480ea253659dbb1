// Issue 13, "Maps" on a phone (412×915, touch): a tapped marker opens its visit as a bottom sheet
// over the map, markers never cover each other's targets (a group marker instead, which zooms in
// or lists), and back links return where the person came from.
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docId, SCHEMA_VERSION, type Patient, type Tour, type Visit } from '../../src/lib/domain/index.ts';
import { signIn } from '../support/browser.ts';
import { testPatient, testVisit } from '../support/documents.ts';
import { TEST_PASSWORD, type TestServer } from '../support/test-server.ts';
import type { TileServer } from '../support/tile-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

const PHONE = { width: 412, height: 915 };
const DESK = { width: 1440, height: 900 };
const MIN_TARGET_PX = 44;
const TEAM = 'pflege-karte-13';
const DB = `team-${TEAM}`;
const NURSE = 'schwester.greta';
const TIME_ZONE = 'Europe/Berlin';
const today = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
const TEST_TIMEOUT_MS = 90_000;

/**
 * Six visits in Saalfeld: three in the market square (two in one house, one 30 m along), which
 * overlap at the zoom that shows the whole tour, and three a kilometre or more apart.
 */
const PLACES = [
	{ key: 'm1', lastName: 'Albrecht', lat: 50.6487, lon: 11.3668, street: 'Markt 3' },
	{ key: 'm2', lastName: 'Brandt', lat: 50.6487, lon: 11.3668, street: 'Markt 3' },
	{ key: 'm3', lastName: 'Conrad', lat: 50.6487, lon: 11.3672, street: 'Markt 5' },
	{ key: 'f1', lastName: 'Dietrich', lat: 50.6553, lon: 11.3521, street: 'Saalstraße 20' },
	{ key: 'f2', lastName: 'Engel', lat: 50.6402, lon: 11.3752, street: 'Gorndorfer Straße 5' },
	{ key: 'f3', lastName: 'Fuchs', lat: 50.6519, lon: 11.381, street: 'Remschützer Straße 9' }
];
const meta = { schemaVersion: SCHEMA_VERSION, createdAt: new Date().toISOString(), createdBy: 'pdl', deviceId: 'test' } as const;
const visitIdOf = (key: string) => docId('visit', `${today}:${NURSE}-${key}`);

function patients(): Patient[] {
	return PLACES.map((place) => testPatient(place.key, 'pdl', { lastName: place.lastName, location: { lat: place.lat, lon: place.lon }, address: { street: place.street, postalCode: '07318', city: 'Saalfeld/Saale' } }));
}

function visits(): Visit[] {
	return PLACES.map((place) => testVisit(`${today}:${NURSE}-${place.key}`, 'pdl', { date: today, patientKey: place.key, assignedTo: NURSE }));
}

function tour(): Tour {
	return { ...meta, _id: docId('tour', `${today}:${NURSE}`), type: 'tour', date: today, nurse: NURSE, visitIds: PLACES.map((p) => visitIdOf(p.key)), shiftStart: '00:00', shiftEnd: '23:59' };
}

let server: TestServer;
let tiles: TileServer;
let browser: Browser;

beforeAll(async () => {
	({ server, browser, tiles } = await startE2eApp({ tiles: 'plain' }));
	await server.app.accounts.saveTeam({ id: TEAM, name: 'Pflege Karte 13', kind: 'nursing', region: 'test' });
	await server.app.accounts.createUser({ username: NURSE, displayName: 'Greta Test', role: 'nurse', teams: [TEAM], password: TEST_PASSWORD });
	await server.app.storage.database(DB).bulkDocs([...patients(), ...visits(), tour()] as never[]);
});
afterAll(() => stopE2eApp({ server, browser, tiles }));

function phone(): Promise<BrowserContext> {
	return browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, locale: 'de-DE', timezoneId: TIME_ZONE });
}

async function signedIn(): Promise<{ context: BrowserContext; page: Page }> {
	const context = await phone();
	const page = await context.newPage();
	await signIn(page, server.url, NURSE, TEST_PASSWORD, '/heute');
	await expect.poll(() => page.getByTestId('visit-list').locator('li').count(), { timeout: 15_000 }).toBe(PLACES.length);
	await expect.poll(() => page.locator('.tour-stop, .tour-group').count(), { timeout: 10_000 }).toBeGreaterThan(0);
	return { context, page };
}

/** The hit areas of the markers on the map (numbered stops and groups), as boxes. */
function markerBoxes(page: Page) {
	return page.locator('[data-testid=tour-map] .tour-stop, [data-testid=tour-map] .tour-group').evaluateAll((els) =>
		els.map((el) => {
			const r = el.getBoundingClientRect();
			return { title: el.getAttribute('title') ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
		})
	);
}

type Box = { x: number; y: number; width: number; height: number };
const intersect = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function overlappingPairs(boxes: (Box & { title: string })[]): string[] {
	const pairs: string[] = [];
	for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) if (intersect(boxes[i], boxes[j])) pairs.push(`${boxes[i].title} × ${boxes[j].title}`);
	return pairs;
}

/**
 * The sheet lies inside the viewport and on top of everything where it lies; the map moved up so
 * that the tapped place (the map's centre) is in view above the sheet.
 */
async function expectSheetOverMap(page: Page, sheet: Locator): Promise<void> {
	const box = await sheet.boundingBox();
	expect(box).not.toBeNull();
	expect(box!.y).toBeGreaterThanOrEqual(0);
	expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height + 0.5);
	expect(box!.x).toBeGreaterThanOrEqual(0);
	expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width + 0.5);
	const seen = await sheet.evaluate((el) => {
		const mapElement = document.querySelector('[data-testid=tour-map]')!;
		const map = mapElement.getBoundingClientRect();
		const r = el.getBoundingClientRect();
		const probes = [[r.left + 8, r.top + 8], [r.left + r.width / 2, r.top + r.height / 2], [r.right - 8, r.bottom - 8]];
		// Where sheet and map share screen space, the sheet is on top.
		if (Math.min(r.bottom, map.bottom) > Math.max(r.top, map.top)) probes.push([r.left + r.width / 2, (Math.max(r.top, map.top) + Math.min(r.bottom, map.bottom)) / 2]);
		const centre = document.elementFromPoint(map.left + map.width / 2, map.top + map.height / 2);
		return { sheetOnTop: probes.map(([x, y]) => el.contains(document.elementFromPoint(x, y))), mapCentreVisible: mapElement.contains(centre) && map.top >= -0.5 };
	});
	expect(seen.sheetOnTop.every(Boolean)).toBe(true);
	expect(seen.mapCentreVisible).toBe(true);
}

describe('the tour map on a phone', () => {
	it('a tapped marker opens its visit as a bottom sheet over the map; Escape closes it and focus returns to the marker; its link leads to the visit', async () => {
		const { context, page } = await signedIn();
		const marker = page.locator('.tour-stop[title^="Dietrich"]');
		await marker.tap();
		const sheet = page.getByTestId('visit-card');
		await sheet.waitFor();
		expect(await sheet.getAttribute('role')).toBe('dialog');
		expect(await sheet.getByRole('heading').textContent()).toContain('Dietrich');
		const text = await sheet.textContent();
		expect(text).toContain('Saalstraße 20, 07318 Saalfeld/Saale');
		expect(text).toContain('00:30–23:30');
		expect(await sheet.getByTestId('navigate').getAttribute('href')).toMatch(/^geo:/);
		expect(await sheet.evaluate((el) => el.contains(document.activeElement))).toBe(true);
		await expectSheetOverMap(page, sheet);
		const close = await page.getByTestId('visit-card-close').boundingBox();
		expect(Math.min(close!.width, close!.height)).toBeGreaterThanOrEqual(MIN_TARGET_PX);

		await page.keyboard.press('Escape');
		await sheet.waitFor({ state: 'detached' });
		expect(await page.evaluate(() => document.activeElement?.getAttribute('title'))).toMatch(/^Dietrich/);
		// The focused marker opens it from the keyboard too.
		await page.keyboard.press('Enter');
		await sheet.waitFor();
		await page.keyboard.press('Escape');
		await sheet.waitFor({ state: 'detached' });

		// The close button closes it too; and the sheet's link opens the visit.
		await marker.tap();
		await page.getByTestId('visit-card-close').tap();
		await sheet.waitFor({ state: 'detached' });
		await marker.tap();
		await sheet.getByTestId('visit-card-open').tap();
		await page.waitForURL(`**/besuche/${encodeURIComponent(visitIdOf('f1'))}`);
		await context.close();
	}, TEST_TIMEOUT_MS);

	it('on a desk (1440×900) the visit card opens below the map, scrolled into view', async () => {
		const context = await browser.newContext({ viewport: DESK, locale: 'de-DE', timezoneId: TIME_ZONE });
		const page = await context.newPage();
		await signIn(page, server.url, NURSE, TEST_PASSWORD, '/heute');
		const marker = page.locator('.tour-stop[title^="Fuchs"]');
		await marker.waitFor({ timeout: 15_000 });
		await marker.click();
		const card = page.getByTestId('visit-card');
		await card.waitFor();
		await expect.poll(async () => {
			const box = await card.boundingBox();
			return box !== null && box.y >= 0 && box.y + box.height <= DESK.height;
		}).toBe(true);
		expect(await card.evaluate((el) => getComputedStyle(el).position)).not.toBe('fixed');
		expect(await card.evaluate((el) => el.contains(document.activeElement))).toBe(true);
		await context.close();
	}, TEST_TIMEOUT_MS);

	it('markers that would overlap at the start zoom are one group marker; no two marker targets intersect; a tap on the group separates them, then lists the two in one house', async () => {
		const { context, page } = await signedIn();
		const start = await markerBoxes(page);
		expect(overlappingPairs(start)).toEqual([]);
		for (const box of start) expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(MIN_TARGET_PX);
		// The three in the market square are one marker, numbered by their places in the tour.
		const market = page.locator('.tour-group').filter({ hasText: '1–3' });
		expect(await market.count()).toBe(1);
		expect(await market.getAttribute('title')).toMatch(/^3 Besuche: 1\. Albrecht.*2\. Brandt.*3\. Conrad/);
		expect(start.length).toBe(4);

		// A tap zooms in until Conrad (30 m along) stands apart; the two in one house stay together.
		await market.tap();
		await expect.poll(() => page.locator('.tour-stop[title^="Conrad"]').count()).toBe(1);
		const house = page.locator('.tour-group').filter({ hasText: '1–2' });
		expect(await house.count()).toBe(1);
		expect(overlappingPairs(await markerBoxes(page))).toEqual([]);

		// No zoom separates one address: the tap lists both in the sheet, and one opens its visit there.
		await house.tap();
		const list = page.getByTestId('visit-list-sheet');
		await list.waitFor();
		await expectSheetOverMap(page, list);
		const entries = list.getByRole('button', { name: /Albrecht|Brandt/ });
		expect(await entries.count()).toBe(2);
		await list.getByRole('button', { name: /Brandt/ }).tap();
		const card = page.getByTestId('visit-card');
		await card.waitFor();
		expect(await card.getByRole('heading').textContent()).toContain('Brandt');
		await context.close();
	}, TEST_TIMEOUT_MS);
});

describe('back links on a phone', () => {
	it('from the patient page reached via a visit, the back link returns to the visit, and from there to the tour', async () => {
		const { context, page } = await signedIn();
		await page.locator('.tour-stop[title^="Dietrich"]').tap();
		await page.getByTestId('visit-card-open').tap();
		const visitUrl = `**/besuche/${encodeURIComponent(visitIdOf('f1'))}`;
		await page.waitForURL(visitUrl);
		const back = page.getByTestId('back-link');
		await expect.poll(() => back.textContent()).toBe('← Tour');
		await page.getByTestId('visit-patient').tap();
		await page.waitForURL('**/patienten/**');
		await expect.poll(() => back.textContent()).toBe('← Besuch Dietrich');
		const entries = await page.evaluate(() => history.length);
		await back.tap();
		await page.waitForURL(visitUrl);
		// Back in history, not a new entry on top.
		expect(await page.evaluate(() => history.length)).toBe(entries);
		await expect.poll(() => back.textContent()).toBe('← Tour');
		await back.tap();
		await page.waitForURL('**/heute');
		await context.close();
	}, TEST_TIMEOUT_MS);

	it('back from a visit far down the day\'s list, its row is where it was on the screen (although the list is drawn after the page is shown)', async () => {
		const { context, page } = await signedIn();
		const last = page.getByTestId('visit-list').locator('li').last().locator('a');
		await last.evaluate((el) => el.scrollIntoView({ block: 'center' }));
		expect(await page.evaluate(() => scrollY)).toBeGreaterThan(300);
		const screenTop = async () => (await last.boundingBox())?.y;
		const leftAt = (await screenTop())!;
		await last.tap();
		await page.waitForURL('**/besuche/**');
		await page.getByTestId('back-link').tap();
		await page.waitForURL('**/heute');
		// SvelteKit's own restoring comes before the list is drawn and ends at the top of the page.
		// Within a pixel: the browser snaps a scroll offset to whole device pixels.
		await expect.poll(async () => Math.abs(((await screenTop()) ?? Infinity) - leftAt), { timeout: 5_000 }).toBeLessThanOrEqual(1);
		await context.close();
	}, TEST_TIMEOUT_MS);

	it('from the patients list, the back link returns to the list; opened directly, it goes to its fixed parent', async () => {
		const { context, page } = await signedIn();
		await page.getByRole('link', { name: 'Patienten', exact: true }).tap();
		await page.waitForURL('**/patienten');
		await page.locator('main a[href^="/patienten/patient"]').filter({ hasText: 'Engel' }).tap();
		await page.waitForURL('**/patienten/patient*');
		const back = page.getByTestId('back-link');
		await expect.poll(() => back.textContent()).toBe('← Patienten');
		const entries = await page.evaluate(() => history.length);
		await back.tap();
		await page.waitForURL('**/patienten');
		expect(await page.evaluate(() => history.length)).toBe(entries);

		// A patient page opened from a bookmark with its visit: the link leads to that visit, as a plain link.
		await page.goto(`${server.url}/patienten/${encodeURIComponent(docId('patient', 'f2'))}?visit=${encodeURIComponent(visitIdOf('f2'))}`);
		await expect.poll(() => back.textContent()).toBe('← Besuch');
		expect(await back.getAttribute('href')).toBe(`/besuche/${encodeURIComponent(visitIdOf('f2'))}`);
		await back.tap();
		await page.waitForURL(`**/besuche/${encodeURIComponent(visitIdOf('f2'))}`);
		await context.close();
	}, TEST_TIMEOUT_MS);
});
