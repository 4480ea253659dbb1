import { describe, expect, it } from 'vitest';
import type { Observation } from './documents.ts';
import { trendSeries } from './trends.ts';

let n = 0;
function obs(code: string, value: number, at: string, extra: Partial<Observation> = {}): Observation {
	return {
		_id: `observation:P:${String(++n).padStart(4, '0')}`,
		type: 'observation',
		schemaVersion: 1,
		createdAt: at,
		createdBy: 'anna',
		deviceId: 'dev',
		patientId: 'patient:P',
		code,
		value,
		unit: '/min',
		effectiveAt: at,
		...extra
	} as Observation;
}

describe('trendSeries', () => {
	it('one series per vital sign in catalog order, times ascending, table newest first', () => {
		const series = trendSeries([
			obs('8310-5', 37.2, '2026-11-24T09:00:00.000Z', { unit: 'Cel' }),
			obs('8867-4', 80, '2026-11-24T10:00:00.000Z'),
			obs('8867-4', 72, '2026-11-23T10:00:00.000Z', { unusual: true, device: { name: 'HR-1', id: 'x' } })
		]);
		expect(series.map((s) => s.key)).toEqual(['heart-rate', 'temperature']);
		const pulse = series[0];
		expect(pulse.times).toEqual([Date.parse('2026-11-23T10:00:00.000Z') / 1000, Date.parse('2026-11-24T10:00:00.000Z') / 1000]);
		expect(pulse.lines).toEqual([{ key: 'heart-rate', values: [72, 80] }]);
		expect(pulse.rows.map((r) => [r.values[0], r.unusual[0], r.device])).toEqual([
			[80, false, undefined],
			[72, true, 'HR-1']
		]);
		expect(pulse.usual).toEqual({ low: 50, high: 120 });
		expect(series[1]).toMatchObject({ unit: 'Cel', decimals: 1 });
	});

	it('draws blood pressure as one series with systolic and diastolic lines, paired by reading', () => {
		const at1 = '2026-11-24T08:00:00.000Z';
		const at2 = '2026-11-24T12:00:00.000Z';
		const series = trendSeries([
			obs('8480-6', 140, at2, { groupId: 'b', unit: 'mm[Hg]' }),
			obs('8480-6', 120, at1, { groupId: 'a', unit: 'mm[Hg]' }),
			obs('8462-4', 80, at1, { groupId: 'a', unit: 'mm[Hg]' }),
			obs('8478-0', 93, at1, { groupId: 'a', unit: 'mm[Hg]' }),
			obs('8462-4', 90, at2, { groupId: 'b', unit: 'mm[Hg]' })
		]);
		expect(series).toHaveLength(1);
		expect(series[0].key).toBe('bloodPressure');
		expect(series[0].lines).toEqual([
			{ key: 'systolic', values: [120, 140] },
			{ key: 'diastolic', values: [80, 90] }
		]);
	});

	it('leaves out superseded observations, unknown codes and what lies before the period', () => {
		const wrong = obs('8867-4', 300, '2026-11-24T10:00:00.000Z');
		const series = trendSeries(
			[
				wrong,
				obs('8867-4', 30, '2026-11-24T10:00:00.000Z', { replaces: wrong._id }),
				obs('8867-4', 66, '2026-10-01T10:00:00.000Z'),
				obs('1234-5', 1, '2026-11-24T10:00:00.000Z')
			],
			{ sinceMs: Date.parse('2026-11-01T00:00:00.000Z') }
		);
		expect(series.map((s) => s.lines[0].values)).toEqual([[30]]);
	});
});
