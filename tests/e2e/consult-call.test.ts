// The consult call in real Chromium with its fake camera and microphone (issue 14): a nurse on a
// visit (a 412×915 phone) asks for a GP, the physician accepts on her screen, the nurse starts the
// call and the physician answers; both RTCPeerConnections reach `connected` and their getStats()
// byte counters (shown by the panel as data attributes) grow both ways. Mute, audio only and the
// camera switch work mid-call; the panel passes the phone checks. A dead zone of 10 s (the field page
// offline, every packet between the peers dropped by a relay the test controls) and the call comes
// back by ICE restart in the same consult; the hang-up ends both sides and the consult's timeline
// carries "call started / ended".
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import type { Consult } from '../../src/lib/domain/index.ts';
import { signIn } from '../support/browser.ts';
import { startE2eApp, stopE2eApp, type E2eApp } from '../support/e2e-app.ts';
import { checkLayout, expectClean, phoneContext } from '../support/layout-checks.ts';
import { TEST_PASSWORD } from '../support/test-server.ts';
import { CuttableUdpLink } from '../support/udp-link.ts';

/** Chromium's stand-ins for camera, microphone and the permission prompt. */
const FAKE_MEDIA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
const NURSING_DB = 'team-pflege-saalfeld';
const STATION_DB = 'team-rw-saalfeld';
const NURSE = 'schwester.anna';
const CREW = 'rtw1';
const PHYSICIAN = 'dr.call';
/** Replicated changes reach the other side within this (live sync). */
const SYNC_MS = 20_000;
/** ICE on loopback and DTLS: a few seconds on a busy 2-core machine. */
const CONNECT_MS = 30_000;
/** The flaky link: the field device offline for 10 s mid-consult. */
const OFFLINE_MS = 10_000;

let app: E2eApp;
let visitId: string;
let missionId: string;
const contexts: BrowserContext[] = [];
const link = new CuttableUdpLink();

beforeAll(async () => {
	app = await startE2eApp({ demo: true, browserArgs: FAKE_MEDIA });
	await app.server.app.accounts.createUser({ username: PHYSICIAN, displayName: 'Dr. Clara Ruf', role: 'arzt', teams: ['pflege-saalfeld', 'rw-saalfeld'], password: TEST_PASSWORD });
	const visits = await app.server.app.storage.database(NURSING_DB).allDocs({ startkey: 'visit:', endkey: 'visit:\ufff0', include_docs: true });
	const own = visits.rows.map((r) => r.doc as unknown as { _id: string; assignedTo?: string }).find((v) => v.assignedTo === NURSE);
	if (!own) throw new Error('demo data: no visit of schwester.anna');
	visitId = own._id;
	const missions = await app.server.app.storage.database(STATION_DB).allDocs({ startkey: 'mission:', endkey: 'mission:\ufff0', include_docs: true });
	const mission = missions.rows.map((r) => r.doc as unknown as { _id: string; unitId?: string }).find((m) => m.unitId === CREW);
	if (!mission) throw new Error('demo data: no mission of rtw1');
	missionId = mission._id;
});
afterAll(async () => {
	for (const context of contexts) await context.close().catch(() => undefined);
	await link.close();
	await stopE2eApp(app);
});

/** Consults this test's field users asked (the demo's own request has a date key, ours ULIDs). */
async function consultsOf(database: string, username: string): Promise<Consult[]> {
	const rows = await app.server.app.storage.database(database).allDocs({ startkey: 'consult:0', endkey: 'consult:0\ufff0', include_docs: true });
	return rows.rows.map((r) => r.doc as unknown as Consult).filter((c) => c.createdBy === username);
}
const consultsOfNurse = () => consultsOf(NURSING_DB, NURSE);

const openDialog = (page: Page) => page.locator('dialog[open]');

interface SentSignal {
	kind: string;
	description?: { type: string; sdp: string };
}

/** Every signalling message a page sends (read from its requests: the test needs no hook in the app). */
function recordSignals(page: Page): SentSignal[] {
	const sent: SentSignal[] = [];
	page.on('request', (request) => {
		if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/signal')) sent.push(JSON.parse(request.postData() ?? '{}') as SentSignal);
	});
	return sent;
}
const offers = (sent: SentSignal[]) => sent.filter((s) => s.kind === 'description' && s.description?.type === 'offer');
const ufrag = (signal: SentSignal) => /a=ice-ufrag:(\S+)/.exec(signal.description?.sdp ?? '')?.[1];
const counter = async (call: Locator, name: 'sent' | 'received') => Number(await call.getAttribute(`data-bytes-${name}`));

/** Both byte counters of a panel grow beyond what they showed before. */
async function expectFlowing(call: Locator): Promise<void> {
	const [sent, received] = [await counter(call, 'sent'), await counter(call, 'received')];
	await expect.poll(() => counter(call, 'sent'), { timeout: 10_000 }).toBeGreaterThan(sent);
	await expect.poll(() => counter(call, 'received'), { timeout: 10_000 }).toBeGreaterThan(received);
}

describe('a nurse calls the GP she asked in during a visit', () => {
	it('connects both peers with media flowing both ways, recovers from a 10 s dead zone by ICE restart, and the hang-up enters the timeline', { timeout: 240_000 }, async () => {
		// The nurse on her phone asks for a GP from the visit.
		const nurseContext = await phoneContext(app.browser);
		contexts.push(nurseContext);
		const nurse = await nurseContext.newPage();
		const nurseSent = recordSignals(nurse);
		// Every packet between the two peers passes a link this test can cut (tests/support/udp-link.ts).
		await link.relayField(nurse);
		await signIn(nurse, app.server.url, NURSE, DEMO_PASSWORD, '/heute');
		await nurse.goto(`${app.server.url}/besuche/${encodeURIComponent(visitId)}`);
		await nurse.getByTestId('consult-panel').waitFor();
		await nurse.getByTestId('consult-request').click();
		await nurse.getByLabel('Grund der Anfrage').fill('Wunde am Unterschenkel gerötet, bitte ansehen.');
		await openDialog(nurse).getByTestId('confirm-ok').click();
		await expect.poll(async () => (await consultsOfNurse()).length, { timeout: SYNC_MS }).toBe(1);
		const [consult] = await consultsOfNurse();

		// The physician accepts it from her queue.
		const physicianContext = await app.browser.newContext({ locale: 'de-DE' });
		contexts.push(physicianContext);
		const physician = await physicianContext.newPage();
		const physicianSent = recordSignals(physician);
		await link.hide(physician);
		await signIn(physician, app.server.url, PHYSICIAN, TEST_PASSWORD, '/konsile');
		const line = physician.locator(`[data-testid=consult-line][data-id="${consult._id}"]`);
		await line.getByTestId('consult-accept').click();
		await physician.waitForURL(`**/konsile/${encodeURIComponent(consult._id)}`);
		const physicianCall = physician.getByTestId('call');
		await physicianCall.and(physician.locator('[data-listening=true]')).waitFor();

		// The acceptance replicates to the nurse's visit: the call panel appears in her consult.
		const nurseCall = nurse.locator(`[data-testid=consult][data-consult="${consult._id}"]`).getByTestId('call');
		await nurseCall.and(nurse.locator('[data-listening=true]')).waitFor({ timeout: SYNC_MS });
		expect(await nurseCall.getByTestId('call-start').textContent()).toContain('Anruf starten');

		// She calls; it rings on the physician's screen, who answers.
		await nurseCall.getByTestId('call-start').click();
		await physicianCall.getByTestId('call-accept').click({ timeout: CONNECT_MS });
		const answeredAt = Date.now();
		for (const call of [nurseCall, physicianCall]) {
			await expect.poll(() => call.getAttribute('data-connection'), { timeout: CONNECT_MS, interval: 50 }).toBe('connected');
			expect(await call.getAttribute('data-phase')).toBe('connected');
		}
		// Measured, not asserted: "Annehmen" → both connected, and what the setup took in messages.
		console.log(`call setup: ${Date.now() - answeredAt} ms from "Annehmen" to both connected; signals: nurse ${nurseSent.length}, physician ${physicianSent.length}`);
		for (const call of [nurseCall, physicianCall]) await expectFlowing(call);
		expect(link.relayed).toBeGreaterThan(0);
		// Loopback measures as good, and the panel says so.
		await expect.poll(() => nurseCall.getAttribute('data-quality'), { timeout: 10_000 }).toBe('gut');
		expect(await nurseCall.getByTestId('call-quality').textContent()).toContain('Verbindung: gut');
		// The remote picture plays on both sides.
		for (const page of [nurse, physician]) {
			await expect.poll(() => page.getByTestId('call-remote').evaluate((video: HTMLVideoElement) => video.videoWidth), { timeout: 10_000 }).toBeGreaterThan(0);
		}

		// Mid-call controls: mute, the other camera, audio only for both sides and back.
		await nurseCall.getByTestId('call-mute').click();
		expect(await nurseCall.getByTestId('call-mute').getAttribute('aria-pressed')).toBe('true');
		await nurseCall.getByTestId('call-mute').click();
		await nurseCall.getByTestId('call-camera').click();
		await nurseCall.getByTestId('call-audio-only').click();
		await expect.poll(() => physicianCall.getAttribute('data-audio-only')).toBe('true');
		await nurseCall.getByTestId('call-audio-only').click();
		await expect.poll(() => physicianCall.getAttribute('data-audio-only')).toBe('false');
		expect(await nurseCall.getAttribute('data-connection')).toBe('connected');

		// "Neu verbinden": an ICE restart in the running call — a new offer with new ICE credentials,
		// answered, and the same call connected again with media flowing.
		await physicianCall.getByTestId('call-reconnect').click();
		await expect.poll(() => physicianCall.getAttribute('data-restarts')).toBe('1');
		await expect.poll(() => offers(physicianSent).length, { timeout: 10_000 }).toBe(1);
		const firstAnswer = physicianSent.find((s) => s.description?.type === 'answer');
		expect(ufrag(offers(physicianSent)[0])).toBeTruthy();
		expect(ufrag(offers(physicianSent)[0])).not.toBe(ufrag(firstAnswer ?? { kind: '' }));
		await expect.poll(() => nurseSent.filter((s) => s.description?.type === 'answer').length, { timeout: 10_000 }).toBe(1);
		for (const call of [nurseCall, physicianCall]) await expect.poll(() => call.getAttribute('data-connection'), { timeout: CONNECT_MS }).toBe('connected');
		await expectFlowing(nurseCall);

		// The panel on the phone: nothing too wide, every control ≥ 44 px, axe-core clean.
		expectClean([await checkLayout(nurse, 'call on a phone')]);

		// A dead zone of 10 s: the field page offline (no signalling) and every packet between the peers
		// dropped. The link goes `disconnected`, the call says it is reconnecting and restarts ICE; once the
		// dead zone ends the same call in the same consult is connected again, media flowing both ways.
		const restartsBefore = Number(await nurseCall.getAttribute('data-restarts')) + Number(await physicianCall.getAttribute('data-restarts'));
		const cutAt = Date.now();
		const sentBefore = { nurse: nurseSent.length, physician: physicianSent.length };
		link.cut = true;
		await nurseContext.setOffline(true);
		await expect.poll(() => nurseCall.getAttribute('data-phase'), { timeout: OFFLINE_MS }).toBe('reconnecting');
		expect(await nurseCall.getByTestId('call-phase').textContent()).toContain('wird wiederhergestellt');
		await nurse.waitForTimeout(Math.max(0, OFFLINE_MS - (Date.now() - cutAt)));
		link.cut = false;
		await nurseContext.setOffline(false);
		for (const call of [nurseCall, physicianCall]) await expect.poll(() => call.getAttribute('data-phase'), { timeout: CONNECT_MS }).toBe('connected');
		// The restart's negotiation went through once the signalling was back: a fresh offer (new ICE
		// credentials, none used before by its side) and its answer.
		const ufragsBefore = new Set([...nurseSent.slice(0, sentBefore.nurse), ...physicianSent.slice(0, sentBefore.physician)].map(ufrag).filter(Boolean));
		const sentSince = () => [...nurseSent.slice(sentBefore.nurse), ...physicianSent.slice(sentBefore.physician)];
		await expect.poll(() => sentSince().some((m) => m.description?.type === 'answer'), { timeout: 10_000 }).toBe(true);
		const restartOffers = sentSince().filter((m) => m.description?.type === 'offer');
		expect(restartOffers.length).toBeGreaterThan(0);
		expect(restartOffers.every((offer) => !ufragsBefore.has(ufrag(offer)))).toBe(true);
		const restartsAfter = Number(await nurseCall.getAttribute('data-restarts')) + Number(await physicianCall.getAttribute('data-restarts'));
		expect(restartsAfter).toBeGreaterThan(restartsBefore);
		for (const call of [nurseCall, physicianCall]) await expectFlowing(call);
		expect(await consultsOfNurse()).toHaveLength(1);
		console.log(`dead zone of ${OFFLINE_MS} ms: ICE restarts ${restartsAfter - restartsBefore}, connected again ${Date.now() - cutAt - OFFLINE_MS} ms after it ended`);

		// The physician's screen recorded the start on the consult.
		await expect.poll(async () => (await consultsOfNurse())[0].callStartedAt, { timeout: SYNC_MS }).toBeTruthy();

		// Hanging up ends both sides (no confirmation: a new call can start at once).
		await nurseCall.getByTestId('call-hangup').click();
		for (const call of [nurseCall, physicianCall]) await expect.poll(() => call.getAttribute('data-phase'), { timeout: 10_000 }).toBe('ended');
		await nurseCall.getByTestId('call-start').waitFor();
		await expect.poll(async () => (await consultsOfNurse())[0].callEndedAt, { timeout: SYNC_MS }).toBeTruthy();
		const recorded = (await consultsOfNurse())[0];
		expect(Date.parse(recorded.callEndedAt ?? '')).toBeGreaterThan(Date.parse(recorded.callStartedAt ?? ''));

		// The timeline of the visit's consult shows the call from start to end.
		await expect.poll(() => nurse.locator(`[data-consult="${consult._id}"]`).getByTestId('consult-call-times').textContent(), { timeout: SYNC_MS }).toMatch(/^Anruf \d{2}:\d{2}–\d{2}:\d{2}$/);
	});
});

describe('the Telenotärztin calls the crew that asked her in on a mission', () => {
	it('rings on the crew\'s tablet, connects with media both ways, ends when she closes the consult, and the mission timeline shows the call', { timeout: 180_000 }, async () => {
		const crewContext = await app.browser.newContext({ locale: 'de-DE' });
		contexts.push(crewContext);
		const crew = await crewContext.newPage();
		await signIn(crew, app.server.url, CREW, DEMO_PASSWORD, '/einsatz');
		await crew.goto(`${app.server.url}/einsatz/${encodeURIComponent(missionId)}`);
		await crew.getByTestId('consult-panel').waitFor();
		await crew.getByTestId('consult-request').click();
		await crew.getByTestId('consult-urgency-sofort').check();
		await crew.getByLabel('Grund der Anfrage').fill('Thoraxschmerz, bitte EKG ansehen.');
		await openDialog(crew).getByTestId('confirm-ok').click();
		await expect.poll(async () => (await consultsOf(STATION_DB, CREW)).length, { timeout: SYNC_MS }).toBe(1);
		const [consult] = await consultsOf(STATION_DB, CREW);

		const physicianContext = await app.browser.newContext({ locale: 'de-DE' });
		contexts.push(physicianContext);
		const physician = await physicianContext.newPage();
		await signIn(physician, app.server.url, PHYSICIAN, TEST_PASSWORD, '/konsile');
		await physician.locator(`[data-testid=consult-line][data-id="${consult._id}"]`).getByTestId('consult-accept').click();
		await physician.waitForURL(`**/konsile/${encodeURIComponent(consult._id)}`);
		const physicianCall = physician.getByTestId('call');
		const crewCall = crew.locator(`[data-testid=consult][data-consult="${consult._id}"]`).getByTestId('call');
		await crewCall.and(crew.locator('[data-listening=true]')).waitFor({ timeout: SYNC_MS });
		await physicianCall.and(physician.locator('[data-listening=true]')).waitFor();

		// This time the physician calls; the crew's tablet rings.
		await physicianCall.getByTestId('call-start').click();
		await crewCall.getByTestId('call-accept').waitFor({ timeout: CONNECT_MS });
		expect(await crewCall.getByTestId('call-phase').textContent()).toBe('Eingehender Anruf');
		await expect.poll(() => crewCall.getAttribute('data-rings').then(Number), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
		await crewCall.getByTestId('call-accept').click();
		for (const call of [crewCall, physicianCall]) await expect.poll(() => call.getAttribute('data-connection'), { timeout: CONNECT_MS }).toBe('connected');
		for (const call of [crewCall, physicianCall]) await expectFlowing(call);

		// She closes the consult mid-call: the call ends first — the crew is told, the end recorded — then the consult.
		await physician.getByTestId('consult-close').click();
		await openDialog(physician).getByTestId('confirm-ok').click();
		await physician.waitForURL('**/konsile');
		await expect.poll(() => crewCall.getAttribute('data-phase'), { timeout: 10_000 }).toBe('ended');
		expect(await crewCall.getByTestId('call-problem').count()).toBe(0);
		const closed = (await consultsOf(STATION_DB, CREW))[0];
		expect(closed.closedAt).toBeTruthy();
		expect(Date.parse(closed.callEndedAt ?? '')).toBeLessThanOrEqual(Date.parse(closed.closedAt ?? ''));

		// The crew's mission timeline (for the Telenotarzt protocol): requested, accepted, call started and ended, closed.
		await crew.goto(`${app.server.url}/einsatz`);
		const kinds = () => crew.getByTestId('mission-timeline').locator('li').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-kind')));
		await expect.poll(async () => (await kinds()).filter((k) => k === 'consult-closed').length, { timeout: SYNC_MS }).toBe(1);
		expect(await kinds()).toEqual(expect.arrayContaining(['consult-requested', 'consult-accepted', 'call-started', 'call-ended']));
	});
});
