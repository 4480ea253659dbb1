import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatDate, formatNumber, formatTime, i18n, tn } from './i18n.svelte.ts';

const INSTANT = '2026-03-04T08:05:00Z';

describe('the language in use', () => {
	// A fresh module each: English is not loaded yet (its catalogs start with German alone).
	async function freshI18n() {
		vi.resetModules();
		return import('./i18n.svelte.ts');
	}

	it('switches only once the chosen messages have loaded', async () => {
		const fresh = await freshI18n();
		const switching = fresh.i18n.use('en');
		expect(fresh.i18n.locale).toBe('de');
		expect(fresh.t('nav.today')).toBe('Heute');
		await switching;
		expect(fresh.i18n.locale).toBe('en');
		expect(fresh.t('nav.today')).toBe('Today');
	});

	it('keeps the choice made last, when an earlier one was still loading', async () => {
		const fresh = await freshI18n();
		await Promise.all([fresh.i18n.use('en'), fresh.i18n.use('de')]);
		expect(fresh.i18n.locale).toBe('de');
		expect(fresh.t('nav.today')).toBe('Heute');
	});
});

describe('formatting through the shared Intl objects', () => {
	afterEach(async () => {
		await i18n.use('de');
	});

	it('keeps options apart: a date, a time and a number each format as asked', async () => {
		await i18n.use('de');
		expect(formatDate('2026-03-04')).toBe('04.03.2026');
		expect(formatDate(INSTANT, { timeZone: 'UTC', hour: '2-digit', minute: '2-digit' })).toBe('08:05');
		expect(formatDate(INSTANT, { timeZone: 'UTC', dateStyle: 'short' })).toBe('04.03.26');
		expect(formatNumber(1234.5)).toBe('1.234,5');
		expect(formatNumber(1234.5, { maximumFractionDigits: 0 })).toBe('1.235');
	});

	it('follows a change of language after a format was cached', async () => {
		await i18n.use('de');
		expect(formatNumber(1234.5)).toBe('1.234,5');
		expect(tn('today.visits', 1)).toBe('1 Besuch geplant');
		await i18n.use('en');
		expect(formatNumber(1234.5)).toBe('1,234.5');
		expect(formatDate('2026-03-04')).toBe('4 Mar 2026');
	});

	it('formats a time of day in the browser time zone', () => {
		expect(formatTime(new Date(2026, 2, 4, 9, 7))).toBe('09:07');
	});
});
