// Drafts everywhere (issue 13), on a phone: what a paramedic or a nurse typed and did not save
// survives leaving the page, finishing the visit and a reload; leaving asks; saving removes the draft.
import type { Browser, BrowserContext, Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mission, Note, Visit } from '../../src/lib/domain/index.ts';
import { signIn } from '../support/browser.ts';
import { sampleDocument, testPatient } from '../support/documents.ts';
import { TEST_PASSWORD, type TestServer } from '../support/test-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

const PHONE = { viewport: { width: 412, height: 915 }, hasTouch: true, isMobile: true, locale: 'de-DE' } as const;
const STATION = 'rw-entwurf';
const NURSING = 'pflege-entwurf';
const UNIT = 'rtw.entwurf';
const NURSE = 'pflege.entwurf';
const MISSION = sampleDocument('mission', 'entwurf-1', 'ls', UNIT) as Mission;
const VISIT = { ...(sampleDocument('visit', 'entwurf-1', 'pdl', NURSE) as Visit), tasks: [] };

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	({ server, browser } = await startE2eApp());
	const { accounts, storage } = server.app;
	await accounts.saveTeam({ id: STATION, name: 'Rettungswache Entwurf', kind: 'ambulance', region: 'test' });
	await accounts.saveTeam({ id: NURSING, name: 'Pflege Entwurf', kind: 'nursing', region: 'test' });
	await accounts.createUser({ username: UNIT, displayName: 'RTW Entwurf', role: 'paramedic', teams: [STATION], password: TEST_PASSWORD });
	await accounts.saveTeam({ id: 'ls-entwurf', name: 'Leitstelle Entwurf', kind: 'dispatch', region: 'test' });
	await accounts.createUser({ username: 'ls.entwurf', displayName: 'Leitstelle Entwurf', role: 'dispatcher', teams: [STATION, 'ls-entwurf'], password: TEST_PASSWORD });
	await accounts.createUser({ username: NURSE, displayName: 'Nora Entwurf', role: 'nurse', teams: [NURSING], password: TEST_PASSWORD });
	await storage.database(`team-${STATION}`).put(MISSION as never);
	await storage.database(`team-${NURSING}`).bulkDocs([testPatient('p1', 'pdl'), VISIT] as never[]);
});
afterAll(() => stopE2eApp({ server, browser }));

/** The drafts this device keeps (the device store's `drafts` table, read directly from IndexedDB). */
function storedDrafts(page: Page): Promise<{ form: string; value: unknown }[]> {
	return page.evaluate(
		() =>
			new Promise((resolve, reject) => {
				const open = indexedDB.open('fieldcare-device');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const db = open.result;
					const request = db.transaction('drafts').objectStore('drafts').getAll();
					request.onsuccess = () => {
						db.close();
						resolve(request.result as { form: string; value: unknown }[]);
					};
					request.onerror = () => reject(request.error);
				};
			})
	);
}

/** A reload asks first (the browser's own question for a page with unsaved input); the test answers "leave". */
async function reloadAnswering(page: Page): Promise<string[]> {
	const asked: string[] = [];
	const answer = (dialog: Dialog) => {
		asked.push(dialog.type());
		void dialog.accept();
	};
	page.on('dialog', answer);
	await page.reload();
	page.off('dialog', answer);
	return asked;
}

describe('drafts on a phone', () => {
	let crewContext: BrowserContext;
	let nurseContext: BrowserContext;
	let dispatchContext: BrowserContext;
	afterAll(async () => {
		await crewContext?.close();
		await nurseContext?.close();
		await dispatchContext?.close();
	});

	it('keeps the dispatcher\'s half-typed new mission through a reload', async () => {
		dispatchContext = await browser.newContext(PHONE);
		const console = await dispatchContext.newPage();
		await signIn(console, server.url, 'ls.entwurf', TEST_PASSWORD, '/lage');
		await console.getByTestId('new-mission').tap();
		const keyword = console.getByLabel('Einsatzstichwort');
		await keyword.tap();
		await console.keyboard.type('RD 1 – Atemnot');
		await expect.poll(() => console.getByTestId('mission-draft-state').getAttribute('data-state')).toBe('draft');
		await expect.poll(async () => (await storedDrafts(console)).map((draft) => draft.form)).toEqual(['new-mission']);
		expect(await reloadAnswering(console)).toEqual(['beforeunload']);
		await expect.poll(() => console.getByLabel('Einsatzstichwort').inputValue(), { timeout: 10_000 }).toBe('RD 1 – Atemnot');
		expect(await console.getByTestId('mission-draft-state').textContent()).toContain('Entwurf · nicht gespeichert');
	});

	it('keeps the mission record typed but not saved through the handover and a reload; the handover uses saved data and names the draft; saving removes it', async () => {
		crewContext = await browser.newContext(PHONE);
		const crew = await crewContext.newPage();
		await signIn(crew, server.url, UNIT, TEST_PASSWORD, '/einsatz');
		const recordUrl = `${server.url}/einsatz/${encodeURIComponent(MISSION._id)}`;
		await crew.goto(recordUrl);
		const complaint = crew.getByLabel('Beschwerden / Notfallgeschehen');
		await complaint.waitFor();
		expect(await crew.getByTestId('record-draft-state').getAttribute('data-state')).toBe('clean');
		await complaint.tap();
		await crew.keyboard.type('Atemnot seit 2 Stunden');
		await expect.poll(() => crew.getByTestId('record-draft-state').textContent()).toContain('Entwurf · nicht gespeichert');
		await expect.poll(() => storedDrafts(crew)).toEqual([expect.objectContaining({ form: 'mission-record', value: expect.objectContaining({ complaint: 'Atemnot seit 2 Stunden' }) })]);

		// "Übergabe" without "Speichern": the app asks; "Bleiben" stays with the text in place.
		await crew.getByRole('link', { name: 'Übergabe' }).tap();
		await crew.getByTestId('leave-dialog').waitFor();
		expect(await crew.getByTestId('leave-dialog').textContent()).toContain('noch nicht gespeichert');
		await crew.getByTestId('leave-stay').tap();
		await crew.getByTestId('leave-dialog').waitFor({ state: 'detached' });
		expect(crew.url()).toBe(recordUrl);
		expect(await complaint.inputValue()).toBe('Atemnot seit 2 Stunden');

		// Keep the draft and leave: the handover shows the saved record and says a draft exists.
		await crew.getByRole('link', { name: 'Übergabe' }).tap();
		await crew.getByTestId('leave-keep-draft').tap();
		await crew.waitForURL('**/uebergabe');
		await crew.getByTestId('handover-unsaved-draft').waitFor();
		expect(await crew.getByTestId('handover-sheet').textContent()).not.toContain('Atemnot seit 2 Stunden');

		// Back on the record: the fields hold the draft.
		await crew.getByRole('link', { name: 'Protokoll öffnen und speichern' }).tap();
		await complaint.waitFor();
		await expect.poll(() => complaint.inputValue()).toBe('Atemnot seit 2 Stunden');
		expect(await crew.getByTestId('record-draft-state').getAttribute('data-state')).toBe('draft');

		// A reload asks (the browser's question) and the draft is there afterwards.
		await complaint.tap();
		await crew.keyboard.press('Control+End');
		await crew.keyboard.type(', Fieber');
		// A measure typed and not yet added is kept as well.
		await crew.locator('#t-text').tap();
		await crew.keyboard.type('Sauerstoff 4 l/min');
		await expect.poll(() => crew.getByTestId('measure-draft-state').getAttribute('data-state')).toBe('draft');
		// Written after a short pause in typing (debounced); a reload within that pause may lose the last keys.
		await expect.poll(async () => (await storedDrafts(crew)).map((draft) => draft.form).sort()).toEqual(['mission-measure', 'mission-record']);
		expect(await reloadAnswering(crew)).toEqual(['beforeunload']);
		await complaint.waitFor();
		await expect.poll(() => complaint.inputValue()).toBe('Atemnot seit 2 Stunden, Fieber');
		await expect.poll(() => crew.locator('#t-text').inputValue()).toBe('Sauerstoff 4 l/min');
		await crew.getByTestId('treatment-add').tap();
		await expect.poll(() => crew.getByTestId('treatment-list').textContent()).toContain('Sauerstoff 4 l/min');
		expect(await crew.locator('#t-text').inputValue()).toBe('');

		// Saving removes the draft, shows "Gespeichert", and leaving no longer asks.
		await crew.getByTestId('record-save').tap();
		await expect.poll(() => crew.getByTestId('record-draft-state').textContent()).toContain('Gespeichert');
		await expect.poll(() => storedDrafts(crew)).toEqual([]);
		await crew.getByRole('link', { name: 'Übergabe' }).tap();
		await crew.waitForURL('**/uebergabe');
		await crew.getByTestId('handover-sheet').waitFor();
		expect(await crew.getByTestId('handover-unsaved-draft').count()).toBe(0);
		expect(await crew.getByTestId('handover-sheet').textContent()).toContain('Atemnot seit 2 Stunden, Fieber');
		expect(await crew.getByTestId('leave-dialog').count()).toBe(0);
	});

	it('keeps a visit note typed but not saved through navigation and a reload, and finishing the visit saves it', async () => {
		nurseContext = await browser.newContext(PHONE);
		const nurse = await nurseContext.newPage();
		await signIn(nurse, server.url, NURSE, TEST_PASSWORD, '/heute');
		const visitUrl = `${server.url}/besuche/${encodeURIComponent(VISIT._id)}`;
		await nurse.goto(visitUrl);
		const note = nurse.getByLabel('Neue Notiz');
		await note.waitFor();
		await note.tap();
		await nurse.keyboard.type('Wunde trocken, Verband gewechselt');
		await expect.poll(() => nurse.getByTestId('note-draft-state').getAttribute('data-state')).toBe('draft');

		// Leaving for "Heute" asks; keeping the draft leaves; coming back shows the note again.
		await nurse.getByRole('link', { name: '← Tour' }).tap();
		await nurse.getByTestId('leave-keep-draft').tap();
		await nurse.waitForURL('**/heute');
		await nurse.goBack();
		await note.waitFor();
		await expect.poll(() => note.inputValue()).toBe('Wunde trocken, Verband gewechselt');

		// A reload: still there.
		expect(await reloadAnswering(nurse)).toEqual(['beforeunload']);
		await note.waitFor();
		await expect.poll(() => note.inputValue()).toBe('Wunde trocken, Verband gewechselt');
		expect(await nurse.getByTestId('note-draft-state').textContent()).toContain('Entwurf · nicht gespeichert');

		// Finishing the visit without "Notiz speichern": the note is saved first, the draft is gone.
		await nurse.getByTestId('visit-start').tap();
		await expect.poll(() => nurse.getByTestId('visit-status').textContent()).not.toBe('geplant');
		// Every task done, so the check sheet asks for nothing but the confirmation.
		for (const task of await nurse.locator('input[type=checkbox]').all()) await task.check();
		await nurse.getByTestId('visit-finish').tap();
		await nurse.getByTestId('confirm-ok').tap();
		await expect.poll(() => nurse.getByTestId('visit-status').textContent(), { timeout: 5000 }).toBe('erledigt');
		await expect.poll(() => nurse.locator('.note').allTextContents()).toEqual([expect.stringContaining('Wunde trocken, Verband gewechselt')]);
		await expect.poll(() => storedDrafts(nurse)).toEqual([]);
		await expect.poll(async () => {
			const notes = await server.app.storage.database(`team-${NURSING}`).allDocs({ startkey: 'note:', endkey: 'note:\ufff0', include_docs: true });
			return notes.rows.map((row) => (row.doc as unknown as Note).text);
		}, { timeout: 15_000 }).toEqual(['Wunde trocken, Verband gewechselt']);
	});

	it('keeps hand-entered vitals and a half-typed patient, and saving the patient removes its draft', async () => {
		const nurse = nurseContext.pages()[0];
		// Vitals typed, not saved, then a reload: the values come back.
		await nurse.goto(`${server.url}/vitalwerte?patient=${encodeURIComponent(VISIT.patientId)}&visit=${encodeURIComponent(VISIT._id)}`);
		const pulse = nurse.getByLabel(/^Puls/);
		await pulse.waitFor();
		await pulse.tap();
		await nurse.keyboard.type('128');
		await expect.poll(() => nurse.getByTestId('vitals-draft-state').getAttribute('data-state')).toBe('draft');
		await expect.poll(async () => (await storedDrafts(nurse)).map((draft) => draft.form)).toContain('vitals');
		expect(await reloadAnswering(nurse)).toEqual(['beforeunload']);
		await pulse.waitFor();
		await expect.poll(() => pulse.inputValue()).toBe('128');

		// A new patient half typed; leaving for the list asks; the form opens again with it.
		await nurse.getByRole('link', { name: 'Patienten', exact: true }).tap();
		await nurse.getByTestId('leave-keep-draft').tap();
		await nurse.waitForURL('**/patienten');
		await nurse.getByTestId('new-patient').tap();
		const lastName = nurse.getByLabel('Nachname');
		await lastName.waitFor();
		await lastName.tap();
		await nurse.keyboard.type('Halbfertig');
		await expect.poll(() => nurse.getByTestId('patient-draft-state').textContent()).toContain('Entwurf · nicht gespeichert');
		await nurse.getByRole('link', { name: 'Patienten', exact: true }).tap();
		await nurse.getByTestId('leave-keep-draft').tap();
		await nurse.waitForURL('**/patienten');
		await nurse.getByTestId('new-patient').tap();
		await expect.poll(() => nurse.getByLabel('Nachname').inputValue()).toBe('Halbfertig');
		await nurse.getByLabel('Vorname').fill('Gerda');
		await nurse.getByLabel('Geburtsdatum').fill('1940-01-02');
		await nurse.getByLabel('Straße und Hausnummer').fill('Markt 2');
		await nurse.getByLabel('PLZ').fill('07318');
		await nurse.getByLabel('Ort', { exact: true }).fill('Saalfeld');
		await nurse.getByTestId('patient-save').tap();
		await nurse.waitForURL(/\/patienten\/patient/);
		expect(await nurse.getByTestId('leave-dialog').count()).toBe(0);
		await expect.poll(async () => (await storedDrafts(nurse)).map((draft) => draft.form)).toEqual(['vitals']);
	});
});
