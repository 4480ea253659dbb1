// NEWS2 from a patient's history: 10,000 observations over 30 days (a home-care patient with a
// monitor), the latest set within the hour picked and scored, as the vitals page does after each
// save. Pure domain code, one process, no I/O.
import { latestNews2Inputs, mulberry32, news2Score, type News2Input } from '../src/lib/domain/index.ts';
import { patientHistory } from './patient-history.ts';

const OBSERVATIONS = Number(process.env.BENCH_NEWS2_OBSERVATIONS ?? 10_000);
const RUNS = Number(process.env.BENCH_NEWS2_RUNS ?? 200);
const WARM_UP_RUNS = 20;
const SCORE_CALLS = 200_000;
const WINDOW_MIN = 60;
const SPAN_MS = 30 * 86_400_000;
const NOW = new Date('2026-11-24T12:00:00.000Z');
function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function benchNews2(): Promise<Record<string, number>> {
	const observations = patientHistory({ patientId: 'patient:01JDBENCH000000000000000PA', count: OBSERVATIONS, end: NOW, spanMs: SPAN_MS });
	const entered = { consciousness: 'alert', onOxygen: false, spo2Scale: 1 } as const;

	let sink = 0;
	const times: number[] = [];
	for (let run = 0; run < WARM_UP_RUNS + RUNS; run++) {
		const start = performance.now();
		const { input } = latestNews2Inputs(observations, NOW, WINDOW_MIN, entered);
		sink += news2Score(input).total;
		if (run >= WARM_UP_RUNS) times.push(performance.now() - start);
	}
	times.sort((a, b) => a - b);

	// news2Score alone, on a thousand ready inputs in turn so no single one is optimised away.
	const random = mulberry32(7);
	const inputs: News2Input[] = Array.from({ length: 1000 }, () => ({
		respiratoryRate: 8 + Math.round(random() * 20),
		spo2: 85 + Math.round(random() * 15),
		spo2Scale: random() < 0.1 ? 2 : 1,
		onOxygen: random() < 0.2,
		systolic: 85 + Math.round(random() * 140),
		pulse: 38 + Math.round(random() * 100),
		consciousness: random() < 0.9 ? 'alert' : 'voice',
		temperatureC: Number((34.5 + random() * 5).toFixed(1))
	}));
	for (let i = 0; i < SCORE_CALLS / 10; i++) sink += news2Score(inputs[i % inputs.length]).total; // warm up
	const start = performance.now();
	for (let i = 0; i < SCORE_CALLS; i++) sink += news2Score(inputs[i % inputs.length]).total;
	const scoreUs = ((performance.now() - start) * 1000) / SCORE_CALLS;
	if (sink < 0) throw new Error('unreachable: keeps the results alive');

	return {
		observations: observations.length,
		news2LatestSetMs: percentile(times, 50),
		news2LatestSetP99Ms: percentile(times, 99),
		news2ScoreUs: scoreUs
	};
}
