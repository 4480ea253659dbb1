import { describe, expect, it } from 'vitest';
import { plainDate, plainNumber, plainPlural, type PlainLocale } from './plain-format.ts';

const TAGS: Record<PlainLocale, string> = { de: 'de-DE', en: 'en-GB' };
const LOCALES: PlainLocale[] = ['de', 'en'];
const DATE_OPTIONS: Intl.DateTimeFormatOptions[] = [
	{ dateStyle: 'medium' },
	{ hour: '2-digit', minute: '2-digit' },
	{ dateStyle: 'short', timeStyle: 'short' },
	{ weekday: 'long', day: 'numeric', month: 'long' }
];
const NUMBER_OPTIONS: Intl.NumberFormatOptions[] = [
	{},
	{ maximumFractionDigits: 0 },
	{ maximumFractionDigits: 1 },
	{ maximumFractionDigits: 5 },
	{ minimumFractionDigits: 1, maximumFractionDigits: 1 },
	{ minimumFractionDigits: 2, maximumFractionDigits: 2 },
	{ minimumFractionDigits: 2 }
];

/** A deterministic spread of values: small and large, with halves, nines and binary near-halves. */
function numbers(): number[] {
	const values = [0, -0, 1, -1, 0.5, 1.5, 2.5, -2.5, 0.05, 1.005, 1.255, 9.995, 99.95, 999.5, 999999.5, 1234.5, -1234.5, 37.25, 36.85, 0.0004, -0.0004, 12345678.9, 72, 150];
	let seed = 7;
	const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
	for (let i = 0; i < 1000; i++) {
		const magnitude = 10 ** Math.floor(next() * 9 - 3);
		const value = Math.round(next() * magnitude * 10_000) / 10_000;
		values.push(i % 5 === 0 ? -value : value, Math.round(next() * 2000) / 8);
	}
	return values;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const intlDate = (locale: PlainLocale, options: Intl.DateTimeFormatOptions) => {
	const key = locale + JSON.stringify(options);
	if (!dateFormats.has(key)) dateFormats.set(key, new Intl.DateTimeFormat(TAGS[locale], options));
	return dateFormats.get(key)!;
};
const intlNumber = (locale: PlainLocale, options: Intl.NumberFormatOptions) => {
	const key = locale + JSON.stringify(options);
	if (!numberFormats.has(key)) numberFormats.set(key, new Intl.NumberFormat(TAGS[locale], options));
	return numberFormats.get(key)!;
};

describe('plain formats give what Intl gives', () => {
	it("for every date format, over three years of times in the device's time zone", () => {
		let compared = 0;
		for (let t = new Date(2025, 0, 1, 0, 7).getTime(); t < new Date(2028, 0, 1).getTime(); t += 7 * 3_600_000 + 13 * 60_000) {
			const date = new Date(t);
			for (const locale of LOCALES)
				for (const options of DATE_OPTIONS) {
					expect(plainDate(date, locale, options), `${date.toISOString()} ${locale} ${JSON.stringify(options)}`).toBe(intlDate(locale, options).format(date));
					compared++;
				}
		}
		expect(compared).toBeGreaterThan(20_000);
	});

	it('for numbers, with the fraction digits the screens ask for', () => {
		for (const value of numbers())
			for (const locale of LOCALES)
				for (const options of NUMBER_OPTIONS)
					expect(plainNumber(value, locale, options), `${value} ${locale} ${JSON.stringify(options)}`).toBe(intlNumber(locale, options).format(value));
	});

	it('for plural categories of counts', () => {
		for (const count of [0, 1, 2, 5, 11, 21, 100, 1.5, 0.5, -1])
			for (const locale of LOCALES) expect(plainPlural(count), `${count} ${locale}`).toBe(new Intl.PluralRules(TAGS[locale]).select(count));
	});
});

describe('plain formats leave the rest to Intl', () => {
	it('other date options, time zones, invalid dates and far years', () => {
		const date = new Date(2026, 2, 4, 9, 7);
		expect(plainDate(date, 'de', { dateStyle: 'long' })).toBeUndefined();
		expect(plainDate(date, 'de', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })).toBeUndefined();
		expect(plainDate(new Date(Number.NaN), 'de', { dateStyle: 'medium' })).toBeUndefined();
		expect(plainDate(new Date(12_000, 0, 1), 'de', { dateStyle: 'medium' })).toBeUndefined();
	});

	it('other number options, exponents and non-finite values', () => {
		expect(plainNumber(5, 'de', { style: 'percent' })).toBeUndefined();
		expect(plainNumber(1e21, 'de')).toBeUndefined();
		expect(plainNumber(1e-7, 'de')).toBeUndefined();
		expect(plainNumber(Number.NaN, 'de')).toBeUndefined();
		expect(plainNumber(Number.POSITIVE_INFINITY, 'en')).toBeUndefined();
		expect(plainNumber(1, 'de', { minimumFractionDigits: 3, maximumFractionDigits: 1 })).toBeUndefined();
	});
});
