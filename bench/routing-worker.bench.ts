// The routing worker in Chromium, as the app runs it: a nurse day of 40 visits posted to the built
// worker; round trip (clone + solve + answer) and the main thread's longest stall while it solves.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser } from '../tests/support/browser.ts';
import { startTestServer } from '../tests/support/test-server.ts';
import { nurseDay } from './nurse-day-instance.ts';

const SEEDS = Number(process.env.BENCH_WORKER_SEEDS ?? 20);
/** The app's interactive limit (state/tour-planning.ts). */
const TIME_LIMIT_MS = 250;
const WORKER_DIR = 'build/_app/immutable/workers';

const percentile = (values: number[], p: number) => values.slice().sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

export async function benchRoutingWorker(): Promise<Record<string, number>> {
	if (!existsSync('build/index.html')) spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
	const workerFile = readdirSync(WORKER_DIR).find((f) => f.startsWith('worker-') && f.endsWith('.js'));
	if (!workerFile) throw new Error(`no routing worker in ${WORKER_DIR}: run npm run build`);
	const server = await startTestServer({ staticDir: path.resolve('build') });
	const browser = await launchBrowser();
	try {
		const page = await (await browser.newContext()).newPage();
		await page.goto(`${server.url}/login`);
		// Typed arrays travel as plain arrays into the page and become Float64Arrays there.
		const problems = Array.from({ length: SEEDS }, (_, i) => {
			const problem = nurseDay(1000 + i);
			return { ...problem, matrix: { size: problem.matrix.size, time: [...problem.matrix.time], distance: [...problem.matrix.distance] } };
		});
		const result = await page.evaluate(
			async ({ url, problems, timeLimitMs }) => {
				const worker = new Worker(url, { type: 'module' });
				const roundTrips: number[] = [];
				const solverMs: number[] = [];
				const unassigned: number[] = [];
				const stalls: number[] = [];
				for (const [i, p] of problems.entries()) {
					const problem = { ...p, matrix: { size: p.matrix.size, time: Float64Array.from(p.matrix.time), distance: Float64Array.from(p.matrix.distance) } };
					let last = performance.now();
					let longestStall = 0;
					const ticker = setInterval(() => {
						const now = performance.now();
						longestStall = Math.max(longestStall, now - last);
						last = now;
					}, 5);
					const started = performance.now();
					const answer = await new Promise<{ ok: boolean; elapsedMs: number; solution: { unassigned: unknown[] }; error?: string }>((resolve) => {
						worker.onmessage = (event) => resolve(event.data);
						worker.postMessage({ id: i, problem, options: { seed: 1, timeLimitMs } });
					});
					roundTrips.push(performance.now() - started);
					clearInterval(ticker);
					stalls.push(longestStall);
					if (!answer.ok) throw new Error(answer.error);
					solverMs.push(answer.elapsedMs);
					unassigned.push(answer.solution.unassigned.length);
				}
				worker.terminate();
				return { roundTrips, solverMs, unassigned, stalls };
			},
			{ url: `/_app/immutable/workers/${workerFile}`, problems, timeLimitMs: TIME_LIMIT_MS }
		);
		// The first solve includes loading the worker script.
		const warm = result.roundTrips.slice(1);
		return {
			visits: problems[0].stops.length,
			nurses: problems[0].vehicles.length,
			firstMs: result.roundTrips[0],
			p50Ms: percentile(warm, 0.5),
			maxMs: Math.max(...warm),
			solverP50Ms: percentile(result.solverMs, 0.5),
			// Longest gap between 5 ms timer ticks on the main thread during a solve: what the user would feel.
			mainStallP50Ms: percentile(result.stalls.slice(1), 0.5),
			mainStallMaxMs: Math.max(...result.stalls.slice(1)),
			unassignedMean: result.unassigned.reduce((a, b) => a + b, 0) / result.unassigned.length
		};
	} finally {
		await browser.close();
		await server.close();
	}
}
