// Calendar and clock of the generated year: days as YYYY-MM-DD, times of day in the station's own
// zone (Europe/Berlin: CET, CEST from the last Sunday of March to the last Sunday of October, EU
// directive 2000/84/EC), so that the same seed gives the same instants on every machine.
import { ulid } from '../../../src/lib/domain/index.ts';

const DAY_MS = 86_400_000;

function utcMidnight(date: string): number {
	const [year, month, day] = date.split('-').map(Number);
	return Date.UTC(year, month - 1, day);
}

export function addDays(date: string, days: number): string {
	return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
	return new Date(utcMidnight(date)).getUTCDay();
}

function lastSunday(year: number, monthIndex: number): number {
	const last = new Date(Date.UTC(year, monthIndex + 1, 0));
	return last.getUTCDate() - last.getUTCDay();
}

/** Minutes Berlin is ahead of UTC on `date` (the day of a switch counts as the new time). */
export function berlinOffsetMinutes(date: string): number {
	const [year, month, day] = date.split('-').map(Number);
	const afterMarch = month > 3 || (month === 3 && day >= lastSunday(year, 2));
	const beforeOctober = month < 10 || (month === 10 && day < lastSunday(year, 9));
	return afterMarch && beforeOctober ? 120 : 60;
}

/** Milliseconds since the epoch of `minutes` after local midnight of `date` in Berlin. */
export function localMs(date: string, minutes: number): number {
	return utcMidnight(date) + (minutes - berlinOffsetMinutes(date)) * 60_000;
}

export function iso(ms: number): string {
	return new Date(Math.round(ms)).toISOString();
}

/** `HH:MM` of minutes after midnight (the visit and tour schemas' clock times). */
export function clock(minutes: number): string {
	const m = Math.max(0, Math.min(23 * 60 + 59, Math.round(minutes)));
	return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

export function minutesOf(time: string): number {
	const [h, m] = time.split(':').map(Number);
	return h * 60 + m;
}

/** A ULID made at `ms` whose random part comes from the seeded generator. */
export function seededUlid(ms: number, random: () => number): string {
	return ulid(ms, (n) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256)));
}
