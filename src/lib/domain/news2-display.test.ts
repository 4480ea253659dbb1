import { describe, expect, it } from 'vitest';
import { news2Score } from './news2.ts';
import { news2Display, news2NextStep } from './news2-display.ts';

const HAND = { consciousness: 'alert', onOxygen: false } as const;
const NORMAL = { respiratoryRate: 16, spo2: 97, systolic: 125, pulse: 70, temperatureC: 36.8, ...HAND };

describe('news2Display: "—" until enough values exist', () => {
	it('no result at all reads "—" and asks to measure', () => {
		expect(news2Display(undefined)).toMatchObject({ score: undefined, nextStep: 'measure', alarm: false });
	});

	it('only the hand-entered rows (alert, on air) read "—", not 0, and name the five missing rows', () => {
		const shown = news2Display(news2Score(HAND));
		expect(shown.score).toBeUndefined();
		expect(shown.nextStep).toBe('measure');
		expect(shown.missing).toEqual(['respiratoryRate', 'spo2', 'systolic', 'pulse', 'temperature']);
	});

	it('a partial score without alarm reads "—" with the one missing row', () => {
		const { temperatureC: _left, ...partial } = NORMAL;
		const shown = news2Display(news2Score(partial));
		expect(shown).toMatchObject({ score: undefined, missing: ['temperature'], alarm: false });
	});

	it('a partial score that already calls for an alarm shows "≥ total" and the alarm', () => {
		const shown = news2Display(news2Score({ respiratoryRate: 26, pulse: 135, ...HAND }));
		expect(shown).toMatchObject({ score: 6, atLeast: true, band: 'medium', nextStep: 'urgent', alarm: true });
	});

	it('a complete score shows its number, not marked as a lower bound', () => {
		expect(news2Display(news2Score(NORMAL))).toMatchObject({ score: 0, atLeast: false, missing: [], nextStep: 'routine', alarm: false });
	});

	it('the DOMAIN worked example (7) is high: emergency response, alarm', () => {
		const result = news2Score({ respiratoryRate: 22, spo2: 95, systolic: 105, pulse: 112, temperatureC: 38.4, ...HAND });
		expect(news2Display(result)).toMatchObject({ score: 7, atLeast: false, band: 'high', nextStep: 'emergency', alarm: true });
	});
});

describe('news2NextStep per clinical response band (RCP 2017)', () => {
	it.each([
		['low', 0, 'routine'],
		['low', 1, 'ward'],
		['low', 4, 'ward'],
		['low-medium', 3, 'urgent-ward'],
		['medium', 5, 'urgent'],
		['medium', 6, 'urgent'],
		['high', 7, 'emergency'],
		['high', 12, 'emergency']
	] as const)('%s with %i → %s', (band, total, step) => {
		expect(news2NextStep(band, total)).toBe(step);
	});

	it('a single 3 with a total of 3 is low–medium: urgent ward-based review, alarm', () => {
		const result = news2Score({ ...NORMAL, respiratoryRate: 7 });
		expect(news2Display(result)).toMatchObject({ score: 3, band: 'low-medium', nextStep: 'urgent-ward', alarm: true });
	});
});
