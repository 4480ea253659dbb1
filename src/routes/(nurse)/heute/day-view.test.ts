import { describe, expect, it } from 'vitest';
import type { Patient, Tour, Visit } from '$lib/domain/index.ts';
import { dayRows, moved } from './day-view.ts';

const visit = (n: number, overrides: Partial<Visit> = {}) =>
	({ _id: `visit:d:${n}`, patientId: `patient:${n}`, windowStart: `0${n}:00`, windowEnd: `0${n}:30`, assignedTo: 'anna', status: 'planned', ...overrides }) as Visit;
const patients = new Map<string, Patient>([['patient:1', { _id: 'patient:1', lastName: 'Eins' } as Patient]]);

describe('dayRows', () => {
	const visits = [visit(1), visit(2), visit(3), visit(4, { assignedTo: 'tom' }), visit(5)];

	it('follows her tour, then her visits missing from it by window; never shows another nurse’s', () => {
		const tour = { visitIds: ['visit:d:3', 'visit:d:1'], plan: [{ visitId: 'visit:d:3', arrival: '07:10', start: '07:10' }], unplanned: [{ visitId: 'visit:d:1', reason: 'no-room' }] } as Tour;
		const rows = dayRows(visits, patients, tour, 'anna');
		expect(rows.map((r) => r.visit._id)).toEqual(['visit:d:3', 'visit:d:1', 'visit:d:2', 'visit:d:5']);
		expect(rows[0].arrival).toBe('07:10');
		expect(rows[1]).toMatchObject({ unplannedReason: 'no-room', patient: { lastName: 'Eins' } });
	});
	it('without a tour: her visits by window, or the team’s day when she has none', () => {
		expect(dayRows([visit(3), visit(1)], patients, undefined, 'anna').map((r) => r.visit._id)).toEqual(['visit:d:1', 'visit:d:3']);
		expect(dayRows(visits, patients, undefined, 'eva')).toHaveLength(5);
	});
	it('skips tour entries whose visit is not on this device', () => {
		const tour = { visitIds: ['visit:d:9', 'visit:d:1'] } as Tour;
		expect(dayRows([visit(1)], patients, tour, 'anna').map((r) => r.visit._id)).toEqual(['visit:d:1']);
	});
});

describe('moved', () => {
	it('swaps with the neighbour and stays put at the ends', () => {
		expect(moved(['a', 'b', 'c'], 1, -1)).toEqual(['b', 'a', 'c']);
		expect(moved(['a', 'b', 'c'], 1, 1)).toEqual(['a', 'c', 'b']);
		expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
		expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
	});
});
