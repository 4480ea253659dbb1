// How a NEWS2 result is shown and what the person does next (RCP 2017 clinical response). A
// partial score that calls for no alarm reassures about nothing, so it shows "—" and the missing
// rows instead of a number; a partial score that already calls for an alarm shows "≥ total".
import type { News2Band, News2Parameter, News2Result } from './news2.ts';

/** The clinical response (RCP 2017, chart 2), plus `measure`: values are missing. */
export type News2NextStep = 'measure' | 'routine' | 'ward' | 'urgent-ward' | 'urgent' | 'emergency';

export interface News2Display {
	/** The number to show; undefined means "—" (not enough values). */
	score: number | undefined;
	/** The score is a lower bound (parameters missing), shown as "≥ score". */
	atLeast: boolean;
	missing: News2Parameter[];
	band: News2Band;
	nextStep: News2NextStep;
	/** A banner in view, announced to screen readers: medium, high, or a single 3. */
	alarm: boolean;
}

const NEXT_STEP_BY_BAND: Record<Exclude<News2Band, 'low'>, Exclude<News2NextStep, 'measure'>> = { 'low-medium': 'urgent-ward', medium: 'urgent', high: 'emergency' };

export function news2NextStep(band: News2Band, total: number): Exclude<News2NextStep, 'measure'> {
	if (band !== 'low') return NEXT_STEP_BY_BAND[band];
	return total === 0 ? 'routine' : 'ward';
}

export function news2Display(result: News2Result | undefined): News2Display {
	if (result === undefined) return { score: undefined, atLeast: false, missing: [], band: 'low', nextStep: 'measure', alarm: false };
	const alarm = result.band !== 'low';
	if (!result.complete && !alarm) return { score: undefined, atLeast: false, missing: result.missing, band: result.band, nextStep: 'measure', alarm };
	return { score: result.total, atLeast: !result.complete, missing: result.missing, band: result.band, nextStep: news2NextStep(result.band, result.total), alarm };
}
