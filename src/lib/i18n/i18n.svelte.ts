// The message layer: the active locale, `t()` for messages, dates and numbers (plain-format.ts
// for the formats the screens use, Intl for any other).
import { de, type MessageKey } from './de.ts';
import { plainDate, plainNumber, plainPlural } from './plain-format.ts';

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type { MessageKey };

type Catalog = Record<MessageKey, string>;
/**
 * German is part of the app's start; English is loaded when chosen: every opening of the app
 * would otherwise compile the messages of both languages (half of them never shown).
 */
const LOAD_CATALOG: Record<Locale, () => Promise<Catalog>> = {
	de: () => Promise.resolve(de),
	en: async () => (await import('./en.ts')).en
};
const catalogs: Partial<Record<Locale, Catalog>> = { de };
const STORAGE_KEY = 'fieldcare.locale';

class I18n {
	#locale = $state<Locale>('de');
	/** The language asked for last: a slower load of an earlier choice must not win over it. */
	#wanted: Locale = 'de';

	get locale(): Locale {
		return this.#locale;
	}

	/** Switches the language once its messages are loaded, and keeps the choice on this device. */
	async use(locale: Locale): Promise<void> {
		this.#wanted = locale;
		catalogs[locale] ??= await LOAD_CATALOG[locale]();
		if (this.#wanted !== locale) return;
		this.#locale = locale;
		if (typeof document !== 'undefined') document.documentElement.lang = locale;
		if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, locale);
	}

	/** Restores the user's choice on this device; German unless English was chosen (and could be loaded). */
	async restore(): Promise<void> {
		const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
		if (saved === 'de' || saved === 'en') await this.use(saved).catch(() => undefined);
	}
}

export const i18n = new I18n();

/** The messages of the language in use (German until another one has loaded). */
function catalog(): Catalog {
	return catalogs[i18n.locale] ?? de;
}

export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
	const template = catalog()[key] ?? de[key];
	return template.replace(/\{(\w+)\}/g, (match, name: string) =>
		name in params ? (typeof params[name] === 'number' ? formatNumber(params[name] as number) : String(params[name])) : match
	);
}

/** Message keys that come in plural forms: `<key>.one` and `<key>.other` in every catalog. */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}.other` ? Base : never) : never;

/** A message about `count` things, in the form the locale's plural rules pick (the same in German and English). */
export function tn(key: PluralKey, count: number, params: Record<string, string | number> = {}): string {
	const form = plainPlural(count);
	const keyOfForm = `${key}.${form}`;
	const chosen = (keyOfForm in catalog() ? keyOfForm : `${key}.other`) as MessageKey;
	return t(chosen, { count, ...params });
}

const intlTag = () => (i18n.locale === 'de' ? 'de-DE' : 'en-GB');

/**
 * One Intl object per constructor, locale and options (for formats plain-format.ts does not know):
 * constructing one costs about as much as formatting a hundred values.
 */
// A cache, not state: nothing renders from it.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const intlObjects = new Map<string, object>();

function cachedIntl<O, T extends object>(Constructor: new (locale: string, options?: O) => T, locale: string, options?: O): T {
	const key = `${Constructor.name}|${locale}|${options === undefined ? '' : JSON.stringify(options)}`;
	let object = intlObjects.get(key) as T | undefined;
	if (object === undefined) {
		object = new Constructor(locale, options);
		intlObjects.set(key, object);
	}
	return object;
}

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
	return plainNumber(value, i18n.locale, options) ?? cachedIntl(Intl.NumberFormat, intlTag(), options).format(value);
}

export function formatDate(value: Date | string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
	// A value to format, not state: no reactivity needed.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	const date = typeof value === 'string' ? new Date(value.length === 10 ? `${value}T12:00:00` : value) : value;
	return plainDate(date, i18n.locale, options) ?? cachedIntl(Intl.DateTimeFormat, intlTag(), options).format(date);
}

export function formatTime(value: Date | string): string {
	return formatDate(value, { hour: '2-digit', minute: '2-digit' });
}

export function formatDateTime(value: Date | string): string {
	return formatDate(value, { dateStyle: 'short', timeStyle: 'short' });
}

export function formatBytes(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}
	return `${formatNumber(value, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}

/** How a UCUM unit code reads on screen (`mm[Hg]` → mmHg, `Cel` → °C); score units read as nothing. */
const UNIT_LABELS: Record<string, string> = { 'mm[Hg]': 'mmHg', Cel: '°C', '[degF]': '°F', '[lb_av]': 'lb', 'kg/m2': 'kg/m²', '{score}': '', '[in_i]': 'in' };

export function unitLabel(ucum: string | undefined): string {
	return ucum === undefined ? '' : (UNIT_LABELS[ucum] ?? ucum);
}

/** A measured value with its unit, in the locale's number format. */
export function formatMeasurement(value: number, ucum: string, decimals: number): string {
	const unit = unitLabel(ucum);
	return `${formatNumber(value, { maximumFractionDigits: decimals, minimumFractionDigits: decimals })}${unit ? ` ${unit}` : ''}`;
}
