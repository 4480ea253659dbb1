// A year of operation (issue 12): the demo organisation with a generated year (sync-server/src/demo/
// year.ts) on a server of its own on loopback, and what each user waits for on a new device:
// the demo nurse on a fresh Chromium profile (sign-in → today's tour on "Heute", → "Aktuell",
// device storage; then sign-out and sign-in again, as on a shared tablet), a crew (→ its mission on
// "Einsatz"), the dispatcher (→ units and missions on "Lage"), and a stock Node PouchDB pulling the
// nurse's team database with a month and with the whole year of history: all of it (the server
// admin's feed, as every device before windows) and the nurse's retention window (PROTOCOL.md).
//   npm run bench -- year [--days N] [--seed N] [--parts pull,nurse,crew,console]
//   (or BENCH_YEAR_DAYS; default a year and every part: on a busy 2-core machine a year's first
//   syncs take the best part of an hour)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DEFAULT_RETENTION, localIsoDate, teamDbName } from '../src/lib/domain/index.ts';
import { Accounts } from '../sync-server/src/accounts.ts';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.ts';
import { seedDemoYear } from '../sync-server/src/demo/year-load.ts';
import { AMBULANCE_TEAM, DEFAULT_YEAR_SEED, NURSING_TEAM, YEAR_DAYS } from '../sync-server/src/demo/year.ts';
import { LevelStorage } from '../sync-server/src/storage.ts';
import { CHROME_PATH, setPin, unlock, waitUpToDate } from '../tests/support/browser.ts';
import { startServerProcess, type ServerProcess } from '../tests/support/server-process.ts';
import { login, remoteDb } from '../tests/support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const MONTH_DAYS = 30;
/** The flags every Chromium here needs (tests/support/browser.ts). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** A first sync of a year on main takes minutes; give up only after this. */
const WAIT_MS = 30 * 60_000;
const MB = 1024 * 1024;

/** Issue 12's targets, printed beside the figures. */
const TARGETS: Record<string, string> = {
	'nurse.tourMs': '≤ 3000',
	'nurse.syncedMs': '≤ 15000',
	'nurse.storageMB': '≤ 40',
	'nurseAgain.tourMs': '≤ 3000',
	'nurseAgain.syncedMs': '≤ 15000',
	'nurseAgain.storageMB': '≤ 40',
	'crew.readyMs': '≤ 5000',
	'console.pictureMs': '≤ 2000',
	'pull.yearToMonth': '≤ 1.5'
};

const PARTS = ['pull', 'nurse', 'crew', 'console'] as const;
type Part = (typeof PARTS)[number];

interface Sizes {
	days: number;
	seed: number;
	parts: Set<Part>;
}

function sizes(): Sizes {
	const { values } = parseArgs({ args: process.argv.slice(3), options: { days: { type: 'string' }, seed: { type: 'string' }, parts: { type: 'string' } }, strict: false });
	const parts = new Set(String(values.parts ?? PARTS.join(',')).split(',') as Part[]);
	if ([...parts].some((part) => !PARTS.includes(part))) throw new Error(`--parts: some of ${PARTS.join(',')}`);
	const days = Number(values.days ?? process.env.BENCH_YEAR_DAYS ?? YEAR_DAYS);
	const seed = Number(values.seed ?? DEFAULT_YEAR_SEED);
	if (!Number.isInteger(days) || days < 1) throw new Error('--days must be a whole number of days');
	return { days, seed, parts };
}

/** A data directory with the demo organisation and `days` of history, as `npm run demo -- --year` writes it. */
async function dataDirWithYear(days: number, seed: number): Promise<{ dir: string; docs: Record<string, number>; loadMs: number }> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-bench-year-'));
	const storage = await LevelStorage.create(dir);
	try {
		const accounts = await Accounts.open(storage);
		const now = new Date();
		const { year: loaded } = await seedDemoYear(accounts, storage, now, { seed, today: localIsoDate(now), days });
		if ('loaded' in loaded) throw new Error('a fresh data directory holds no year');
		const docs: Record<string, number> = {};
		for (const team of [NURSING_TEAM, AMBULANCE_TEAM]) docs[team] = (await storage.database(teamDbName(team)).info()).doc_count;
		return { dir, docs, loadMs: loaded.ms };
	} finally {
		await storage.close();
	}
}

/** Changes pulled once before measuring, so that neither server's first requests pay for its warm-up. */
const WARM_UP_CHANGES = 1000;
/** The server admin of the bench's servers: its replication is the unwindowed figure (the whole history). */
const BENCH_ADMIN = { name: 'bench', password: 'bench-admin-0123456789' };

function adminDb(server: ServerProcess, dbName: string): PouchDB.Database {
	return new PouchDB(`${server.url}/db/${dbName}`, { auth: { username: BENCH_ADMIN.name, password: BENCH_ADMIN.password } } as PouchDB.Configuration.RemoteDatabaseConfiguration);
}

async function timedPull(remote: PouchDB.Database): Promise<{ ms: number; docs: number }> {
	const local = new PouchDB(`bench-year-${Math.random()}`, { adapter: 'memory' });
	const start = performance.now();
	const result = await local.replicate.from(remote);
	const ms = performance.now() - start;
	await local.destroy();
	return { ms, docs: result.docs_written };
}

interface Pulls {
	/** The whole history, as every device pulled before windows (the server admin's feed). */
	whole: { ms: number; docs: number };
	/** The nurse's window from scratch: the first after the start (its indexes may still be built) and the next. */
	windowFirst: { ms: number; docs: number };
	window: { ms: number; docs: number };
}

/** A stock Node PouchDB pulling the nurse's team database from scratch: the whole history, then the nurse's window. */
async function pullAsNurse(server: ServerProcess): Promise<Pulls> {
	const whole = adminDb(server, teamDbName(NURSING_TEAM));
	const { update_seq: seq } = await whole.info();
	const warmUp = new PouchDB(`bench-year-warm-${Math.random()}`, { adapter: 'memory' });
	const last = Number(seq);
	await warmUp.replicate.from(whole, { since: Number.isFinite(last) ? Math.max(0, last - WARM_UP_CHANGES) : 0 });
	await warmUp.destroy();
	const wholePull = await timedPull(whole);
	// A window of a month for every kind, so that a month of history and a year hold the same window.
	const adminToken = await login(server.url, 'admin', DEMO_PASSWORD);
	const setWindow = async (window: typeof DEFAULT_RETENTION) => {
		const set = await fetch(`${server.url}/api/admin/teams/${NURSING_TEAM}/retention`, {
			method: 'PUT',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
			body: JSON.stringify(window)
		});
		if (!set.ok) throw new Error(`retention window not set: HTTP ${set.status}`);
	};
	await setWindow({ ...DEFAULT_RETENTION, observationDays: MONTH_DAYS, noteDays: MONTH_DAYS, visitDays: MONTH_DAYS, tourDays: MONTH_DAYS });
	const token = await login(server.url, 'schwester.anna', DEMO_PASSWORD);
	const windowed = remoteDb(server.url, teamDbName(NURSING_TEAM), token);
	const windowFirst = await timedPull(windowed);
	const window = await timedPull(windowed);
	// The devices' parts measure the team's default window.
	await setWindow(DEFAULT_RETENTION);
	return { whole: wholePull, windowFirst, window };
}

async function freshProfile(): Promise<{ context: BrowserContext; page: Page; dir: string }> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-bench-profile-'));
	const context = await chromium.launchPersistentContext(dir, { executablePath: CHROME_PATH, headless: true, args: CHROMIUM_ARGS });
	const page = context.pages()[0] ?? (await context.newPage());
	return { context, page, dir };
}

async function storageMB(page: Page): Promise<number> {
	return (await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0)) / MB;
}

/**
 * Signs in through the form and returns the time from pressing "Anmelden" until `ready` holds on
 * the home page and until the sync indicator says "Aktuell". The unlock PIN a first sign-in asks
 * for is set on the way: a person takes seconds for it, so the time from the PIN screen to its
 * closing (`pinMs`: typing by script, then the app deriving the PIN's key, ~1 s) is left out of
 * `readyMs` and given apart.
 */
async function signInTimed(page: Page, baseUrl: string, username: string, home: string, ready: string): Promise<{ readyMs: number; syncedMs: number; pinMs: number }> {
	await page.goto(`${baseUrl}/login`);
	await page.locator('#username').fill(username);
	await page.locator('#password').fill(DEMO_PASSWORD);
	const start = performance.now();
	await page.locator('button[type=submit]').click();
	await page.waitForURL(`**${home}`, { timeout: WAIT_MS });
	const pinAsked = page.locator('[data-testid=lock-screen][data-view=set-pin]');
	const readyShown = page.locator(ready).first();
	await Promise.race([pinAsked.waitFor({ timeout: WAIT_MS }), readyShown.waitFor({ state: 'attached', timeout: WAIT_MS })]);
	let pinMs = 0;
	if (await pinAsked.isVisible()) {
		const asked = performance.now();
		await setPin(page);
		pinMs = performance.now() - asked;
	}
	// Rendered, not necessarily visible: a sync longer than the idle time (5 min) ends behind the lock screen.
	await readyShown.waitFor({ state: 'attached', timeout: WAIT_MS });
	const readyMs = performance.now() - start - pinMs;
	await waitUpToDate(page, WAIT_MS);
	return { readyMs, syncedMs: performance.now() - start, pinMs };
}

async function signOut(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/einstellungen`);
	const logout = page.getByTestId('logout');
	const locked = page.locator('#unlock-pin');
	await Promise.race([logout.waitFor(), locked.waitFor()]);
	if (await locked.isVisible()) await unlock(page);
	await logout.click();
	await page.waitForURL('**/login', { timeout: WAIT_MS });
}

async function inFreshBrowser<T>(run: (page: Page) => Promise<T>): Promise<T> {
	const { context, page, dir } = await freshProfile();
	try {
		return await run(page);
	} finally {
		await context.close();
		await rm(dir, { recursive: true, force: true });
	}
}

/** Progress on stderr: a year's first syncs take minutes. */
function step(what: string): void {
	process.stderr.write(`\n  [year] ${what}`);
}

function printWithTargets(figures: Record<string, number>): void {
	const rows = Object.entries(figures).map(([name, value]) => `  ${name.padEnd(22)} ${(Number.isInteger(value) ? String(value) : value.toFixed(2)).padStart(10)}   ${TARGETS[name] ? `target ${TARGETS[name]}` : ''}`);
	process.stderr.write(`\nyear of operation, figures and issue 12's targets:\n${rows.join('\n')}\n`);
}

/**
 * A server on `dir`, once it has brought its indexes up to date (as `npm run demo -- --year` leaves
 * them; the first sign-in would otherwise wait for them). They are built by the server, not in this
 * process: LevelDB locks a view's database for the process that opened it, and PouchDB does not
 * close the views with their database.
 */
async function withServer<T>(dir: string, run: (server: ServerProcess) => Promise<T>, figures?: Record<string, number>): Promise<T> {
	const starting = performance.now();
	const server = await startServerProcess({ DATA_DIR: dir, DEMO_DATA: '1', STATIC_DIR: path.resolve('build'), SERVER_ADMIN: `${BENCH_ADMIN.name}:${BENCH_ADMIN.password}` });
	try {
		while (!server.output().includes('Indexes ready')) {
			if (server.output().includes('Indexes not warmed')) throw new Error(`the server could not build its indexes:\n${server.output()}`);
			if (performance.now() - starting > WAIT_MS) throw new Error('the server did not build its indexes in time');
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		if (figures) figures['index.ms'] = Math.round(performance.now() - starting);
		return await run(server);
	} finally {
		server.child.kill('SIGINT');
		await server.exited;
	}
}

export async function benchYear(): Promise<Record<string, number>> {
	const { days, seed, parts } = sizes();
	step(`loading ${days} days (seed ${seed})${parts.has('pull') ? ` and ${Math.min(MONTH_DAYS, days)} days` : ''} …`);
	const year = await dataDirWithYear(days, seed);
	const month = parts.has('pull') ? await dataDirWithYear(Math.min(MONTH_DAYS, days), seed) : undefined;
	const figures: Record<string, number> = {
		days,
		'load.ms': Math.round(year.loadMs),
		'docs.nursing': year.docs[NURSING_TEAM],
		'docs.ambulance': year.docs[AMBULANCE_TEAM]
	};
	try {
		const monthPull = month && (step('Node PouchDB pulls the nurse\'s team database …'), await withServer(month.dir, pullAsNurse));
		step('the server builds its indexes …');
		await withServer(year.dir, async (server) => {
			if (monthPull) {
				const yearPull = await pullAsNurse(server);
				Object.assign(figures, {
					'pull.monthDocs': monthPull.whole.docs,
					'pull.monthMs': Math.round(monthPull.whole.ms),
					'pull.yearDocs': yearPull.whole.docs,
					'pull.yearMs': Math.round(yearPull.whole.ms),
					'pull.wholeYearToMonth': yearPull.whole.ms / monthPull.whole.ms,
					'pull.windowMonthDocs': monthPull.window.docs,
					'pull.windowMonthMs': Math.round(monthPull.window.ms),
					'pull.windowMonthFirstMs': Math.round(monthPull.windowFirst.ms),
					'pull.windowYearDocs': yearPull.window.docs,
					'pull.windowYearMs': Math.round(yearPull.window.ms),
					'pull.windowYearFirstMs': Math.round(yearPull.windowFirst.ms),
					'pull.yearToMonth': yearPull.window.ms / monthPull.window.ms
				});
			}

			if (parts.has('nurse')) step('the nurse signs in on a fresh browser profile, signs out and in again …');
			if (parts.has('nurse')) await inFreshBrowser(async (page) => {
				const tour = '[data-testid=visit-list] li';
				const first = await signInTimed(page, server.url, 'schwester.anna', '/heute', tour);
				Object.assign(figures, { 'nurse.tourMs': Math.round(first.readyMs), 'nurse.pinMs': Math.round(first.pinMs), 'nurse.syncedMs': Math.round(first.syncedMs), 'nurse.storageMB': await storageMB(page) });
				await signOut(page, server.url);
				figures['nurse.signedOutMB'] = await storageMB(page);
				const again = await signInTimed(page, server.url, 'schwester.anna', '/heute', tour);
				Object.assign(figures, { 'nurseAgain.tourMs': Math.round(again.readyMs), 'nurseAgain.syncedMs': Math.round(again.syncedMs), 'nurseAgain.storageMB': await storageMB(page) });
			});
			if (parts.has('crew')) step('the crew signs in …');
			if (parts.has('crew')) await inFreshBrowser(async (page) => {
				const crew = await signInTimed(page, server.url, 'rtw1', '/einsatz', '[data-testid=current-mission]');
				Object.assign(figures, { 'crew.readyMs': Math.round(crew.readyMs), 'crew.pinMs': Math.round(crew.pinMs), 'crew.syncedMs': Math.round(crew.syncedMs), 'crew.storageMB': await storageMB(page) });
			});
			if (parts.has('console')) step('the dispatcher signs in …');
			if (parts.has('console')) await inFreshBrowser(async (page) => {
				const dispatcher = await signInTimed(page, server.url, 'leitstelle', '/lage', '[data-testid=unit-row]');
				Object.assign(figures, { 'console.pictureMs': Math.round(dispatcher.readyMs), 'console.pinMs': Math.round(dispatcher.pinMs), 'console.syncedMs': Math.round(dispatcher.syncedMs) });
			});
		}, figures);
	} finally {
		printWithTargets(figures);
		await rm(year.dir, { recursive: true, force: true });
		if (month) await rm(month.dir, { recursive: true, force: true });
	}
	return figures;
}
