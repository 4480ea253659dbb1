import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, validateDocument, type Observation } from './documents.ts';
import { buildNews2Alarm, latestNews2Inputs, news2Score, NEWS2_PARAMETERS, type Consciousness, type News2Band, type News2Input } from './news2.ts';

/** The score of one parameter, the others left out. */
const scoreOf = (input: News2Input) => {
	const { scores } = news2Score(input);
	const present = Object.values(scores);
	expect(present).toHaveLength(1);
	return present[0];
};

// Every boundary of every row of the RCP 2017 chart (DOMAIN.md): the last value of one band and
// the first of the next.
describe('NEWS2 chart, row by row', () => {
	it.each([
		[0, 3], [8, 3], [9, 1], [11, 1], [12, 0], [20, 0], [21, 2], [24, 2], [25, 3], [60, 3]
	])('respiration rate %d/min scores %d', (respiratoryRate, score) => {
		expect(scoreOf({ respiratoryRate })).toBe(score);
	});

	it.each([
		[70, 3], [91, 3], [92, 2], [93, 2], [94, 1], [95, 1], [96, 0], [100, 0]
	])('SpO2 scale 1 %d %% scores %d, on air and on oxygen alike', (spo2, score) => {
		expect(news2Score({ spo2, spo2Scale: 1, onOxygen: false }).scores.spo2).toBe(score);
		expect(news2Score({ spo2, spo2Scale: 1, onOxygen: true }).scores.spo2).toBe(score);
		expect(scoreOf({ spo2 })).toBe(score); // scale 1 is the default
	});

	it.each([
		[70, 3], [83, 3], [84, 2], [85, 2], [86, 1], [87, 1], [88, 0], [92, 0], [93, 0], [97, 0], [100, 0]
	])('SpO2 scale 2 %d %% on air scores %d', (spo2, score) => {
		expect(news2Score({ spo2, spo2Scale: 2, onOxygen: false }).scores.spo2).toBe(score);
	});

	it.each([
		[83, 3], [84, 2], [85, 2], [86, 1], [87, 1], [88, 0], [92, 0], [93, 1], [94, 1], [95, 2], [96, 2], [97, 3], [100, 3]
	])('SpO2 scale 2 %d %% on oxygen scores %d', (spo2, score) => {
		expect(news2Score({ spo2, spo2Scale: 2, onOxygen: true }).scores.spo2).toBe(score);
	});

	it.each([
		[false, 0], [true, 2]
	])('on oxygen %s scores %d', (onOxygen, score) => {
		expect(scoreOf({ onOxygen })).toBe(score);
	});

	it.each([
		[60, 3], [90, 3], [91, 2], [100, 2], [101, 1], [110, 1], [111, 0], [219, 0], [220, 3], [260, 3]
	])('systolic %d mmHg scores %d', (systolic, score) => {
		expect(scoreOf({ systolic })).toBe(score);
	});

	it.each([
		[30, 3], [40, 3], [41, 1], [50, 1], [51, 0], [90, 0], [91, 1], [110, 1], [111, 2], [130, 2], [131, 3], [180, 3]
	])('pulse %d/min scores %d', (pulse, score) => {
		expect(scoreOf({ pulse })).toBe(score);
	});

	it.each([
		['alert', 0], ['new-confusion', 3], ['voice', 3], ['pain', 3], ['unresponsive', 3]
	] as [Consciousness, number][])('consciousness %s scores %d', (consciousness, score) => {
		expect(scoreOf({ consciousness })).toBe(score);
	});

	it.each([
		[33, 3], [35.0, 3], [35.1, 1], [36.0, 1], [36.1, 0], [38.0, 0], [38.1, 1], [39.0, 1], [39.1, 2], [41, 2]
	])('temperature %d °C scores %d', (temperatureC, score) => {
		expect(scoreOf({ temperatureC })).toBe(score);
	});

	it('scores a value at the chart resolution: 38.04 °C is 38.0, 38.05 °C is 38.1; 90.4/min is 90', () => {
		expect(scoreOf({ temperatureC: 38.04 })).toBe(0);
		expect(scoreOf({ temperatureC: 38.05 })).toBe(1);
		expect(scoreOf({ pulse: 90.4 })).toBe(0);
		expect(scoreOf({ pulse: 90.5 })).toBe(1);
	});
});

const WORKED_EXAMPLE: News2Input = { respiratoryRate: 22, spo2: 95, spo2Scale: 1, onOxygen: false, systolic: 105, pulse: 112, consciousness: 'alert', temperatureC: 38.4 };
const NORMAL: News2Input = { respiratoryRate: 16, spo2: 97, spo2Scale: 1, onOxygen: false, systolic: 130, pulse: 72, consciousness: 'alert', temperatureC: 36.8 };

describe('news2Score', () => {
	it('scores the worked example (DOMAIN.md) 7, high', () => {
		const result = news2Score(WORKED_EXAMPLE);
		expect(result.scores).toEqual({ respiratoryRate: 2, spo2: 1, airOrOxygen: 0, systolic: 1, pulse: 2, consciousness: 0, temperature: 1 });
		expect(result).toMatchObject({ total: 7, complete: true, missing: [], band: 'high', colour: 'red', alarmNeeded: true });
	});

	it.each([
		['all normal', {}, 0, 'low', 'green', false],
		['total 4 without a 3', { respiratoryRate: 22, pulse: 115 }, 4, 'low', 'green', false],
		['a single 3 (new confusion)', { consciousness: 'new-confusion' }, 3, 'low-medium', 'amber', true],
		['a single 3 in a total of 4', { consciousness: 'voice', temperatureC: 38.5 }, 4, 'low-medium', 'amber', true],
		['total 5', { respiratoryRate: 22, pulse: 115, temperatureC: 38.5 }, 5, 'medium', 'orange', true],
		['total 6 with a 3', { respiratoryRate: 26, pulse: 115, temperatureC: 38.5 }, 6, 'medium', 'orange', true],
		['total 7', { respiratoryRate: 22, pulse: 115, systolic: 95, temperatureC: 38.5 }, 7, 'high', 'red', true]
	] as [string, News2Input, number, News2Band, string, boolean][])('%s: band %s', (_case, change, total, band, colour, alarmNeeded) => {
		expect(news2Score({ ...NORMAL, ...change })).toMatchObject({ total, band, colour, alarmNeeded, complete: true });
	});

	it('marks a partial score incomplete and names what is missing', () => {
		const result = news2Score({ respiratoryRate: 18, pulse: 80, systolic: 120 });
		expect(result).toMatchObject({ total: 0, complete: false, band: 'low', colour: 'grey', alarmNeeded: false });
		expect(result.missing).toEqual(['spo2', 'airOrOxygen', 'consciousness', 'temperature']);
	});

	it('raises the alarm from a partial score that already calls for it', () => {
		expect(news2Score({ respiratoryRate: 26 })).toMatchObject({ total: 3, complete: false, band: 'low-medium', colour: 'amber', alarmNeeded: true });
		expect(news2Score({ respiratoryRate: 22, pulse: 135 })).toMatchObject({ total: 5, complete: false, band: 'medium', alarmNeeded: true });
	});

	it('with nothing measured, everything is missing and the total is 0', () => {
		expect(news2Score({})).toMatchObject({ total: 0, complete: false, missing: [...NEWS2_PARAMETERS], colour: 'grey' });
	});

	it('treats a value that is no number as missing', () => {
		const result = news2Score({ ...NORMAL, pulse: Number.NaN });
		expect(result.missing).toEqual(['pulse']);
		expect(Number.isNaN(result.total)).toBe(false);
	});

	it('on scale 2 with the oxygen row unknown, scores SpO2 as on air (the lower bound)', () => {
		expect(news2Score({ spo2: 97, spo2Scale: 2 }).scores.spo2).toBe(0);
		expect(news2Score({ spo2: 97, spo2Scale: 2, onOxygen: true }).total).toBe(5);
	});
});

const parameterValues = {
	respiratoryRate: fc.integer({ min: 2, max: 60 }),
	spo2: fc.integer({ min: 80, max: 100 }), // where the two scales and oxygen differ
	onOxygen: fc.boolean(),
	systolic: fc.integer({ min: 50, max: 260 }),
	pulse: fc.integer({ min: 20, max: 200 }),
	consciousness: fc.constantFrom<Consciousness>('alert', 'new-confusion', 'voice', 'pain', 'unresponsive'),
	temperatureC: fc.double({ min: 30, max: 43, noNaN: true })
};
const fullInput = fc.record({ ...parameterValues, spo2Scale: fc.constantFrom<1 | 2>(1, 2) });
type Measurable = keyof typeof parameterValues;
const MEASURABLE = Object.keys(parameterValues) as Measurable[];
/** Some of a full set of values; the SpO2 scale is prescribed, so it always stays. */
function pick(full: Required<News2Input>, keys: readonly Measurable[]): News2Input {
	const input: News2Input = { spo2Scale: full.spo2Scale };
	for (const key of keys) Object.assign(input, { [key]: full[key] });
	return input;
}
const BAND_RANK: Record<News2Band, number> = { low: 0, 'low-medium': 1, medium: 2, high: 3 };

describe('news2Score properties', () => {
	it('the total is the sum of the parts, and complete means nothing missing', () => {
		fc.assert(
			fc.property(fullInput, fc.subarray(MEASURABLE), (full, kept) => {
				const result = news2Score(pick(full, kept));
				const parts = NEWS2_PARAMETERS.flatMap((parameter) => result.scores[parameter] ?? []);
				expect(result.total).toBe(parts.reduce((sum: number, score) => sum + score, 0));
				expect(parts.length + result.missing.length).toBe(NEWS2_PARAMETERS.length);
				expect(result.complete).toBe(result.missing.length === 0);
			})
		);
	});

	it('measuring a missing parameter never lowers the total, the band or the alarm', () => {
		fc.assert(
			fc.property(fullInput, fc.subarray(MEASURABLE), fc.constantFrom(...MEASURABLE), (full, kept, added) => {
				const without = kept.filter((key) => key !== added);
				const before = news2Score(pick(full, without));
				const after = news2Score(pick(full, [...without, added]));
				expect(after.total).toBeGreaterThanOrEqual(before.total);
				expect(BAND_RANK[after.band]).toBeGreaterThanOrEqual(BAND_RANK[before.band]);
				if (before.alarmNeeded) expect(after.alarmNeeded).toBe(true);
			}),
			// Enough runs to meet the rare cases too (scale 2, oxygen added last, SpO2 ≥ 93).
			{ numRuns: 2000 }
		);
	});
});

// ---- latestNews2Inputs ------------------------------------------------------------------------

const NOW = new Date('2026-11-24T09:00:00.000Z');
let serial = 0;
function observation(code: string, value: number, minutesAgo: number, extra: Partial<Observation> = {}): Observation {
	serial++;
	const unit = { '9279-1': '/min', '8867-4': '/min', '2708-6': '%', '59408-5': '%', '8480-6': 'mm[Hg]', '8462-4': 'mm[Hg]', '8310-5': 'Cel', '41653-7': 'mg/dL' }[code] ?? '1';
	return {
		_id: `observation:p1:${String(serial).padStart(6, '0')}`,
		type: 'observation',
		schemaVersion: SCHEMA_VERSION,
		createdAt: NOW.toISOString(),
		createdBy: 'anna',
		deviceId: 'tablet-1',
		patientId: 'patient:p1',
		code,
		value,
		unit,
		effectiveAt: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
		...extra
	};
}

describe('latestNews2Inputs', () => {
	it('takes the latest value of each measured parameter within the window, and the rows entered by hand', () => {
		const observations = [
			observation('9279-1', 14, 50),
			observation('9279-1', 22, 10),
			observation('2708-6', 95, 12),
			observation('8480-6', 105, 11),
			observation('8462-4', 70, 11),
			observation('8867-4', 112, 11),
			observation('8310-5', 38.4, 30),
			observation('8310-5', 36.5, 90), // outside the hour
			observation('41653-7', 140, 5) // glucose: no NEWS2 row
		];
		const { input, observationIds } = latestNews2Inputs(observations, NOW, 60, { consciousness: 'alert', onOxygen: false, spo2Scale: 1 });
		expect(input).toEqual(WORKED_EXAMPLE);
		expect(observationIds).toEqual([observations[1]._id, observations[2]._id, observations[3]._id, observations[5]._id, observations[6]._id]);
		expect(news2Score(input)).toMatchObject({ total: 7, band: 'high' });
	});

	it('leaves out what is older than the window, so the score becomes partial', () => {
		const { input } = latestNews2Inputs([observation('8867-4', 80, 61), observation('9279-1', 16, 59)], NOW, 60);
		expect(input).toEqual({ respiratoryRate: 16 });
	});

	it('skips superseded values: a correction counts, what it replaced does not', () => {
		const typo = observation('8867-4', 182, 5);
		const correction = observation('8867-4', 82, 5, { replaces: typo._id });
		// Order does not matter: the correction may come first.
		expect(latestNews2Inputs([correction, typo], NOW, 60).input.pulse).toBe(82);
		expect(latestNews2Inputs([typo, observation('8867-4', 75, 20)], NOW, 60).input.pulse).toBe(182);
	});

	it('of two at the same instant takes the one created later', () => {
		const first = observation('8867-4', 70, 5);
		const second = observation('8867-4', 90, 5);
		expect(latestNews2Inputs([second, first], NOW, 60).input.pulse).toBe(90);
		expect(latestNews2Inputs([first, second], NOW, 60).input.pulse).toBe(90);
	});

	it('counts SpO2 coded as pulse oximetry, and converts a temperature stored in °F', () => {
		const { input } = latestNews2Inputs([observation('59408-5', 93, 3), observation('8310-5', 100.4, 3, { unit: '[degF]' })], NOW, 60);
		expect(input).toEqual({ spo2: 93, temperatureC: 38 });
	});

	it('reads times written with an offset', () => {
		// 09:55 in Thuringia in winter is 08:55 UTC: five minutes ago, not 55 minutes ahead.
		const { input } = latestNews2Inputs([observation('8867-4', 80, 30), observation('8867-4', 91, 90, { effectiveAt: '2026-11-24T09:55:00+01:00' })], NOW, 60);
		expect(input).toEqual({ pulse: 91 });
	});

	it('accepts a clock a few minutes ahead, not a reading from tomorrow', () => {
		const { input } = latestNews2Inputs([observation('8867-4', 80, -3), observation('9279-1', 16, -24 * 60)], NOW, 60);
		expect(input).toEqual({ pulse: 80 });
	});
});

describe('buildNews2Alarm', () => {
	const base = { patientId: 'patient:p1', createdBy: 'anna', deviceId: 'tablet-1', now: NOW, id: '01JDB7Z0000000000000000000' };

	it('builds an alarm the schema accepts, severity from the band', () => {
		const result = news2Score(WORKED_EXAMPLE);
		const build = buildNews2Alarm({ ...base, result, observationIds: ['observation:p1:1', 'observation:p1:2'] });
		expect(build.ok).toBe(true);
		if (!build.ok) return;
		expect(build.alarm).toMatchObject({ _id: 'alarm:01JDB7Z0000000000000000000', kind: 'news2', severity: 'high', score: 7, message: 'NEWS2 7 (high)', createdAt: NOW.toISOString() });
		expect(build.alarm.news2).toEqual(result.scores);
		const check = validateDocument(build.alarm);
		expect(check.ok ? 'ok' : check.reason).toBe('ok');
	});

	it('says a partial score is partial, never like a full one', () => {
		const build = buildNews2Alarm({ ...base, result: news2Score({ respiratoryRate: 26, pulse: 135 }), observationIds: [] });
		expect(build.ok && build.alarm.message).toBe('NEWS2 ≥6 (medium, partial)');
		expect(build.ok && validateDocument(build.alarm).ok).toBe(true);
	});

	it('keeps the observation ids within what the schema allows', () => {
		const ids = Array.from({ length: 30 }, (_, i) => `observation:p1:${i}`);
		const build = buildNews2Alarm({ ...base, result: news2Score({ consciousness: 'voice' }), observationIds: ids });
		expect(build.ok && build.alarm.severity).toBe('low-medium');
		expect(build.ok && validateDocument(build.alarm).ok).toBe(true);
	});

	it('builds none for a low score', () => {
		expect(buildNews2Alarm({ ...base, result: news2Score(NORMAL), observationIds: [] })).toEqual({ ok: false, reason: 'news2.alarm-not-needed' });
	});
});
