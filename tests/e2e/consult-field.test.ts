// The field side of a physician consult, in real Chromium: a nurse asks for a GP during a visit
// (offline first: the request waits on the device and goes out on reconnect with its original
// time); a physician, driven through the HTTP API, accepts and orders a medication; the nurse sees
// the acceptance and the order, confirms it as carried out, and finds both in the visit's record and
// in the patient's FHIR Bundle. The same for RTW 1's crew on a mission, with the orders in the
// timeline, the MIST handover and its FHIR Bundle. And the panel and its dialogs on a phone.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import type { Consult, OrderResponse } from '../../src/lib/domain/index.ts';
import { signIn, waitUpToDate } from '../support/browser.ts';
import { api } from '../support/consults.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';
import { checkLayout, expectClean, phoneContext, settle } from '../support/layout-checks.ts';
import { login, TEST_PASSWORD, type TestServer } from '../support/test-server.ts';

const NURSING_DB = 'team-pflege-saalfeld';
const STATION_DB = 'team-rw-saalfeld';
const NURSE = 'schwester.anna';
const CREW = 'rtw1';
const PHYSICIAN = 'dr.e2e';
const PHYSICIAN_NAME = 'Dr. Eva Prüfer';
/** Replicated changes reach the other side within this (live sync). */
const SYNC_MS = 20_000;

let server: TestServer;
let browser: Browser;
let physicianToken: string;
let visit: { id: string; patientId: string };
let missionId: string;

interface FhirEntry {
	fullUrl?: string;
	resource: { resourceType: string; status?: string; medicationCodeableConcept?: { text?: string }; encounter?: { reference?: string }; payload?: { contentString?: string }[] };
}

beforeAll(async () => {
	({ server, browser } = await startE2eApp({ demo: true }));
	await server.app.accounts.createUser({ username: PHYSICIAN, displayName: PHYSICIAN_NAME, role: 'arzt', teams: ['pflege-saalfeld', 'rw-saalfeld'], password: TEST_PASSWORD });
	physicianToken = await login(server.url, PHYSICIAN);
	const visits = await server.app.storage.database(NURSING_DB).allDocs({ startkey: 'visit:', endkey: 'visit:\ufff0', include_docs: true });
	const own = visits.rows.map((r) => r.doc as unknown as { _id: string; patientId: string; assignedTo?: string }).find((v) => v.assignedTo === NURSE);
	if (!own) throw new Error('demo data: no visit of schwester.anna');
	visit = { id: own._id, patientId: own.patientId };
	const missions = await server.app.storage.database(STATION_DB).allDocs({ startkey: 'mission:', endkey: 'mission:\ufff0', include_docs: true });
	const mission = missions.rows.map((r) => r.doc as unknown as { _id: string; unitId?: string }).find((m) => m.unitId === CREW);
	if (!mission) throw new Error('demo data: no mission of rtw1');
	missionId = mission._id;
});
afterAll(() => stopE2eApp({ server, browser }));

async function serverDocs<T>(database: string, prefix: string): Promise<T[]> {
	const rows = await server.app.storage.database(database).allDocs({ startkey: prefix, endkey: `${prefix}\ufff0`, include_docs: true });
	return rows.rows.map((r) => r.doc as unknown as T);
}

/** Consults this test's field users asked (the demo's own request has a date key, ours ULIDs). */
async function askedBy(database: string, username: string): Promise<Consult[]> {
	return (await serverDocs<Consult>(database, 'consult:0')).filter((c) => c.createdBy === username);
}

async function physician(method: string, path: string, body?: unknown) {
	return api(server, physicianToken, method, path, body);
}

async function upToDate(page: Page): Promise<void> {
	await waitUpToDate(page, SYNC_MS);
}

/** Our consult's card on the page (not the demo's request). */
const ownConsult = (page: Page) => page.locator('[data-testid=consult][data-consult^="consult:0"]');
const openDialog = (page: Page) => page.locator('dialog[open]');

async function askPhysician(page: Page, reason: string, urgency: 'sofort' | 'heute'): Promise<void> {
	await page.getByTestId('consult-request').click();
	await page.getByTestId('consult-form').waitFor();
	await page.getByTestId(`consult-urgency-${urgency}`).check();
	await page.getByLabel('Grund der Anfrage').fill(reason);
	await openDialog(page).getByTestId('confirm-ok').click();
	await openDialog(page).waitFor({ state: 'detached' });
}

async function confirmDone(page: Page, order: ReturnType<Page['locator']>): Promise<void> {
	await order.getByTestId('order-done').click();
	await page.getByTestId('order-answer-form').waitFor();
	expect(await page.getByTestId('order-done-at').inputValue()).toMatch(/^\d{2}:\d{2}$/);
	await openDialog(page).getByTestId('confirm-ok').click();
}

async function downloadJson(page: Page, testId: string): Promise<{ entry: FhirEntry[] }> {
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
	return JSON.parse(await readFile((await download.path())!, 'utf8')) as { entry: FhirEntry[] };
}

describe('a nurse asks for a GP during a visit', () => {
	it('asks offline, the request goes out on reconnect with its time; the order is confirmed and enters the record and the FHIR Bundle', async () => {
		const context = await browser.newContext({ locale: 'de-DE' });
		const page = await context.newPage();
		await signIn(page, server.url, NURSE, DEMO_PASSWORD, '/heute');
		await upToDate(page);
		await page.goto(`${server.url}/besuche/${encodeURIComponent(visit.id)}`);
		await page.getByTestId('consult-panel').waitFor();

		// No signal at the bedside: the request is stored on the device and says it is not sent yet.
		await context.setOffline(true);
		await expect.poll(() => page.getByTestId('sync-indicator').getAttribute('data-phase')).toBe('offline');
		// An empty reason is refused at its field, in German.
		await page.getByTestId('consult-request').click();
		await openDialog(page).getByTestId('confirm-ok').click();
		await expect.poll(() => page.locator('#consult-reason-error').textContent()).toMatch(/Grund der Anfrage/);
		expect(await page.locator('#consult-reason').getAttribute('aria-invalid')).toBe('true');
		await openDialog(page).getByTestId('confirm-cancel').click();

		const askedAt = Date.now();
		await askPhysician(page, 'Blutdruck 182/104 mmHg, Kopfschmerz. Bitte Rückruf wegen Medikation.', 'heute');
		const state = ownConsult(page).getByTestId('consult-state');
		await expect.poll(() => state.getAttribute('data-state'), { timeout: 5000 }).toBe('unsent');
		expect(await state.textContent()).toContain('Wartet auf Ärztin/Arzt · noch nicht gesendet');
		expect(await askedBy(NURSING_DB, NURSE)).toEqual([]);

		await page.waitForTimeout(1500);
		const reconnectedAt = Date.now();
		await context.setOffline(false);
		await expect.poll(async () => (await askedBy(NURSING_DB, NURSE)).length, { timeout: SYNC_MS }).toBe(1);
		const [consult] = await askedBy(NURSING_DB, NURSE);
		expect(consult).toMatchObject({ visitId: visit.id, patientId: visit.patientId, urgency: 'heute' });
		expect(Date.parse(consult.requestedAt)).toBeGreaterThanOrEqual(askedAt - 1000);
		expect(Date.parse(consult.requestedAt)).toBeLessThan(reconnectedAt - 1000);
		await expect.poll(() => state.getAttribute('data-state'), { timeout: SYNC_MS }).toBe('waiting');
		expect(await state.textContent()).toBe('Wartet auf Ärztin/Arzt');

		// The physician's queue shows it with the time it was asked on the device; she accepts and orders.
		const queue = await physician('GET', '/api/consults');
		expect(queue.body.consults?.find((c) => c.id === consult._id)?.requestedAt).toBe(consult.requestedAt);
		expect((await physician('POST', `/api/consults/${encodeURIComponent(consult._id)}/accept`)).status).toBe(200);
		await expect.poll(() => state.getAttribute('data-state'), { timeout: SYNC_MS }).toBe('accepted');
		// The physician's name comes from the team's member list, a moment after the state.
		await expect.poll(() => state.textContent(), { timeout: 10_000 }).toContain(`Angenommen von ${PHYSICIAN_NAME}`);
		const ordered = await physician('POST', `/api/consults/${encodeURIComponent(consult._id)}/orders`, { kind: 'medication', substance: 'Nitrendipin', dose: '5 mg', route: 'sl' });
		expect(ordered.status).toBe(201);

		const order = ownConsult(page).getByTestId('consult-order');
		await expect.poll(() => order.count(), { timeout: SYNC_MS }).toBe(1);
		expect(await order.textContent()).toMatch(/Medikament: Nitrendipin, 5 mg s\.l\..*Zeitpunkt: sofort/);
		await confirmDone(page, order);
		await expect.poll(() => order.getByTestId('order-answer').textContent()).toMatch(/^\s*Durchgeführt \d{2}:\d{2} · schwester\.anna\s*$/);
		await expect.poll(async () => (await serverDocs<OrderResponse>(NURSING_DB, 'orderResponse:')).filter((r) => r.consultId === consult._id).length, { timeout: SYNC_MS }).toBe(1);
		const [answer] = (await serverDocs<OrderResponse>(NURSING_DB, 'orderResponse:')).filter((r) => r.consultId === consult._id);
		expect(answer).toMatchObject({ outcome: 'done', createdBy: NURSE, orderId: (ordered.body.order as { _id: string })._id });

		// The visit's record keeps order and answer (after a reload too); the physician's record has the answer.
		await page.reload();
		await expect.poll(() => ownConsult(page).getByTestId('order-answer').textContent(), { timeout: 10_000 }).toContain('Durchgeführt');
		const record = await physician('GET', `/api/consults/${encodeURIComponent(consult._id)}`);
		expect((record.body.responses as unknown[] | undefined)?.length ?? 0).toBe(1);

		// The patient's FHIR export: the MedicationRequest completed, the answer, linked to the visit's encounter.
		await page.goto(`${server.url}/patienten/${encodeURIComponent(visit.patientId)}/verlauf`);
		await page.getByTestId('fhir-export').waitFor();
		const bundle = await downloadJson(page, 'fhir-export');
		const request = bundle.entry.find((e) => e.resource.resourceType === 'MedicationRequest');
		expect(request?.resource).toMatchObject({ status: 'completed', medicationCodeableConcept: { text: 'Nitrendipin' } });
		const urls = new Set(bundle.entry.map((e) => e.fullUrl));
		const encounterRef = request?.resource.encounter?.reference ?? '';
		expect(bundle.entry.some((e) => e.resource.resourceType === 'Encounter' && (urls.has(encounterRef) || e.fullUrl?.endsWith(encounterRef)))).toBe(true);
		expect(bundle.entry.some((e) => e.resource.resourceType === 'Communication' && e.resource.payload?.[0]?.contentString?.startsWith('Durchgeführt'))).toBe(true);
		await context.close();
	});
});

describe('a crew asks for the Telenotärztin on a mission', () => {
	it('carries out one order, declines another with a reason; both in the timeline, the handover and its FHIR Bundle', async () => {
		const context = await browser.newContext({ locale: 'de-DE' });
		const page = await context.newPage();
		await signIn(page, server.url, CREW, DEMO_PASSWORD, '/einsatz');
		await upToDate(page);
		await page.goto(`${server.url}/einsatz/${encodeURIComponent(missionId)}`);
		await page.getByTestId('consult-panel').waitFor();
		await askPhysician(page, 'Atemnot, SpO₂ 86 %. Salbutamol? Transport nötig?', 'sofort');
		await expect.poll(async () => (await askedBy(STATION_DB, CREW)).length, { timeout: SYNC_MS }).toBe(1);
		const [consult] = await askedBy(STATION_DB, CREW);
		expect(consult).toMatchObject({ missionId, urgency: 'sofort' });
		const state = ownConsult(page).getByTestId('consult-state');
		await expect.poll(() => state.getAttribute('data-state'), { timeout: SYNC_MS }).toBe('waiting');

		const id = encodeURIComponent(consult._id);
		expect((await physician('POST', `/api/consults/${id}/accept`)).status).toBe(200);
		expect((await physician('POST', `/api/consults/${id}/orders`, { kind: 'medication', substance: 'Salbutamol', dose: '2,5 mg', route: 'inhalation' })).status).toBe(201);
		expect((await physician('POST', `/api/consults/${id}/orders`, { kind: 'no-transport' })).status).toBe(201);
		await expect.poll(() => state.getAttribute('data-state'), { timeout: SYNC_MS }).toBe('accepted');
		const orders = ownConsult(page).getByTestId('consult-order');
		await expect.poll(() => orders.count(), { timeout: SYNC_MS }).toBe(2);

		await confirmDone(page, orders.filter({ hasText: 'Salbutamol' }));
		// Declining needs a reason: the button waits for it.
		const noTransport = orders.filter({ hasText: 'Transport nicht erforderlich' });
		await noTransport.getByTestId('order-decline').click();
		await page.getByTestId('order-answer-form').waitFor();
		expect(await openDialog(page).getByTestId('confirm-ok').isDisabled()).toBe(true);
		await page.getByTestId('order-decline-reason').fill('Patientin wünscht Klinik, Angehörige nicht erreichbar');
		await openDialog(page).getByTestId('confirm-ok').click();
		await expect.poll(() => noTransport.getByTestId('order-answer').textContent()).toContain('Abgelehnt: Patientin wünscht Klinik');
		await expect.poll(() => orders.filter({ hasText: 'Salbutamol' }).getByTestId('order-answer').textContent()).toContain('Durchgeführt');

		// The mission's timeline: requested, accepted, the orders and the answers.
		await page.goto(`${server.url}/einsatz`);
		const kinds = () => page.getByTestId('mission-timeline').locator('li').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-kind')));
		await expect.poll(async () => (await kinds()).filter((k) => k === 'order').length, { timeout: 10_000 }).toBe(2);
		expect(await kinds()).toEqual(expect.arrayContaining(['consult-requested', 'consult-accepted', 'order-done', 'order-declined']));

		// The MIST handover: the medication carried out, ordered by the physician; and in its FHIR document.
		await page.goto(`${server.url}/einsatz/${encodeURIComponent(missionId)}/uebergabe`);
		const sheet = page.getByTestId('handover-sheet');
		await expect.poll(() => sheet.textContent(), { timeout: 10_000 }).toContain('Salbutamol');
		expect(await sheet.textContent()).toContain(`angeordnet von ${PHYSICIAN}`);
		const bundle = await downloadJson(page, 'handover-fhir');
		expect(bundle.entry.find((e) => e.resource.resourceType === 'MedicationRequest')?.resource).toMatchObject({ status: 'completed', medicationCodeableConcept: { text: 'Salbutamol' } });
		expect(bundle.entry.some((e) => e.resource.resourceType === 'ServiceRequest' && e.resource.status === 'revoked')).toBe(true);
		await context.close();
	});
});

describe('the consult on a phone', () => {
	it('panel, request dialog and answer dialog: targets of 44 px, nothing wider than the screen, axe clean', async () => {
		const context = await phoneContext(browser);
		const page = await context.newPage();
		await signIn(page, server.url, CREW, DEMO_PASSWORD, '/einsatz');
		await upToDate(page);
		// The crew's consult from above is answered; a new order waits for its answer.
		const [consult] = await askedBy(STATION_DB, CREW);
		expect((await physician('POST', `/api/consults/${encodeURIComponent(consult._id)}/orders`, { kind: 'measure', text: 'Oberkörper hoch lagern, 4 l O₂ über Maske' })).status).toBe(201);
		await page.goto(`${server.url}/einsatz/${encodeURIComponent(missionId)}`);
		await settle(page);
		const open = ownConsult(page).locator('[data-testid=consult-order][data-answer=""]');
		await expect.poll(() => open.count(), { timeout: SYNC_MS }).toBe(1);
		await ownConsult(page).scrollIntoViewIfNeeded();
		const reports = [await checkLayout(page, 'mission consult panel')];
		await page.getByTestId('consult-request').click();
		await page.getByTestId('consult-form').waitFor();
		reports.push(await checkLayout(page, 'consult request dialog'));
		await openDialog(page).getByTestId('confirm-cancel').click();
		await open.getByTestId('order-decline').click();
		await page.getByTestId('order-answer-form').waitFor();
		reports.push(await checkLayout(page, 'order answer dialog'));
		expectClean(reports);
		await context.close();
	});
});
