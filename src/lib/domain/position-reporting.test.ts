import { describe, expect, it } from 'vitest';
import { haversineKm } from './geo.ts';
import { shouldReportPosition } from './position-reporting.ts';

const fix = (seconds: number, lat: number, lon: number, accuracyM = 10) => ({ at: seconds * 1000, lat, lon, accuracyM });

describe('shouldReportPosition', () => {
	const start = fix(0, 50.65, 11.36);
	it('reports the first fix at once', () => {
		expect(shouldReportPosition(undefined, start)).toBe(true);
	});
	it('waits at least 30 s, then reports a move of 100 m or more', () => {
		const moved = 0.002; // ~220 m north
		expect(shouldReportPosition(start, fix(20, 50.65 + moved, 11.36))).toBe(false);
		expect(shouldReportPosition(start, fix(40, 50.65 + moved, 11.36))).toBe(true);
		expect(shouldReportPosition(start, fix(40, 50.6503, 11.36))).toBe(false); // ~33 m
	});
	it('treats a move within the fixes’ uncertainty as noise', () => {
		expect(shouldReportPosition(start, fix(60, 50.652, 11.36, 400))).toBe(false);
	});
	it('standing still, still reports every 5 minutes', () => {
		expect(shouldReportPosition(start, fix(299, 50.65, 11.36))).toBe(false);
		expect(shouldReportPosition(start, fix(300, 50.65, 11.36))).toBe(true);
	});
	it('with a low battery not charging reports at most every 5 minutes', () => {
		const far = fix(120, 50.7, 11.36);
		expect(shouldReportPosition(start, far, { level: 0.15, charging: false })).toBe(false);
		expect(shouldReportPosition(start, far, { level: 0.15, charging: true })).toBe(true);
		expect(shouldReportPosition(start, { ...far, at: 301_000 }, { level: 0.15, charging: false })).toBe(true);
	});
});

describe('haversineKm at the scale of a move', () => {
	it('a thousandth of a degree of latitude is about 111 m', () => {
		expect(haversineKm({ lat: 50, lon: 11 }, { lat: 50.001, lon: 11 }) * 1000).toBeCloseTo(111.2, 0);
	});
});
