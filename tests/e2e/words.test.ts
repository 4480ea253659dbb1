// Words people read: a refused value is explained in German at its field and takes the focus;
// counts are in the right plural form.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docId, SCHEMA_VERSION, type Mission, type Visit } from '../../src/lib/domain/index.ts';
import { signIn } from '../support/browser.ts';
import { testPatient, testVisit } from '../support/documents.ts';
import { TEST_PASSWORD, type TestServer } from '../support/test-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

const STATION = 'rw-words';
const NURSING = 'pflege-words';
const UNIT = 'rtw.words';
const NURSE = 'schwester.wort';
/** The browsers run in UTC, so the nurse's "today" is the server's UTC date. */
const TODAY = new Date().toISOString().slice(0, 10);
const meta = { schemaVersion: SCHEMA_VERSION, createdAt: new Date().toISOString(), createdBy: 'pdl', deviceId: 'test' } as const;
const MISSION_ID = docId('mission', 'words-1');

let server: TestServer;
let browser: Browser;

function visit(n: number): Visit {
	return testVisit(`${TODAY}:${NURSE}-${n}`, 'pdl', { date: TODAY, patientKey: 'w1', assignedTo: NURSE });
}

beforeAll(async () => {
	({ server, browser } = await startE2eApp());
	const { accounts, storage } = server.app;
	await accounts.saveTeam({ id: STATION, name: 'Rettungswache Wort', kind: 'ambulance', region: 'test' });
	await accounts.saveTeam({ id: NURSING, name: 'Pflegedienst Wort', kind: 'nursing', region: 'test' });
	await accounts.createUser({ username: UNIT, displayName: 'RTW Wort', role: 'paramedic', teams: [STATION], password: TEST_PASSWORD });
	await accounts.createUser({ username: 'admin.wort', displayName: 'Admin Wort', role: 'admin', teams: [], password: TEST_PASSWORD });
	await accounts.createUser({ username: 'ls.wort', displayName: 'Leitstelle Wort', role: 'dispatcher', teams: [STATION], password: TEST_PASSWORD });
	await accounts.createUser({ username: NURSE, displayName: 'Schwester Wort', role: 'nurse', teams: [NURSING], password: TEST_PASSWORD });
	const mission: Mission = { ...meta, _id: MISSION_ID, type: 'mission', keyword: 'RD 1 – Sturz', priority: 2, address: 'Markt 1, 07318 Saalfeld', state: 'assigned', unitId: UNIT, alarmedAt: meta.createdAt };
	await storage.database(`team-${STATION}`).put(mission as never);
	await storage.database(`team-${NURSING}`).put(testPatient('w1', 'pdl') as never);
	await storage.database(`team-${NURSING}`).put(visit(1) as never);
});
afterAll(() => stopE2eApp({ server, browser }));

async function newPage(): Promise<Page> {
	const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Etc/UTC', viewport: { width: 412, height: 915 } });
	return context.newPage();
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');

describe('errors at the field, in German', () => {
	it('"ca. 80" in the mission record\'s age field: a German message at the field, and the focus there', async () => {
		const crew = await newPage();
		await signIn(crew, server.url, UNIT, TEST_PASSWORD, '/einsatz');
		await crew.goto(`${server.url}/einsatz/${encodeURIComponent(MISSION_ID)}`);
		await crew.locator('#r-age').fill('ca. 80');
		await crew.locator('#r-complaint').focus();
		await crew.getByTestId('record-save').click();

		await expect.poll(() => crew.locator('#r-age').getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
		expect(await crew.locator('#r-age').getAttribute('aria-describedby')).toBe('r-age-error');
		const message = await crew.locator('#r-age-error').textContent();
		expect(message).toBe('Alter: Bitte eine Zahl eingeben, z. B. 80.');
		expect(message).not.toMatch(/Invalid|Expected|received|NaN/);
		await expect.poll(() => focusedId(crew)).toBe('r-age');
		expect(await crew.getByTestId('record-saved').count()).toBe(0);

		// What people type with a number in it is taken: the message goes and the record is saved.
		await crew.locator('#r-age').fill('80');
		await crew.getByTestId('record-save').click();
		await expect.poll(() => crew.getByTestId('record-saved').count(), { timeout: 10_000 }).toBe(1);
		expect(await crew.locator('#r-age-error').count()).toBe(0);
		expect(await crew.locator('#r-age').getAttribute('aria-invalid')).toBeNull();
		await crew.context().close();
	});

	it('a patient with a bad postal code: the German message at the field, and the focus there', async () => {
		const nurse = await newPage();
		await signIn(nurse, server.url, NURSE, TEST_PASSWORD, '/heute');
		await nurse.goto(`${server.url}/patienten/neu`);
		await nurse.locator('#pf-firstName').fill('Wilma');
		await nurse.locator('#pf-lastName').fill('Wortmann');
		await nurse.locator('#pf-birthDate').fill('1940-05-06');
		await nurse.locator('#pf-street').fill('Markt 2');
		await nurse.locator('#pf-postalCode').fill('0731');
		await nurse.locator('#pf-city').fill('Saalfeld');
		await nurse.getByTestId('patient-save').click();

		await expect.poll(() => nurse.locator('#pf-postalCode').getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
		expect(await nurse.locator('#pf-postalCode').getAttribute('aria-describedby')).toBe('pf-postalCode-error');
		expect(await nurse.locator('#pf-postalCode-error').textContent()).toBe('PLZ: Bitte eine Postleitzahl aus 5 Ziffern eingeben, z. B. 10115.');
		await expect.poll(() => focusedId(nurse)).toBe('pf-postalCode');
		expect(nurse.url()).toMatch(/\/patienten\/neu$/);
		await nurse.context().close();
	});
});

describe('the admin page', () => {
	it('explains a bad user name at the field and a refused one in German; shows the map configuration', async () => {
		const admin = await newPage();
		await signIn(admin, server.url, 'admin.wort', TEST_PASSWORD, '/admin');
		await admin.locator('#nu-name').fill('Anna B');
		await admin.locator('#nu-display').fill('Anna Berg');
		await admin.locator('#nu-display').focus();
		await admin.getByRole('button', { name: 'Benutzer anlegen' }).click();
		await expect.poll(() => admin.locator('#nu-name').getAttribute('aria-invalid')).toBe('true');
		expect(await admin.locator('#nu-name-error').textContent()).toMatch(/^Benutzername: Nur Kleinbuchstaben/);
		await expect.poll(() => focusedId(admin)).toBe('nu-name');

		// A name that exists: the server refuses, and the admin reads why in German.
		await admin.locator('#nu-name').fill(UNIT);
		await admin.getByRole('button', { name: 'Benutzer anlegen' }).click();
		await expect.poll(() => admin.locator('p.notice.error').textContent(), { timeout: 10_000 }).toBe(`Den Benutzernamen „${UNIT}“ gibt es schon. Bitte einen anderen wählen.`);
		expect(await admin.locator('#nu-name').getAttribute('aria-invalid')).toBeNull();

		// The test server uses the public OpenStreetMap tiles: the admin is told what that means and what to set.
		await expect.poll(() => admin.getByTestId('admin-map').textContent()).toContain('tile.openstreetmap.org');
		expect(await admin.getByTestId('admin-map-public').textContent()).toContain('TILE_URL');
		await admin.context().close();
	});
});

describe('plurals', () => {
	it('counts read "1 Besuch" and "2 Besuche"', async () => {
		const nurse = await newPage();
		await signIn(nurse, server.url, NURSE, TEST_PASSWORD, '/heute');
		await expect.poll(() => nurse.getByTestId('visit-count').textContent(), { timeout: 15_000 }).toBe('1 Besuch geplant');
		// No configuration words on the nurse's screen: the public map cannot be saved for offline use.
		const refused = await nurse.getByTestId('offline-refused').textContent();
		expect(refused).toMatch(/^Karte offline nicht verfügbar\./);
		expect(refused).not.toMatch(/TILE_URL|Server|URL/);

		await server.app.storage.database(`team-${NURSING}`).put(visit(2) as never);
		// The second visit arrives by live replication; the count follows.
		await expect.poll(() => nurse.getByTestId('visit-count').textContent(), { timeout: 20_000 }).toBe('2 Besuche geplant');
		await nurse.context().close();
	});
});

describe('names', () => {
	it('"Lage" shows units by their display name, not their user name', async () => {
		const dispatcher = await browser.newContext({ locale: 'de-DE', timezoneId: 'Etc/UTC', viewport: { width: 1400, height: 900 } });
		const console = await dispatcher.newPage();
		await signIn(console, server.url, 'ls.wort', TEST_PASSWORD, '/lage');
		const unitRow = console.locator(`[data-testid=unit-row][data-unit="${UNIT}"]`);
		await expect.poll(() => unitRow.textContent(), { timeout: 15_000 }).toContain('RTW Wort');
		expect(await unitRow.textContent()).not.toContain(UNIT);
		await dispatcher.close();
	});
});
