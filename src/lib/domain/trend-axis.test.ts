import { describe, expect, it } from 'vitest';
import { seriesAxis, trendAxis } from './trend-axis.ts';

describe('trendAxis', () => {
	it('heart rate 72–73 gets a span of at least 20 /min around the values, whole-number ticks', () => {
		const axis = trendAxis('heart-rate', 72, 73);
		expect(axis.integer).toBe(true);
		expect(axis.max - axis.min).toBeGreaterThanOrEqual(20);
		expect(axis.min).toBeLessThan(72);
		expect(axis.max).toBeGreaterThan(73);
		expect(Number.isInteger(axis.min) && Number.isInteger(axis.max)).toBe(true);
	});

	it('SpO₂ never goes above 100 %, and keeps its span by reaching down', () => {
		const axis = trendAxis('spo2', 97, 99);
		expect(axis.max).toBe(100);
		expect(axis.max - axis.min).toBeGreaterThanOrEqual(10);
		expect(axis.min).toBeLessThanOrEqual(97);
	});

	it('SpO₂ at 100 % only: still capped at 100', () => {
		expect(trendAxis('spo2', 100, 100).max).toBe(100);
	});

	it('a single value gets a readable span around it', () => {
		const axis = trendAxis('respiratory-rate', 16, 16);
		expect(axis.min).toBeLessThan(16);
		expect(axis.max).toBeGreaterThan(16);
		expect(axis.max - axis.min).toBeGreaterThanOrEqual(10);
	});

	it('temperature keeps one decimal and a span of at least 2 °C', () => {
		const axis = trendAxis('temperature', 36.8, 37.1);
		expect(axis).toMatchObject({ integer: false, decimals: 1 });
		expect(axis.max - axis.min).toBeGreaterThanOrEqual(2 - 1e-9);
		expect(axis.min).toBe(Math.round(axis.min * 10) / 10);
	});

	it('a wide range is kept, only padded a little', () => {
		const axis = trendAxis('bloodPressure', 60, 180);
		expect(axis.min).toBeLessThanOrEqual(60);
		expect(axis.max).toBeGreaterThanOrEqual(180);
		expect(axis.max - axis.min).toBeLessThan(150);
	});

	it('nothing goes below 0, and pain stays within 0–10', () => {
		expect(trendAxis('respiratory-rate', 2, 3).min).toBeGreaterThanOrEqual(0);
		const pain = trendAxis('pain', 0, 2);
		expect([pain.min, pain.max]).toEqual([0, 10]);
	});

	it('glucose in mmol/L keeps one decimal and a span scaled to the unit', () => {
		const axis = trendAxis('glucose', 5.4, 5.6, 'mmol/L');
		expect(axis).toMatchObject({ integer: false, decimals: 1 });
		expect(axis.max - axis.min).toBeGreaterThan(2);
		expect(axis.max - axis.min).toBeLessThan(5);
	});

	it('seriesAxis spans all lines of blood pressure and skips gaps', () => {
		const axis = seriesAxis({ key: 'bloodPressure', unit: 'mm[Hg]', lines: [{ key: 'systolic', values: [120, null] }, { key: 'diastolic', values: [80, 75] }] });
		expect(axis!.min).toBeLessThanOrEqual(75);
		expect(axis!.max).toBeGreaterThanOrEqual(120);
		expect(seriesAxis({ key: 'spo2', unit: '%', lines: [{ key: 'spo2', values: [null] }] })).toBeUndefined();
	});
});
