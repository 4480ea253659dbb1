import { describe, expect, it } from 'vitest';
import { diffDayPlan } from './plan-diff.ts';

const visits = [
	{ _id: 'v1', status: 'done' },
	{ _id: 'v2', status: 'planned' },
	{ _id: 'v3', status: 'planned' },
	{ _id: 'v4', status: 'planned' }
];

describe('diffDayPlan', () => {
	it('names the visits that come and go and marks the nurse already on the road', () => {
		const [anna, ben] = diffDayPlan(
			[{ nurse: 'anna', visitIds: ['v1', 'v2', 'v3'] }, { nurse: 'ben', visitIds: ['v4'] }],
			[{ nurse: 'anna', visitIds: ['v1', 'v3', 'v4'] }, { nurse: 'ben', visitIds: ['v2'] }],
			visits
		);
		expect(anna).toEqual({ nurse: 'anna', onTheRoad: true, added: ['v4'], removed: ['v2'], reordered: false, changed: true });
		expect(ben).toEqual({ nurse: 'ben', onTheRoad: false, added: ['v2'], removed: ['v4'], reordered: false, changed: true });
	});
	it('sees a new order of the same visits, and no change when nothing moves', () => {
		expect(diffDayPlan([{ nurse: 'anna', visitIds: ['v2', 'v3'] }], [{ nurse: 'anna', visitIds: ['v3', 'v2'] }], visits)[0]).toMatchObject({ reordered: true, changed: true });
		expect(diffDayPlan([{ nurse: 'anna', visitIds: ['v2', 'v3'] }], [{ nurse: 'anna', visitIds: ['v2', 'v3'] }], visits)[0]).toMatchObject({ reordered: false, changed: false });
	});
	it('counts a nurse without a tour yet as getting all her visits', () => {
		expect(diffDayPlan([], [{ nurse: 'cleo', visitIds: ['v2'] }], visits)[0]).toEqual({ nurse: 'cleo', onTheRoad: false, added: ['v2'], removed: [], reordered: false, changed: true });
	});
});
