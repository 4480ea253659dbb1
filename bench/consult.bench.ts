// npm run bench -- consult: the telemedicine consult on loopback, in parts that each print their
// own figures (prefixed by the part's name), the nurse's and the physician's app in Chromium (fake
// camera and microphone), the server in its own process (as in production). `vitals`: a vital sign
// saved on the field device until it is shown on the screen of the physician who holds the consult.
// `call`: the call's set-up — "Anruf starten" on the nurse's consult until both peer connections
// are connected (the physician answering by script), and the signalling messages each side sent.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildApp } from '../sync-server/src/app.ts';
import { readConfig } from '../sync-server/src/config.ts';
import { consultDoc } from '../tests/support/consults.ts';
import { storedObservations, testPatient } from '../tests/support/documents.ts';
import { launchBrowser, signIn, waitUpToDate } from '../tests/support/browser.ts';
import { startServerProcess } from '../tests/support/server-process.ts';
import { remoteDb, TEST_PASSWORD } from '../tests/support/test-server.ts';

const READINGS = Number(process.env.BENCH_CONSULT_READINGS ?? 100);
const CALLS = Number(process.env.BENCH_CONSULT_CALLS ?? 10);
/** Chromium's fake camera and microphone, allowed without a prompt. */
const FAKE_MEDIA = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];
/** ICE and DTLS on loopback take well under this; a call that does not connect is a failure. */
const CONNECT_TIMEOUT_MS = 30_000;
/** Pause between readings, so that each one is measured alone. */
const PAUSE_MS = 100;
/** A value that never shows is a failure, not a slow sample. */
const SHOWN_TIMEOUT_MS = 10_000;
const TEAM = 'bench-consult';
const NURSE = 'bench.nurse';
const PHYSICIAN = 'bench.arzt';
const PATIENT_KEY = 'bench-patient';

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** A team with a nurse, a physician serving it, a patient and a consult the physician has accepted. */
async function seed(dataDir: string): Promise<string> {
	const app = await buildApp({ ...readConfig({ DEMO_DATA: '0', LOG_LEVEL: 'warn' }), dataDir, staticDir: undefined });
	try {
		await app.accounts.saveTeam({ id: TEAM, name: 'Bench-Pflege', kind: 'nursing', region: 'bench' });
		await app.accounts.createUser({ username: NURSE, displayName: NURSE, role: 'nurse', teams: [TEAM], password: TEST_PASSWORD });
		await app.accounts.createUser({ username: PHYSICIAN, displayName: PHYSICIAN, role: 'arzt', teams: [TEAM], password: TEST_PASSWORD });
		const now = new Date().toISOString();
		const consult = consultDoc('bench', NURSE, { patientId: `patient:${PATIENT_KEY}`, requestedAt: now, acceptedBy: PHYSICIAN, acceptedAt: now });
		await app.storage.database(`team-${TEAM}`).bulkDocs([testPatient(PATIENT_KEY, NURSE), consult] as never[]);
		return consult._id;
	} finally {
		await app.fastify.close();
	}
}

/** Records in the physician's page when each live value first appeared (the clock the device's `createdAt` uses). */
async function watchArrivals(page: Page): Promise<void> {
	await page.evaluate(() => {
		const seen: Record<string, number> = {};
		(window as unknown as { liveArrivals: Record<string, number> }).liveArrivals = seen;
		new MutationObserver(() => {
			for (const li of document.querySelectorAll('[data-testid=live-vital]')) {
				const id = li.getAttribute('data-id');
				if (id && !(id in seen)) seen[id] = Date.now();
			}
		}).observe(document.body, { childList: true, subtree: true });
	});
}

interface ConsultSession {
	serverUrl: string;
	consultId: string;
	/** The physician, on the consult's screen. */
	doctor: Page;
	/** The nurse, signed in and synced. */
	nurse: Page;
}

/** A fresh server with the seeded consult, the physician on its screen and the nurse signed in; cleaned up after `run`. */
async function withConsult<T>(run: (session: ConsultSession) => Promise<T>): Promise<T> {
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-bench-consult-'));
	const consultId = await seed(dataDir);
	const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_DATA: '0', STATIC_DIR: path.resolve('build') });
	const browser = await launchBrowser(FAKE_MEDIA);
	try {
		const doctor = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await signIn(doctor, server.url, PHYSICIAN, TEST_PASSWORD, '/konsile');
		await doctor.goto(`${server.url}/konsile/${encodeURIComponent(consultId)}`);
		await doctor.locator('[data-testid=live-vitals][data-state=live]').waitFor({ timeout: 30_000 });
		const nurse = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await signIn(nurse, server.url, NURSE, TEST_PASSWORD, '/heute');
		await waitUpToDate(nurse, 60_000);
		return await run({ serverUrl: server.url, consultId, doctor, nurse });
	} finally {
		await browser.close();
		server.child.kill('SIGINT');
		await server.exited;
		await rm(dataDir, { recursive: true, force: true });
	}
}

/** Saved on the field device (the observation's `createdAt`) → shown on the physician's consult screen. */
async function readingToPhysician(): Promise<Record<string, number>> {
	return withConsult(async ({ serverUrl, doctor, nurse }) => {
		await watchArrivals(doctor);
		await nurse.goto(`${serverUrl}/vitalwerte?patient=${encodeURIComponent(`patient:${PATIENT_KEY}`)}`);
		await waitUpToDate(nurse, 60_000);

		for (let i = 0; i < READINGS; i++) {
			await nurse.locator('#vital-heart-rate').fill(String(60 + (i % 30)));
			await nurse.getByTestId('save-manual').click();
			await doctor.waitForFunction((n) => Object.keys((window as unknown as { liveArrivals: Record<string, number> }).liveArrivals).length >= n, i + 1, { timeout: SHOWN_TIMEOUT_MS });
			await nurse.waitForTimeout(PAUSE_MS);
		}

		const shown = await doctor.evaluate(() => (window as unknown as { liveArrivals: Record<string, number> }).liveArrivals);
		const response = await fetch(`${serverUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: NURSE, password: TEST_PASSWORD, bearer: true }) });
		const { token } = (await response.json()) as { token: string };
		const observations = await storedObservations(remoteDb(serverUrl, `team-${TEAM}`, token), PATIENT_KEY);
		const latencies = observations.filter((o) => o._id in shown).map((o) => shown[o._id] - Date.parse(o.createdAt));
		if (latencies.length !== READINGS) throw new Error(`${latencies.length} of ${READINGS} readings shown at the physician`);
		latencies.sort((a, b) => a - b);
		return { readings: READINGS, p50_ms: percentile(latencies, 50), p90_ms: percentile(latencies, 90), p99_ms: percentile(latencies, 99), max_ms: latencies[latencies.length - 1] };
	});
}

/** Signalling messages a page posts (read from its requests: no hook in the app). */
function countSignals(page: Page): { count: number } {
	const sent = { count: 0 };
	page.on('request', (request) => {
		if (request.method() === 'POST' && new URL(request.url()).pathname.endsWith('/signal')) sent.count++;
	});
	return sent;
}

/** "Anruf starten" on the nurse's consult → both peer connections connected; the signals each side sent per call. */
async function callSetup(): Promise<Record<string, number>> {
	return withConsult(async ({ serverUrl, consultId, doctor, nurse }) => {
		const physicianCall = doctor.getByTestId('call');
		await physicianCall.and(doctor.locator('[data-listening=true]')).waitFor({ timeout: CONNECT_TIMEOUT_MS });
		await nurse.goto(`${serverUrl}/patienten/${encodeURIComponent(`patient:${PATIENT_KEY}`)}`);
		const nurseCall = nurse.locator(`[data-testid=consult][data-consult="${consultId}"]`).getByTestId('call');
		await nurseCall.and(nurse.locator('[data-listening=true]')).waitFor({ timeout: CONNECT_TIMEOUT_MS });
		const [fromNurse, fromPhysician] = [countSignals(nurse), countSignals(doctor)];
		const connected = (call: typeof nurseCall) => call.and(call.page().locator('[data-connection=connected]')).waitFor({ timeout: CONNECT_TIMEOUT_MS });
		const setups: number[] = [];
		const answers: number[] = [];
		for (let i = 0; i < CALLS; i++) {
			const started = performance.now();
			await nurseCall.getByTestId('call-start').click();
			await physicianCall.getByTestId('call-accept').click({ timeout: CONNECT_TIMEOUT_MS });
			const answered = performance.now();
			await Promise.all([connected(nurseCall), connected(physicianCall)]);
			setups.push(performance.now() - started);
			answers.push(performance.now() - answered);
			await nurseCall.getByTestId('call-hangup').click();
			for (const call of [nurseCall, physicianCall]) await call.getByTestId('call-start').waitFor({ timeout: CONNECT_TIMEOUT_MS });
		}
		setups.sort((a, b) => a - b);
		answers.sort((a, b) => a - b);
		return {
			calls: CALLS,
			setup_p50_ms: Math.round(percentile(setups, 50)),
			setup_max_ms: Math.round(setups[setups.length - 1]),
			answer_to_connected_p50_ms: Math.round(percentile(answers, 50)),
			signals_per_call_nurse: Math.round((fromNurse.count / CALLS) * 10) / 10,
			signals_per_call_physician: Math.round((fromPhysician.count / CALLS) * 10) / 10
		};
	});
}

/** The parts of the consult benchmark, each run once; their figures are printed as `<part>_<figure>`. */
const PARTS: Record<string, () => Promise<Record<string, number>>> = {
	vitals: readingToPhysician,
	call: callSetup
};

export async function benchConsult(): Promise<Record<string, number>> {
	const results: Record<string, number> = {};
	for (const [part, run] of Object.entries(PARTS)) {
		for (const [figure, value] of Object.entries(await run())) results[`${part}_${figure}`] = value;
	}
	return results;
}
