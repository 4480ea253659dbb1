// Pages in the states people drive them into, not only as they first open: the trend tables shown,
// the check sheet for finishing a visit, forms with their errors, the question before leaving,
// a conflict to settle, the lock screen, "Lage" with its form, alarm and dialogs, the planning
// preview, the admin's forms and lists, a first sign-in with a one-time password. Each state fits the screen, has no target under 44×44 CSS
// px, and axe-core finds nothing in it — on a phone, and for the office roles at a desk too.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/lib/domain/index.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { signIn, unlock } from '../support/browser.ts';
import { checkLayout, deskContext, expectClean, firstLink as firstLinkOn, phoneContext, settle, settleText, type LayoutReport } from '../support/layout-checks.ts';
import type { TestServer } from '../support/test-server.ts';
import type { TileServer } from '../support/tile-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

/** A role's whole walk through its open states, each checked by axe-core. */
const ROLE_TIMEOUT_MS = 240_000;
/** Day planning runs the solver in a worker: a few seconds on a busy machine. */
const PLANNING_TIMEOUT_MS = 60_000;
const NURSING_DB = 'team-pflege-saalfeld';
/** The demo patient with allergies and a long address; she gets vital signs, a conflict and an alarm. */
const PATIENT_ID = 'patient:p002';
const PATIENT_PATH = `/patienten/${encodeURIComponent(PATIENT_ID)}`;

let server: TestServer;
let tiles: TileServer;
let browser: Browser;

beforeAll(async () => {
	({ server, browser, tiles } = await startE2eApp({ demo: true, tiles: 'plain' }));
	const db = server.app.storage.database(NURSING_DB);
	// A week of heart rate and SpO₂ readings: the trend view has charts and tables to open.
	const meta = (id: string, at: string) => ({ _id: id, schemaVersion: SCHEMA_VERSION, createdAt: at, createdBy: 'schwester.anna', deviceId: 'seed' });
	const readings = Array.from({ length: 7 }, (_, day) => {
		const at = new Date(Date.now() - (day + 1) * 86_400_000).toISOString();
		return [
			{ ...meta(`observation:p002:01LAYOUTHR${day}`, at), type: 'observation', patientId: PATIENT_ID, code: '8867-4', value: 70 + day * 6, unit: '/min', effectiveAt: at },
			{ ...meta(`observation:p002:01LAYOUTSP${day}`, at), type: 'observation', patientId: PATIENT_ID, code: '2708-6', value: 97 - day, unit: '%', effectiveAt: at }
		];
	}).flat();
	const now = new Date().toISOString();
	// A NEWS2 alarm the dispatcher has to acknowledge.
	const alarm = { ...meta('alarm:layout-news2', now), type: 'alarm', kind: 'news2', severity: 'high', message: 'NEWS2 9', score: 9, patientId: PATIENT_ID };
	await db.bulkDocs([...readings, alarm] as never[]);
	// Two offline edits of the same allergies (roles-and-install.test.ts): a conflict a nurse settles.
	const base = (await db.get(PATIENT_ID)) as Record<string, unknown> & { _rev: string };
	const leaf = (allergies: string[], by: string, at: string, hash: string) => ({
		...base,
		allergies,
		updatedAt: at,
		updatedBy: by,
		fieldEdits: { allergies: { at, by } },
		_rev: `2-${hash}`,
		_revisions: { start: 2, ids: [hash, base._rev.slice(2)] }
	});
	await db.bulkDocs([leaf(['Penicillin'], 'schwester.anna', '2026-11-24T09:00:00.000Z', 'a'.repeat(32)), leaf(['Latex'], 'pfleger.tom', '2026-11-24T09:30:00.000Z', 'b'.repeat(32))] as never, { new_edits: false });
});
afterAll(() => stopE2eApp({ server, browser, tiles }));

const open = async (page: Page, url: string) => {
	await page.goto(`${server.url}${url}`);
	await settle(page);
};

/** Waits for the modal dialog to be open and still, then checks it. */
async function checkDialog(page: Page, state: string): Promise<LayoutReport> {
	await page.locator('dialog[open]').first().waitFor();
	await settleText(page);
	return checkLayout(page, state);
}

/** Opens the table under every trend chart (the "Tabelle" toggles) and waits for them. */
async function openTrendTables(page: Page): Promise<void> {
	await expect.poll(() => page.getByTestId('trend').count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
	const toggles = await page.locator('main details > summary').all();
	for (const summary of toggles) await summary.click();
	await expect.poll(() => page.locator('main details[open] table').count()).toBe(toggles.length);
	await settleText(page);
}

/** Signs the role in and collects the reports of the states the walk drives the app into. */
async function walk(context: BrowserContext, username: string, home: string, states: (page: Page, reports: LayoutReport[]) => Promise<void>): Promise<void> {
	const page = await context.newPage();
	await signIn(page, server.url, username, DEMO_PASSWORD, home);
	const reports: LayoutReport[] = [];
	await states(page, reports);
	await context.close();
	expectClean(reports);
}

async function nurseStates(page: Page, reports: LayoutReport[]): Promise<void> {
	// Settings with demo devices on and in English (longer words), then the lock screen in its three views.
	await open(page, '/einstellungen');
	await page.getByTestId('simulated-devices').check();
	await page.getByTestId('locale-en').click();
	// English loads when chosen: the layout is checked once its messages are on the page.
	await page.locator('html[lang=en]').waitFor({ state: 'attached' });
	await settleText(page);
	reports.push(await checkLayout(page, 'einstellungen (Demo-Geräte, English)'));
	await page.getByTestId('locale-de').click();
	await page.getByTestId('lock-now').click();
	await page.locator('[data-testid=lock-screen][data-view=pin]').waitFor();
	reports.push(await checkLayout(page, 'sperre (PIN)'));
	await page.locator('#unlock-pin').fill('000000');
	await page.getByTestId('unlock').click();
	await page.getByTestId('unlock').and(page.locator(':enabled')).waitFor();
	await settleText(page);
	reports.push(await checkLayout(page, 'sperre (falsche PIN)'));
	await page.getByTestId('forgot-pin').click();
	await page.locator('[data-testid=lock-screen][data-view=password]').waitFor();
	reports.push(await checkLayout(page, 'sperre (Passwort)'));
	await page.getByRole('button', { name: 'Zurück zur PIN' }).click();
	await unlock(page);

	// The trend view with every table open.
	await open(page, `${PATIENT_PATH}/verlauf`);
	await openTrendTables(page);
	reports.push(await checkLayout(page, 'verlauf (Tabellen offen)'));

	// Values entered by hand that raise the NEWS2 alarm banner, with the demo devices listed.
	await open(page, `/vitalwerte?patient=${encodeURIComponent(PATIENT_ID)}`);
	await page.getByTestId('manual-vitals').waitFor();
	for (const [field, value] of [['respiratory-rate', '28'], ['spo2', '90'], ['heart-rate', '135'], ['temperature', '39,5'], ['systolic', '88'], ['diastolic', '50']]) await page.locator(`#vital-${field}`).fill(value);
	await page.getByTestId('save-manual').click();
	await page.getByTestId('news2-alarm').waitFor();
	await settleText(page);
	reports.push(await checkLayout(page, 'vitalwerte (NEWS2-Alarm)'));

	// The check sheet before finishing a visit: never started, tasks open.
	const visit = await firstLinkOn(page, server.url, '/heute', '/besuche/');
	await open(page, visit);
	await page.getByTestId('visit-finish').click();
	reports.push(await checkDialog(page, 'besuch (Abschluss-Prüfung)'));
	await page.getByTestId('confirm-cancel').click();
	// Begun, open tasks given a reason, finished: the message and the way on to the next visit.
	await page.getByTestId('visit-start').click();
	await expect.poll(() => page.getByTestId('visit-status').textContent(), { timeout: 10_000 }).not.toBe('geplant');
	await page.getByTestId('visit-finish').click();
	await page.locator('dialog[open]').waitFor();
	for (const reason of await page.getByTestId('check-reason').all()) await reason.fill('Patientin lehnte ab');
	await page.getByTestId('confirm-ok').click();
	await page.getByTestId('visit-finished').waitFor();
	await settleText(page);
	// Measured while "Rückgängig" is still offered (10 s).
	await page.getByTestId('undo-bar').waitFor();
	reports.push(await checkLayout(page, 'besuch (abgeschlossen, Rückgängig)'));

	// The conflict to settle.
	await open(page, '/konflikte');
	await expect.poll(() => page.getByTestId('conflict').count(), { timeout: 15_000 }).toBe(1);
	reports.push(await checkLayout(page, 'konflikte (ein Konflikt)'));

	// The patient form refused at a field, then the question before leaving it (last: it leaves a draft).
	await open(page, `${PATIENT_PATH}/bearbeiten`);
	await page.locator('#pf-postalCode').fill('0731');
	await page.getByTestId('patient-save').click();
	await expect.poll(() => page.locator('#pf-postalCode').getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
	await settleText(page);
	reports.push(await checkLayout(page, 'bearbeiten (Feldfehler)'));
	await page.getByRole('navigation').getByRole('link', { name: 'Patienten' }).click();
	reports.push(await checkDialog(page, 'bearbeiten (Verlassen?)'));
	await page.getByTestId('leave-keep-draft').click();
	await page.waitForURL('**/patienten');
}

async function paramedicStates(page: Page, reports: LayoutReport[]): Promise<void> {
	// The mission record refused at a field ("ca. 80" as age).
	const mission = await firstLinkOn(page, server.url, '/einsatz', '/einsatz/');
	await open(page, mission);
	await page.locator('#r-age').fill('ca. 80');
	await page.getByTestId('record-save').click();
	await expect.poll(() => page.locator('#r-age').getAttribute('aria-invalid'), { timeout: 10_000 }).toBe('true');
	await settleText(page);
	reports.push(await checkLayout(page, 'einsatz (Feldfehler)'));
	await page.getByRole('navigation').getByRole('link', { name: 'Patienten' }).click();
	reports.push(await checkDialog(page, 'einsatz (Verlassen?)'));
	await page.getByTestId('leave-keep-draft').click();
	await page.waitForURL('**/patienten');
}

async function dispatcherStates(page: Page, reports: LayoutReport[], size: string): Promise<void> {
	await open(page, '/lage');
	await expect.poll(() => page.getByTestId('alarm-ack').count(), { timeout: 15_000 }).toBeGreaterThan(0);
	await expect.poll(() => page.getByTestId('mission-row').count(), { timeout: 15_000 }).toBeGreaterThan(0);
	await settleText(page);
	reports.push(await checkLayout(page, `lage ${size} (Alarm, Einsatz)`));

	await page.getByTestId('new-mission').click();
	await page.getByTestId('mission-form').waitFor();
	await settleText(page);
	reports.push(await checkLayout(page, `lage ${size} (neuer Einsatz)`));
	await page.getByTestId('new-mission').click();
	await page.getByTestId('mission-form').waitFor({ state: 'detached' });

	const row = page.getByTestId('mission-row').first();
	await row.getByTestId('reassign-unit').selectOption({ index: 1 });
	await row.getByTestId('reassign').click();
	reports.push(await checkDialog(page, `lage ${size} (Umdisponieren?)`));
	// Confirmed, the undo bar is the state to check; undone, the picture is as before for what follows.
	await page.getByTestId('confirm-ok').click();
	await page.getByTestId('undo-bar').waitFor();
	reports.push(await checkLayout(page, `lage ${size} (Rückgängig)`));
	await page.getByTestId('undo').click();
	await page.getByTestId('undo-bar').waitFor({ state: 'detached' });
	await row.getByRole('button', { name: 'Stornieren' }).click();
	reports.push(await checkDialog(page, `lage ${size} (Stornieren?)`));
	await page.getByTestId('confirm-cancel').click();
	await page.locator('dialog[open]').waitFor({ state: 'detached' });

	// From the alarm to the patient's trends, with their tables open.
	await page.getByTestId('alarm-list').locator(`a[href^="${PATIENT_PATH}"]`).first().click();
	await page.waitForURL('**/verlauf');
	await settle(page);
	await openTrendTables(page);
	reports.push(await checkLayout(page, `verlauf ${size} (Tabellen offen)`));

	// The day plan's preview, before anything is written.
	await page.getByRole('navigation').getByRole('link', { name: 'Tourenplanung' }).click();
	await page.waitForURL('**/planung');
	await settle(page);
	await page.getByTestId('plan-day').click();
	await page.getByTestId('planning-preview').waitFor({ timeout: PLANNING_TIMEOUT_MS });
	await settleText(page);
	reports.push(await checkLayout(page, `planung ${size} (Vorschau)`));
	await page.getByTestId('planning-discard').click();
}

async function adminStates(page: Page, reports: LayoutReport[], size: string, newContext: () => Promise<BrowserContext>): Promise<void> {
	await open(page, '/admin');
	// Both forms sent empty: the schema's messages at the fields.
	for (const form of await page.locator('main form.card').all()) await form.locator('button[type=submit]').click();
	await expect.poll(() => page.locator('main form.card [aria-invalid=true]').count()).toBeGreaterThan(1);
	await settleText(page);
	reports.push(await checkLayout(page, `admin ${size} (Feldfehler)`));

	// A new user: the one-time password is shown.
	const username = `layout.${size}`;
	await page.locator('#nu-name').fill(username);
	await page.locator('#nu-display').fill(`Layout ${size}`);
	await page.locator('main form.card').first().locator('input[type=checkbox]').first().check();
	await page.locator('main form.card').first().locator('button[type=submit]').click();
	await page.getByTestId('one-time-password').waitFor();
	await settleText(page);
	reports.push(await checkLayout(page, `admin ${size} (Einmalpasswort)`));
	const oneTimePassword = (await page.getByTestId('one-time-password').locator('code').textContent())!.trim();

	// The new user signs in with it and is asked for a password of their own (a mismatch shown).
	const newcomer = await newContext();
	const first = await newcomer.newPage();
	await first.goto(`${server.url}/login`);
	await first.locator('#username').fill(username);
	await first.locator('#password').fill(oneTimePassword);
	await first.locator('button[type=submit]').click();
	await first.getByTestId('change-password').waitFor();
	await first.locator('#new-password').fill('ein-neues-passwort');
	await first.locator('#repeat-password').fill('ein-anderes-passwort');
	await first.getByTestId('change-password').locator('button[type=submit]').click();
	await first.getByTestId('change-password').getByRole('alert').waitFor();
	await settleText(first);
	reports.push(await checkLayout(first, `anmeldung ${size} (eigenes Passwort)`));
	await newcomer.close();

	// The data-protection view: a search, one patient's entries, sign-ins and admin actions.
	await page.locator('#audit-query').fill('a');
	await page.getByRole('button', { name: 'Suchen' }).click();
	await page.getByTestId('audit-matches').waitFor();
	await page.getByTestId('audit-matches').getByRole('button').first().click();
	await page.getByTestId('data-protection').locator('h3').first().waitFor();
	for (const button of await page.getByTestId('data-protection').locator('.lists button').all()) await button.click();
	await page.getByTestId('audit-sign-ins').waitFor();
	await page.getByTestId('audit-admin-actions').waitFor();
	await settleText(page);
	reports.push(await checkLayout(page, `admin ${size} (Datenschutz)`));
}

describe('open states', () => {
	it('a nurse on a phone: settings, lock screen, trend tables, NEWS2 alarm, check sheet, a finished visit, conflict, patient form', async () => {
		await walk(await phoneContext(browser), 'schwester.anna', '/heute', nurseStates);
	}, ROLE_TIMEOUT_MS);

	it('a paramedic on a phone: the mission record refused at a field, the question before leaving', async () => {
		await walk(await phoneContext(browser), 'rtw1', '/einsatz', paramedicStates);
	}, ROLE_TIMEOUT_MS);

	it('a dispatcher on a phone and at a desk: "Lage" with alarm, form and dialogs, the alarm\'s trend tables, the planning preview', async () => {
		await walk(await phoneContext(browser), 'leitstelle', '/lage', (page, reports) => dispatcherStates(page, reports, 'phone'));
		await walk(await deskContext(browser), 'leitstelle', '/lage', (page, reports) => dispatcherStates(page, reports, 'desk'));
	}, ROLE_TIMEOUT_MS);

	it('an administrator on a phone and at a desk: forms with errors, a one-time password and its first sign-in, the data-protection lists', async () => {
		await walk(await phoneContext(browser), 'admin', '/admin', (page, reports) => adminStates(page, reports, 'phone', () => phoneContext(browser)));
		await walk(await deskContext(browser), 'admin', '/admin', (page, reports) => adminStates(page, reports, 'desk', () => deskContext(browser)));
	}, ROLE_TIMEOUT_MS);
});
