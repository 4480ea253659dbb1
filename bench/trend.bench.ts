// Trend view in Chromium: a patient with 10,000 observations; opening the view (query from
// IndexedDB + charts drawn) is measured by the page itself (performance.measure 'trend-view').
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { seedDemo } from '../sync-server/src/demo/seed.ts';
import { DEMO_PASSWORD } from '../sync-server/src/demo/demo-data.ts';
import { launchBrowser, signIn, waitUpToDate } from '../tests/support/browser.ts';
import { startTestServer } from '../tests/support/test-server.ts';
import { patientHistory } from './patient-history.ts';
import { median } from './stats.ts';

const OBSERVATIONS = Number(process.env.BENCH_TREND_OBSERVATIONS ?? 10_000);
const OPENINGS = 7;
const TEAM_DB = 'team-pflege-saalfeld';
/** All within the view's default 30 days: the worst case, every point is drawn. */
const SPAN_MS = 29 * 86_400_000;

export async function benchTrend(): Promise<Record<string, number>> {
	if (!existsSync('build/index.html')) spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	const server = await startTestServer({ staticDir: path.resolve('build') });
	const browser = await launchBrowser();
	try {
		await seedDemo(server.app.accounts, server.app.storage);
		const db = server.app.storage.database(TEAM_DB);
		const patientId = (await db.allDocs({ startkey: 'patient:', endkey: 'patient:\ufff0', limit: 1 })).rows[0].id;
		await db.bulkDocs(patientHistory({ patientId, count: OBSERVATIONS, end: new Date(), spanMs: SPAN_MS }));

		const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
		await signIn(page, server.url, 'schwester.anna', DEMO_PASSWORD, '/heute');
		await waitUpToDate(page, 180_000);

		const patientPath = `/patienten/${encodeURIComponent(patientId)}`;
		await page.goto(`${server.url}${patientPath}`);
		const timings: number[] = [];
		let charts = 0;
		const queries: number[] = [];
		for (let i = 0; i < OPENINGS; i++) {
			await page.getByTestId('trends').click();
			const ms = await page.waitForFunction(() => performance.getEntriesByName('trend-view').at(-1)?.duration, undefined, { timeout: 30_000 });
			timings.push((await ms.jsonValue()) as number);
			queries.push(await page.evaluate(() => performance.getEntriesByName('trend-query').at(-1)?.duration ?? -1));
			await page.evaluate(() => performance.clearMeasures('trend-query'));
			charts = await page.locator('[data-testid=trend-chart] canvas').count();
			await page.evaluate(() => performance.clearMeasures('trend-view'));
			await page.goBack();
			await page.getByTestId('trends').waitFor();
		}
		// After an app restart the parsed copy in memory is gone; the kept `_local` copy remains.
		await page.reload();
		await page.getByTestId('trends').click();
		const restart = await page.waitForFunction(() => performance.getEntriesByName('trend-view').at(-1)?.duration, undefined, { timeout: 30_000 });
		const afterRestartMs = (await restart.jsonValue()) as number;
		// The first opening builds the patient's kept series (once per patient and device); the rest are what a nurse sees every time.
		const warm = timings.slice(1);
		return {
			observations: OBSERVATIONS,
			firstOpenMs: timings[0],
			openMedianMs: median(warm),
			openMaxMs: Math.max(...warm),
			queryMedianMs: median(queries.slice(1)),
			afterRestartMs,
			chartsDrawn: charts
		};
	} finally {
		await browser.close();
		await server.close();
	}
}
