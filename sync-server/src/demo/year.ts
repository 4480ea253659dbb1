// A year of operation for the demo organisation (issue 12): the nursing station's visits, tours,
// vital signs, notes and signatures, the ambulance station's missions with their status presses,
// position reports, vitals, measures, handovers and alarms. Pure and deterministic: the same seed,
// today and number of days give the same documents, with ids, times and authors as the people of
// the demo would have written them (createdBy, deviceId, the rights of rights.ts). Each document
// comes with its revisions and who wrote each, so a loader can store it with that history and a
// test can write it through the server as its authors.
// The year holds the days before today, documented, and today's and the next days' plans, made
// the afternoon before today (in place of the demo seed's plan of today, demo-data.ts).
import { mulberry32, type Patient } from '../../../src/lib/domain/index.ts';
import { addDays } from './year-clock.ts';
import type { YearEntry } from './year-authors.ts';
import { ambulanceDay } from './year-ambulance.ts';
import { nursingDay, nursingPlan, plannedDay } from './year-nursing.ts';

export const YEAR_DAYS = 365;
/** Days after today with visits and tours already planned. */
export const PLANNED_DAYS_AHEAD = 7;
export const DEFAULT_YEAR_SEED = 2026;

export * from './year-authors.ts';

export interface YearOptions {
	seed: number;
	/** The local day the year ends before (YYYY-MM-DD); its plan and the next days' are made the day before. */
	today: string;
	/** Days of history before today. */
	days: number;
	/** The demo's patients (demo-data.ts), whose visits the year holds. */
	patients: readonly Patient[];
}

/**
 * The generated documents, oldest day first, one day at a time (a year is some 300,000
 * documents: the loader stores them as they come instead of holding them all).
 */
export function* generateYear(options: YearOptions): Generator<YearEntry[]> {
	// Separate streams, so that the nursing station's year is the same whatever the ambulance draws.
	const nursingRandom = mulberry32(options.seed);
	const ambulanceRandom = mulberry32(options.seed ^ 0x5bd1e995);
	const plan = nursingPlan(options.patients, mulberry32(options.seed ^ 0x27d4eb2f));
	for (let offset = options.days; offset >= 1; offset--) {
		const date = addDays(options.today, -offset);
		yield [...nursingDay(plan, date, nursingRandom), ...ambulanceDay(date, ambulanceRandom)];
	}
	for (let offset = 0; offset <= PLANNED_DAYS_AHEAD; offset++) {
		yield plannedDay(plan, addDays(options.today, offset), addDays(options.today, -1), nursingRandom);
	}
}

/** Every entry at once: for tests and small slices. */
export function generateYearEntries(options: YearOptions): YearEntry[] {
	return [...generateYear(options)].flat();
}
