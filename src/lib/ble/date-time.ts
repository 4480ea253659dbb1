// GATT Date Time (GATT Specification Supplement, Date Time 0x2A08; 7 bytes): year uint16 (1582–9999),
// month, day, hours, minutes, seconds; 0 in year, month or day means unknown.
import type { ByteReader } from './gatt-result.ts';

export const DATE_TIME_BYTES = 7;
const YEAR_MIN = 1582;
const YEAR_MAX = 9999;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/** A device-local time: a `Date` read through its local fields, or `YYYY-MM-DDTHH:MM:SS` as the parsers give it. */
export type DateTimeInput = Date | string;

type Fields = [year: number, month: number, day: number, hours: number, minutes: number, seconds: number];

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Gregorian calendar, which the characteristic's years (from 1582) are in. */
function daysInMonth(year: number, month: number): number {
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** `YYYY-MM-DDTHH:MM:SS`, or undefined unless the fields name a real moment (no 31 February, no year 65535). */
function formatFields(fields: Fields): string | undefined {
	const [year, month, day, hours, minutes, seconds] = fields;
	if (!fields.every(Number.isInteger) || year < YEAR_MIN || year > YEAR_MAX || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
	if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) return undefined;
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${year}-${pad(month)}-${pad(day)}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}

/** `YYYY-MM-DDTHH:MM:SS` in the device's local time (the characteristic carries no zone), or undefined. */
export function readDateTime(reader: ByteReader): string | undefined {
	return formatFields([reader.uint16(), reader.uint8(), reader.uint8(), reader.uint8(), reader.uint8(), reader.uint8()]);
}

/** The local time `minutes` later (earlier when negative), or undefined when that leaves years 1582–9999. */
export function addMinutes(local: string, minutes: number): string | undefined {
	const date = new Date(`${local}Z`);
	date.setUTCMinutes(date.getUTCMinutes() + minutes);
	return formatFields([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]);
}

/** The 7 bytes of a Date Time; throws a RangeError for a time the characteristic cannot carry. */
export function encodeDateTime(time: DateTimeInput): Uint8Array {
	const match = typeof time === 'string' ? LOCAL_DATE_TIME.exec(time) : null;
	const fields: Fields = match
		? [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6])]
		: time instanceof Date
			? [time.getFullYear(), time.getMonth() + 1, time.getDate(), time.getHours(), time.getMinutes(), time.getSeconds()]
			: [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN];
	if (!formatFields(fields)) throw new RangeError(`${String(time)} is no date time between ${YEAR_MIN} and ${YEAR_MAX}`);
	const [year, ...rest] = fields;
	return Uint8Array.from([year & 0xff, year >> 8, ...rest]);
}
