// The dispatcher's console in Chromium with 200 units and 2,000 missions of history: a status
// written on the server reaches the page over the live feed, is applied and the page re-rendered.
// Measured in the page from the change's arrival to the updated DOM ('console-update'), and end to
// end from the server's write (both clocks are this machine's).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Mission, StatusEvent } from '../src/lib/domain/index.ts';
import { mulberry32 } from '../src/lib/domain/prng.ts';
import { launchBrowser, signIn, waitUpToDate } from '../tests/support/browser.ts';
import { startTestServer, TEST_PASSWORD } from '../tests/support/test-server.ts';

const UNITS = 200;
const MISSIONS = 2000;
const OPEN_MISSIONS = 40;
const UPDATES = Number(process.env.BENCH_CONSOLE_UPDATES ?? 40);
const STATION = 'rw-bench';
const DB = `team-${STATION}`;

const percentile = (values: number[], p: number) => values.slice().sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

export async function benchConsoleRender(): Promise<Record<string, number>> {
	if (!existsSync('build/index.html')) spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	const server = await startTestServer({ staticDir: path.resolve('build') });
	const browser = await launchBrowser();
	try {
		const { accounts, storage } = server.app;
		await accounts.saveTeam({ id: STATION, name: 'RW Bench', kind: 'ambulance', region: 'bench' });
		await accounts.createUser({ username: 'ls.bench', displayName: 'LS', role: 'dispatcher', teams: [STATION], password: TEST_PASSWORD });
		const random = mulberry32(3);
		const meta = { schemaVersion: 1 as const, createdBy: 'bench', deviceId: 'bench' };
		const start = Date.now() - MISSIONS * 10 * 60_000;
		const docs: (Mission | StatusEvent)[] = [];
		for (let m = 0; m < MISSIONS; m++) {
			const at = new Date(start + m * 10 * 60_000).toISOString();
			docs.push({ ...meta, _id: `mission:${String(m).padStart(6, '0')}`, type: 'mission', createdAt: at, keyword: 'RD 2', priority: 2, address: `Markt ${m}`, unitId: `rtw${m % UNITS}`, state: m < MISSIONS - OPEN_MISSIONS ? 'closed' : 'active', alarmedAt: at, location: { lat: 50.5 + random() * 0.3, lon: 11.1 + random() * 0.4 } });
		}
		for (let u = 0; u < UNITS; u++) {
			const at = new Date(Date.now() - 60_000).toISOString();
			docs.push({ ...meta, _id: `status:-:u${String(u).padStart(4, '0')}`, type: 'status', createdAt: at, unitId: `rtw${u}`, status: 2, at, position: { lat: 50.5 + random() * 0.3, lon: 11.1 + random() * 0.4 } });
		}
		await storage.database(DB).bulkDocs(docs as never[]);

		const page = await (await browser.newContext({ locale: 'de-DE', viewport: { width: 1400, height: 900 } })).newPage();
		await signIn(page, server.url, 'ls.bench', TEST_PASSWORD, '/lage');
		await waitUpToDate(page, 180_000);
		await page.waitForFunction((n) => document.querySelectorAll('[data-testid=mission-row]').length === n, OPEN_MISSIONS, { timeout: 60_000 });
		await page.waitForFunction(() => document.querySelector('[data-testid=live-state]')?.textContent === 'live', undefined, { timeout: 30_000 });

		const renders: number[] = [];
		const endToEnd: number[] = [];
		for (let i = 0; i < UPDATES; i++) {
			const unit = `rtw${i % UNITS}`;
			const before = await page.evaluate(() => performance.getEntriesByName('console-update').length);
			const written = Date.now();
			await storage.database(DB).put({ ...meta, _id: `status:-:x${String(i).padStart(4, '0')}`, type: 'status', createdAt: new Date(written).toISOString(), unitId: unit, status: 3 + (i % 2), at: new Date(written).toISOString() } as never);
			const entry = await page.waitForFunction(
				(n) => {
					const entries = performance.getEntriesByName('console-update');
					if (entries.length <= n) return undefined;
					const last = entries.at(-1)!;
					return { duration: last.duration, end: performance.timeOrigin + last.startTime + last.duration };
				},
				before,
				{ timeout: 10_000, polling: 'raf' }
			);
			const { duration, end } = (await entry.jsonValue()) as { duration: number; end: number };
			renders.push(duration);
			endToEnd.push(end - written);
		}
		return {
			units: UNITS,
			missions: MISSIONS,
			updates: UPDATES,
			applyRenderP50Ms: Number(percentile(renders, 0.5).toFixed(2)),
			applyRenderP99Ms: Number(percentile(renders, 0.99).toFixed(2)),
			writeToScreenP50Ms: Math.round(percentile(endToEnd, 0.5)),
			writeToScreenP99Ms: Math.round(percentile(endToEnd, 0.99))
		};
	} finally {
		await browser.close();
		await server.close();
	}
}
