// Lighthouse (mobile preset: a mid-range phone on slow 4G, simulated) on the login page and on a
// signed-in home page, against the built app and the demo data on a server of its own. Lighthouse 12:
// version 13 needs Node ≥ 22.19 (PITFALLS.md). The home page is measured in the browser that signed
// in through the form and set its PIN, so it loads from the app's own storage, as on a nurse's phone.
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { navigation } from 'lighthouse';
import puppeteer, { type Page } from 'puppeteer-core';
import { CHROME_PATH, serviceWorkerInControl, TEST_PIN } from '../tests/support/browser.ts';
import { startServerProcess } from '../tests/support/server-process.ts';
import { startTileServer } from '../tests/support/tile-server.ts';
import { median } from './stats.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
/** The figures behind the performance score, in ms (CLS unitless ×1000). */
const METRICS = { fcpMs: 'first-contentful-paint', lcpMs: 'largest-contentful-paint', tbtMs: 'total-blocking-time', speedIndexMs: 'speed-index' } as const;
const DEMO_NURSE = { username: 'schwester.anna', password: 'fieldcare-demo', home: '/heute' };
/**
 * Daily opens measured in a row: one run varies by ±5 points on a shared 2-core machine (the
 * machine's speed, not the app), so the median and range of several say more than one.
 * `LIGHTHOUSE_DAILY_RUNS=1` for a quick look.
 */
const DAILY_RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_DAILY_RUNS ?? 5));
/** The flags every Chromium here needs (tests/support/browser.ts), headless. */
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

type Result = { artifacts?: { Trace?: unknown }; lhr: { runWarnings?: string[]; categories: Record<string, { score: number | null }>; audits: Record<string, { score: number | null; numericValue?: number; title: string }> } };

/** Scores 0–100, the metrics, and on stderr the audits that failed (what to fix next). */
function figuresOf(name: string, result: Result | undefined): Record<string, number> {
	if (!result) throw new Error('Lighthouse returned no result');
	// The whole report for a closer look: LIGHTHOUSE_REPORT_DIR=/tmp/lh npm run bench -- lighthouse
	const reportDir = process.env.LIGHTHOUSE_REPORT_DIR;
	if (reportDir) {
		writeFileSync(path.join(reportDir, `${name}.json`), JSON.stringify(result.lhr));
		// Lighthouse's own trace of the load, for the long tasks it simulated (open it in DevTools' Performance panel).
		if (result.artifacts?.Trace) writeFileSync(path.join(reportDir, `${name}.trace.json`), JSON.stringify(result.artifacts.Trace));
	}
	const { categories, audits } = result.lhr;
	const failed = Object.entries(audits).filter(([, audit]) => audit.score !== null && audit.score < 0.9).map(([id]) => id);
	process.stderr.write(`\n${name}: audits below 0.9: ${failed.join(', ') || 'none'}\n`);
	// A load Lighthouse saw no end of (a request left open at high priority) is measured until its
	// 45 s timeout, and everything in that half minute counts as load.
	for (const warning of result.lhr.runWarnings ?? []) process.stderr.write(`${name}: Lighthouse warns: ${warning}\n`);
	return Object.fromEntries([
		...CATEGORIES.map((category) => [`${name}.${category}`, Math.round((categories[category]?.score ?? 0) * 100)]),
		...Object.entries(METRICS).map(([metric, id]) => [`${name}.${metric}`, Math.round(audits[id]?.numericValue ?? NaN)])
	]);
}

/** The performance score and blocking time of several daily opens: median, lowest, highest. */
function spreadOf(runs: Record<string, number>[]): Record<string, number> {
	const figures: Record<string, number> = { 'daily.runs': runs.length };
	for (const metric of ['performance', 'tbtMs'] as const) {
		const values = runs.map((run) => run[`daily.${metric}`]);
		Object.assign(figures, { [`daily.${metric}.median`]: median(values), [`daily.${metric}.min`]: Math.min(...values), [`daily.${metric}.max`]: Math.max(...values) });
	}
	return figures;
}

async function signInAndSetPin(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/login`, { waitUntil: 'networkidle0' });
	await page.type('#username', DEMO_NURSE.username);
	await page.type('#password', DEMO_NURSE.password);
	await Promise.all([page.waitForFunction((home) => location.pathname === home, {}, DEMO_NURSE.home), page.click('button[type=submit]')]);
	await page.waitForSelector('#new-pin');
	await page.type('#new-pin', TEST_PIN);
	await page.type('#new-pin-repeat', TEST_PIN);
	await page.click('[data-testid=set-pin]');
	await page.waitForSelector('[data-testid=lock-screen]', { hidden: true });
	// Synced: every checkpoint written, as on a device that has been in use (a first sync's
	// checkpoint lookup answers 404 by protocol, which Chromium logs as a console error).
	await page.waitForSelector('[data-testid=sync-indicator][data-phase=up-to-date]', { timeout: 60_000 });
	// The app installed: the service worker has precached the app and controls the page, so the
	// next opening loads the app from the phone, not from the network.
	await page.evaluate(serviceWorkerInControl);
}

export async function benchLighthouse(): Promise<Record<string, number>> {
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-bench-lh-'));
	// Map tiles from loopback, as from an operator's tile server (no request leaves this machine).
	const tiles = await startTileServer();
	const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_DATA: '1', STATIC_DIR: path.resolve('build'), TILE_URL: tiles.retinaTemplate, TILE_ATTRIBUTION: 'Testkacheln' });
	const browser = await puppeteer.launch({ executablePath: CHROME_PATH, args: CHROMIUM_ARGS });
	try {
		// A first visit: Lighthouse clears the origin's storage, so nothing comes from a cache.
		const login = figuresOf('login', (await navigation(await browser.newPage(), `${server.url}/login`)) as Result | undefined);
		const page = await browser.newPage();
		await signInAndSetPin(page, server.url);
		// The nurse's own device: signed in, data synced, the app shell in the service worker's cache.
		// Its first open from there: Chromium makes the code cache of the modules served by the service worker.
		const homeUrl = `${server.url}${DEMO_NURSE.home}`;
		const home = figuresOf('home', (await navigation(page, homeUrl, { flags: { disableStorageReset: true } })) as Result | undefined);
		// The same phone the next time the app is opened, as every day: the modules' code cache is there.
		await page.goto(homeUrl);
		await page.waitForSelector('[data-testid=sync-indicator][data-phase=up-to-date]', { timeout: 60_000 });
		const dailies: Record<string, number>[] = [];
		for (let run = 0; run < DAILY_RUNS; run++) {
			// Each Lighthouse run opens the app anew: the next run is the next day's open.
			dailies.push(figuresOf('daily', (await navigation(page, homeUrl, { flags: { disableStorageReset: true } })) as Result | undefined));
		}
		return { ...login, ...home, ...dailies[0], ...spreadOf(dailies) };
	} finally {
		await browser.close();
		server.child.kill('SIGINT');
		await tiles.close();
		await server.exited;
		await rm(dataDir, { recursive: true, force: true });
	}
}
