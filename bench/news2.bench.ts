// NEWS2 from a patient's history: 10,000 observations over 30 days (a home-care patient with a
// monitor), the latest set within the hour picked and scored, as the vitals page does after each
// save. Pure domain code, one process, no I/O.
import { latestNews2Inputs, mulberry32, news2Score, SCHEMA_VERSION, ulid, VITAL_SIGNS, type News2Input, type Observation, type VitalSignKey } from '../src/lib/domain/index.ts';

const OBSERVATIONS = Number(process.env.BENCH_NEWS2_OBSERVATIONS ?? 10_000);
const RUNS = Number(process.env.BENCH_NEWS2_RUNS ?? 200);
const WARM_UP_RUNS = 20;
const SCORE_CALLS = 200_000;
const WINDOW_MIN = 60;
const SPAN_MS = 30 * 86_400_000;
const NOW = new Date('2026-11-24T12:00:00.000Z');
/** Share of observations that are later corrected by a new one (`replaces`). */
const CORRECTED = 0.01;

/** What gets measured, how often relative to the others, around which value and how widely. */
const MIX: [VitalSignKey | 'blood-pressure', number, number, number][] = [
	['heart-rate', 5, 78, 15],
	['spo2', 5, 95, 3],
	['respiratory-rate', 3, 17, 4],
	['temperature', 3, 37, 0.8],
	['blood-pressure', 3, 135, 20],
	['glucose', 2, 130, 40],
	['weight', 1, 72, 2],
	['pain', 1, 2, 2]
];

function buildObservations(count: number): Observation[] {
	const random = mulberry32(2017);
	const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
	const weighted = MIX.flatMap((entry) => Array<(typeof MIX)[number]>(entry[1]).fill(entry));
	const patientId = 'patient:01JDBENCH000000000000000PA';
	const docs: Observation[] = [];
	const start = NOW.getTime() - SPAN_MS;
	for (let i = 0; docs.length < count; i++) {
		const at = new Date(start + (i / count) * SPAN_MS);
		const [kind, , centre, spread] = weighted[Math.floor(random() * weighted.length)];
		const make = (key: VitalSignKey, raw: number, extra: Partial<Observation> = {}): Observation => {
			const vital = VITAL_SIGNS[key];
			const value = Math.min(vital.possible.max, Math.max(vital.possible.min, Number(raw.toFixed(vital.decimals))));
			return {
				_id: `observation:01JDBENCH000000000000000PA:${ulid(at.getTime(), bytes)}`,
				type: 'observation',
				schemaVersion: SCHEMA_VERSION,
				createdAt: at.toISOString(),
				createdBy: 'schwester.anna',
				deviceId: 'bench',
				patientId,
				code: vital.loinc,
				value,
				unit: vital.unit,
				effectiveAt: at.toISOString(),
				...extra
			};
		};
		const v = centre + (random() * 2 - 1) * spread;
		if (kind === 'blood-pressure') {
			const groupId = `g${i}`;
			docs.push(make('systolic', v, { groupId }), make('diastolic', v * 0.62, { groupId }), make('mean-arterial', v * 0.75, { groupId }), make('heart-rate', 60 + random() * 40, { groupId }));
		} else docs.push(make(kind, v));
		if (random() < CORRECTED) {
			const wrong = docs[docs.length - 1];
			docs.push({ ...wrong, _id: `${wrong._id}c`, replaces: wrong._id });
		}
	}
	return docs.slice(0, count);
}

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function benchNews2(): Promise<Record<string, number>> {
	const observations = buildObservations(OBSERVATIONS);
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
