// The value axis of a trend chart per vital sign: whole-number ticks for whole-number vitals, a
// minimum span so that 72 and 73 /min do not fill the chart, and physiological caps (SpO₂ never
// above 100 %, nothing below 0).
import type { TrendKey, TrendSeries } from './trends.ts';
import { roundTo } from './units.ts';
import { VITAL_SIGNS, type VitalSignKey } from './vital-signs.ts';

/** Smallest span shown, in the vital's unit: small changes look small. */
const MIN_SPAN: Record<TrendKey, number> = {
	'heart-rate': 20,
	'respiratory-rate': 10,
	spo2: 10,
	temperature: 2,
	bloodPressure: 40,
	weight: 5,
	height: 10,
	bmi: 4,
	glucose: 40,
	gcs: 12,
	pain: 10
};
/** Hard limits of the axis (what the value can be at all). */
const CAPS: Partial<Record<TrendKey, { min: number; max: number }>> = {
	spo2: { min: 0, max: 100 },
	gcs: { min: 3, max: 15 },
	pain: { min: 0, max: 10 }
};
const LOWEST = 0;
/** Glucose is charted in mmol/L for those who read it so: the span shrinks with the unit. */
const MG_DL_PER_MMOL_L = 18.016;

export interface TrendAxis {
	min: number;
	max: number;
	/** Tick step is a whole number (and labels carry no decimals). */
	integer: boolean;
	decimals: number;
}

function signOf(key: TrendKey): VitalSignKey {
	return key === 'bloodPressure' ? 'systolic' : key;
}

/** The axis for values from `low` to `high` (both may be equal); glucose may come in mmol/L. */
export function trendAxis(key: TrendKey, low: number, high: number, unit?: string): TrendAxis {
	const inMmol = key === 'glucose' && unit === 'mmol/L';
	const decimals = inMmol ? 1 : VITAL_SIGNS[signOf(key)].decimals;
	const cap = CAPS[key] ?? { min: LOWEST, max: Infinity };
	const span = Math.max(inMmol ? MIN_SPAN.glucose / MG_DL_PER_MMOL_L : MIN_SPAN[key], high - low);
	const pad = (span - (high - low)) / 2 + span * 0.05;
	let min = low - pad;
	let max = high + pad;
	// Against a cap, the span is kept by moving to the other side.
	if (max > cap.max) {
		min = Math.max(cap.min, min - (max - cap.max));
		max = cap.max;
	}
	if (min < cap.min) {
		max = Math.min(cap.max, max + (cap.min - min));
		min = cap.min;
	}
	const step = decimals === 0 ? 1 : 10 ** -decimals;
	return { min: roundTo(Math.floor(min / step) * step, decimals), max: roundTo(Math.ceil(max / step) * step, decimals), integer: decimals === 0, decimals };
}

/** Tick steps for whole-number vitals (uPlot `incrs`): never a fraction. */
export const WHOLE_TICK_STEPS: readonly number[] = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500];

/** The axis of a whole series (all its lines); undefined when it has no value at all. */
export function seriesAxis(series: Pick<TrendSeries, 'key' | 'unit' | 'lines'>): TrendAxis | undefined {
	let low = Infinity;
	let high = -Infinity;
	for (const line of series.lines)
		for (const value of line.values) {
			if (value === null) continue;
			if (value < low) low = value;
			if (value > high) high = value;
		}
	return low <= high ? trendAxis(series.key, low, high, series.unit) : undefined;
}
