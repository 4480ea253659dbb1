// A patient's observations as chartable series: one per vital sign, blood pressure as one
// series with a systolic and a diastolic line. Superseded observations are left out.
import type { Observation } from './documents.ts';
import { VITAL_SIGN_KEYS, VITAL_SIGNS, vitalSignByCode, type VitalSignKey } from './vital-signs.ts';

export type TrendKey = Exclude<VitalSignKey, 'systolic' | 'diastolic' | 'mean-arterial'> | 'bloodPressure';

export interface TrendRow {
	id: string;
	at: string;
	values: (number | null)[];
	unusual: boolean[];
	device?: string;
}

export interface TrendSeries {
	key: TrendKey;
	unit: string;
	decimals: number;
	usual?: { low: number; high: number };
	/** Seconds since the epoch, ascending (what uPlot takes). */
	times: number[];
	lines: { key: VitalSignKey; values: (number | null)[] }[];
	/** Newest first, for the table. */
	rows: TrendRow[];
}

interface Point {
	id: string;
	at: string;
	values: (number | null)[];
	unusual: boolean[];
	device?: string;
}

const BP_LINES: VitalSignKey[] = ['systolic', 'diastolic'];

export function trendSeries(observations: readonly Observation[], options: { sinceMs?: number } = {}): TrendSeries[] {
	const replaced = new Set<string>();
	for (const o of observations) if (o.replaces) replaced.add(o.replaces);
	const since = options.sinceMs === undefined ? '' : new Date(options.sinceMs).toISOString();

	const single = new Map<VitalSignKey, Point[]>();
	const pressure = new Map<string, Point>();
	for (const o of observations) {
		if (replaced.has(o._id) || o.effectiveAt < since) continue;
		const sign = vitalSignByCode(o.code);
		if (!sign || sign.key === 'mean-arterial') continue;
		const line = BP_LINES.indexOf(sign.key);
		if (line >= 0) {
			// The two values of one cuff reading share a group (or at least their time).
			const groupKey = `${o.groupId ?? ''}|${o.effectiveAt}`;
			let point = pressure.get(groupKey);
			if (!point) pressure.set(groupKey, (point = { id: o._id, at: o.effectiveAt, values: [null, null], unusual: [false, false], device: o.device?.name }));
			point.values[line] = o.value;
			point.unusual[line] = o.unusual === true;
			continue;
		}
		let points = single.get(sign.key);
		if (!points) single.set(sign.key, (points = []));
		points.push({ id: o._id, at: o.effectiveAt, values: [o.value], unusual: [o.unusual === true], device: o.device?.name });
	}

	const result: TrendSeries[] = [];
	for (const key of VITAL_SIGN_KEYS) {
		if (key === 'systolic' && pressure.size) result.push(series('bloodPressure', BP_LINES, [...pressure.values()], 'systolic'));
		const points = single.get(key);
		if (points?.length) result.push(series(key as TrendKey, [key], points, key));
	}
	return result;
}

function series(key: TrendKey, lines: VitalSignKey[], points: Point[], unitOf: VitalSignKey): TrendSeries {
	points.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
	const sign = VITAL_SIGNS[unitOf];
	return {
		key,
		unit: sign.unit,
		decimals: sign.decimals,
		usual: lines.length === 1 ? { low: sign.usual.min, high: sign.usual.max } : undefined,
		times: points.map((p) => Date.parse(p.at) / 1000),
		lines: lines.map((line, i) => ({ key: line, values: points.map((p) => p.values[i]) })),
		rows: points.slice().reverse()
	};
}
