// Dates, times, numbers and plural forms of German and British English without Intl, for the
// formats the screens use. The first Intl object a page creates costs 40–120 ms of a phone's main
// thread (the ICU locale data loads), and the home page needs one of each kind while it first
// renders. These produce exactly what Intl produces for de-DE and en-GB (plain-format.test.ts
// compares them over years of dates and thousands of numbers); any other format returns undefined
// and the caller asks Intl.

export type PlainLocale = 'de' | 'en';

const MONTHS: Record<PlainLocale, readonly string[]> = {
	de: ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'],
	en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']
};
const SHORT_MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS: Record<PlainLocale, readonly string[]> = {
	de: ['Sonntag', 'Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag'],
	en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
};
const SEPARATORS: Record<PlainLocale, { group: string; decimal: string }> = { de: { group: '.', decimal: ',' }, en: { group: ',', decimal: '.' } };
/** Intl's default when no fraction digits are asked for. */
const DEFAULT_MAX_FRACTION_DIGITS = 3;

const two = (n: number) => String(n).padStart(2, '0');

/** The date and time formats the app asks for, by their Intl options. */
const DATE_FORMATS: Record<string, (date: Date, locale: PlainLocale) => string> = {
	[JSON.stringify({ dateStyle: 'medium' })]: (d, locale) =>
		locale === 'de' ? `${two(d.getDate())}.${two(d.getMonth() + 1)}.${d.getFullYear()}` : `${d.getDate()} ${SHORT_MONTHS_EN[d.getMonth()]} ${d.getFullYear()}`,
	[JSON.stringify({ hour: '2-digit', minute: '2-digit' })]: (d) => `${two(d.getHours())}:${two(d.getMinutes())}`,
	[JSON.stringify({ dateStyle: 'short', timeStyle: 'short' })]: (d, locale) =>
		locale === 'de'
			? `${two(d.getDate())}.${two(d.getMonth() + 1)}.${two(d.getFullYear() % 100)}, ${two(d.getHours())}:${two(d.getMinutes())}`
			: `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()}, ${two(d.getHours())}:${two(d.getMinutes())}`,
	[JSON.stringify({ weekday: 'long', day: 'numeric', month: 'long' })]: (d, locale) =>
		locale === 'de' ? `${WEEKDAYS.de[d.getDay()]}, ${d.getDate()}. ${MONTHS.de[d.getMonth()]}` : `${WEEKDAYS.en[d.getDay()]} ${d.getDate()} ${MONTHS.en[d.getMonth()]}`
};

/** A date in one of the formats above, in the device's time zone; undefined for any other format. */
export function plainDate(date: Date, locale: PlainLocale, options: Intl.DateTimeFormatOptions): string | undefined {
	const year = date.getFullYear();
	// Invalid dates (Intl throws) and years outside four digits go to Intl.
	if (!(year >= 1000 && year <= 9999)) return undefined;
	return DATE_FORMATS[JSON.stringify(options)]?.(date, locale);
}

/** The plural category of a count: German and English say "one" for exactly ±1 and "other" otherwise. */
export function plainPlural(count: number): 'one' | 'other' {
	return Math.abs(count) === 1 ? 'one' : 'other';
}

/**
 * A number with grouping and the given fraction digits, rounded half away from zero on the
 * shortest decimal form of the value (as V8's Intl does: 1.005 → 1.01); undefined for options
 * other than the fraction digits, and for values written with an exponent.
 */
export function plainNumber(value: number, locale: PlainLocale, options: Intl.NumberFormatOptions = {}): string | undefined {
	const { minimumFractionDigits, maximumFractionDigits, ...other } = options;
	if (Object.keys(other).length > 0 || !Number.isFinite(value)) return undefined;
	const min = minimumFractionDigits ?? 0;
	const max = maximumFractionDigits ?? Math.max(min, DEFAULT_MAX_FRACTION_DIGITS);
	if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max > 100 || min > max) return undefined;
	const shortest = String(Math.abs(value));
	if (shortest.includes('e')) return undefined;
	let [whole, fraction = ''] = shortest.split('.');
	if (fraction.length > max) {
		const roundUp = fraction.charCodeAt(max) - 48 >= 5;
		let digits = whole + fraction.slice(0, max);
		if (roundUp) digits = incremented(digits);
		whole = digits.slice(0, digits.length - max) || '0';
		fraction = digits.slice(digits.length - max);
	}
	fraction = fraction.replace(/0+$/, '').padEnd(min, '0');
	const { group, decimal } = SEPARATORS[locale];
	const grouped = whole.replace(/\B(?=(\d{3})+$)/g, group);
	// Intl keeps the sign of a negative value that rounds to zero, and of -0.
	const sign = value < 0 || Object.is(value, -0) ? '-' : '';
	return `${sign}${grouped}${fraction ? decimal + fraction : ''}`;
}

/** A string of decimal digits plus one. */
function incremented(digits: string): string {
	const chars = digits.split('');
	for (let i = chars.length - 1; i >= 0; i--) {
		if (chars[i] !== '9') {
			chars[i] = String(Number(chars[i]) + 1);
			return chars.join('');
		}
		chars[i] = '0';
	}
	return `1${chars.join('')}`;
}
