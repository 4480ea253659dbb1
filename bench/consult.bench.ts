// npm run bench -- consult: the telemedicine consult on loopback, in parts that each print their
// own figures (prefixed by the part's name). `vitals`: a vital sign saved on the field device until
// it is shown on the screen of the physician who holds the consult — the nurse's and the
// physician's app in Chromium, the server in its own process (as in production). A further part
// (e.g. call set-up time) is one more entry in PARTS.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { buildApp } from '../sync-server/src/app.ts';
import { readConfig } from '../sync-server/src/config.ts';
import { consultDoc } from '../tests/support/consults.ts';
import { testPatient } from '../tests/support/documents.ts';
import { launchBrowser, signIn } from '../tests/support/browser.ts';
import { startServerProcess } from '../tests/support/server-process.ts';
import { TEST_PASSWORD } from '../tests/support/test-server.ts';

const READINGS = Number(process.env.BENCH_CONSULT_READINGS ?? 100);
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

/** Saved on the field device (the observation's `createdAt`) → shown on the physician's consult screen. */
async function readingToPhysician(): Promise<Record<string, number>> {
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-bench-consult-'));
	const consultId = await seed(dataDir);
	const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_DATA: '0', STATIC_DIR: path.resolve('build') });
	const browser = await launchBrowser();
	try {
		const doctor = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await signIn(doctor, server.url, PHYSICIAN, TEST_PASSWORD, '/konsile');
		await doctor.goto(`${server.url}/konsile/${encodeURIComponent(consultId)}`);
		await doctor.locator('[data-testid=live-vitals][data-state=live]').waitFor({ timeout: 30_000 });
		await watchArrivals(doctor);

		const nurse = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await signIn(nurse, server.url, NURSE, TEST_PASSWORD, '/heute');
		await nurse.goto(`${server.url}/vitalwerte?patient=${encodeURIComponent(`patient:${PATIENT_KEY}`)}`);
		await nurse.locator('[data-testid=sync-indicator][data-phase=up-to-date]').waitFor({ timeout: 60_000 });

		for (let i = 0; i < READINGS; i++) {
			await nurse.locator('#vital-heart-rate').fill(String(60 + (i % 30)));
			await nurse.getByTestId('save-manual').click();
			await doctor.waitForFunction((n) => Object.keys((window as unknown as { liveArrivals: Record<string, number> }).liveArrivals).length >= n, i + 1, { timeout: SHOWN_TIMEOUT_MS });
			await nurse.waitForTimeout(PAUSE_MS);
		}

		const shown = await doctor.evaluate(() => (window as unknown as { liveArrivals: Record<string, number> }).liveArrivals);
		const response = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: NURSE, password: TEST_PASSWORD, bearer: true }) });
		const { token } = (await response.json()) as { token: string };
		const stored = await fetch(`${server.url}/db/team-${TEAM}/_all_docs?include_docs=true&startkey=${encodeURIComponent(JSON.stringify(`observation:${PATIENT_KEY}:`))}&endkey=${encodeURIComponent(JSON.stringify(`observation:${PATIENT_KEY}:\ufff0`))}`, { headers: { authorization: `Bearer ${token}` } });
		const rows = ((await stored.json()) as { rows: { id: string; doc: { createdAt: string } }[] }).rows;
		const latencies = rows.filter((row) => row.id in shown).map((row) => shown[row.id] - Date.parse(row.doc.createdAt));
		if (latencies.length !== READINGS) throw new Error(`${latencies.length} of ${READINGS} readings shown at the physician`);
		latencies.sort((a, b) => a - b);
		return { readings: READINGS, p50_ms: percentile(latencies, 50), p90_ms: percentile(latencies, 90), p99_ms: percentile(latencies, 99), max_ms: latencies[latencies.length - 1] };
	} finally {
		await browser.close();
		server.child.kill('SIGINT');
		await server.exited;
		await rm(dataDir, { recursive: true, force: true });
	}
}

/** The parts of the consult benchmark, each run once; their figures are printed as `<part>_<figure>`. */
const PARTS: Record<string, () => Promise<Record<string, number>>> = {
	vitals: readingToPhysician
};

export async function benchConsult(): Promise<Record<string, number>> {
	const results: Record<string, number> = {};
	for (const [part, run] of Object.entries(PARTS)) {
		for (const [figure, value] of Object.entries(await run())) results[`${part}_${figure}`] = value;
	}
	return results;
}
