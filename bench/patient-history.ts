// A patient's history of observations for benchmarks: a realistic mix of vital signs (blood
// pressure as a cuff reading of four values), evenly spread over a span, 1 % corrected later.
import { mulberry32, SCHEMA_VERSION, ulid, VITAL_SIGNS, type Observation, type VitalSignKey } from '../src/lib/domain/index.ts';

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
/** Share of observations that are later corrected by a new one (`replaces`). */
const CORRECTED = 0.01;

export interface HistoryOptions {
	patientId: string;
	count: number;
	/** The history ends here and reaches back `spanMs`. */
	end: Date;
	spanMs: number;
	seed?: number;
}

export function patientHistory({ patientId, count, end, spanMs, seed = 2017 }: HistoryOptions): Observation[] {
	const random = mulberry32(seed);
	const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
	const weighted = MIX.flatMap((entry) => Array<(typeof MIX)[number]>(entry[1]).fill(entry));
	const key = patientId.slice(patientId.indexOf(':') + 1);
	const docs: Observation[] = [];
	const start = end.getTime() - spanMs;
	for (let i = 0; docs.length < count; i++) {
		const at = new Date(start + (i / count) * spanMs);
		const [kind, , centre, spread] = weighted[Math.floor(random() * weighted.length)];
		const make = (vitalKey: VitalSignKey, raw: number, extra: Partial<Observation> = {}): Observation => {
			const vital = VITAL_SIGNS[vitalKey];
			const value = Math.min(vital.possible.max, Math.max(vital.possible.min, Number(raw.toFixed(vital.decimals))));
			return {
				_id: `observation:${key}:${ulid(at.getTime(), bytes)}`,
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
				device: { name: 'Bench device', id: 'bench-1' },
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
