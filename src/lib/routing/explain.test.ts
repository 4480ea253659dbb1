import { describe, expect, it } from 'vitest';
import { explainUnassigned } from './explain.ts';
import type { RoutingProblem, Stop, Vehicle } from './problem.ts';
import { solveVrptw } from './vrptw.ts';

/** Base at 0, patients at 30 and 60 minutes' drive. */
function matrix() {
	const at = [0, 30, 60];
	const time = new Float64Array(9);
	for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) time[i * 3 + j] = Math.abs(at[i] - at[j]);
	return { size: 3, time, distance: time };
}

const nurse: Vehicle = { id: 'anna', startLocation: 0, endLocation: 0, shiftStart: 360, shiftEnd: 840, level: 1, capacity: 10 };

function visit(extra: Partial<Stop> = {}): Stop {
	return { id: 'visit', location: 1, serviceTime: 20, window: { start: 0, end: 1440, hard: true }, ...extra };
}

function problem(stops: Stop[], vehicles: Vehicle[] = [nurse]): RoutingProblem {
	return { matrix: matrix(), stops, vehicles, objective: 'distance' };
}

describe('explainUnassigned', () => {
	it('window-unreachable: the hard window closes before anyone can get there', () => {
		const stop = visit({ window: { start: 360, end: 380, hard: true } });
		expect(explainUnassigned(problem([stop]), stop)).toEqual({ code: 'window-unreachable', earliestArrival: 390, windowEnd: 380 });
	});

	it('shift-too-short: there, service and back does not fit the shift', () => {
		const stop = visit({ location: 2, serviceTime: 400 });
		expect(explainUnassigned(problem([stop]), stop)).toEqual({ code: 'shift-too-short', needed: 520, available: 480 });
	});

	it('shift-too-short also when waiting for a late window pushes the return past the shift', () => {
		const stop = visit({ window: { start: 820, end: 900, hard: true } });
		expect(explainUnassigned(problem([stop]), stop)).toMatchObject({ code: 'shift-too-short', available: 480 });
	});

	it('no-qualified-vehicle: nobody holds the level', () => {
		const stop = visit({ requiredLevel: 2 });
		expect(explainUnassigned(problem([stop]), stop)).toEqual({ code: 'no-qualified-vehicle', requiredLevel: 2 });
	});

	it('over-capacity: the load exceeds every qualified vehicle', () => {
		const stop = visit({ demand: 12 });
		expect(explainUnassigned(problem([stop]), stop)).toEqual({ code: 'over-capacity', demand: 12, capacity: 10 });
	});

	it('no-room: it fits alone, so it lost to other visits', () => {
		const stop = visit();
		expect(explainUnassigned(problem([stop]), stop)).toEqual({ code: 'no-room' });
	});
});

describe('solveVrptw leaves nothing out silently', () => {
	it('keeps the more important of two visits that cannot both be made and explains the other', () => {
		// Both need the nurse at 07:00–07:10 in different places.
		const insulin = visit({ id: 'insulin', window: { start: 420, end: 430, hard: true }, priority: 1 });
		const wash = visit({ id: 'wash', location: 2, window: { start: 420, end: 430, hard: true }, priority: 3 });
		for (const stops of [
			[insulin, wash],
			[wash, insulin]
		]) {
			const solution = solveVrptw(problem(stops), { seed: 3, maxIterations: 50 });
			expect(solution.routes.map((r) => r.stopIds)).toEqual([['insulin']]);
			expect(solution.unassigned).toEqual([{ stopId: 'wash', reason: { code: 'no-room' } }]);
		}
	});

	it('gives each impossible visit its own reason', () => {
		const stops = [
			visit({ id: 'ok' }),
			visit({ id: 'specialist', requiredLevel: 2 }),
			visit({ id: 'heavy', demand: 11 }),
			visit({ id: 'early', window: { start: 300, end: 370, hard: true } })
		];
		const solution = solveVrptw(problem(stops), { seed: 1, maxIterations: 20 });
		expect(solution.routes.map((r) => r.stopIds)).toEqual([['ok']]);
		expect(solution.unassigned.map((u) => [u.stopId, u.reason.code])).toEqual([
			['specialist', 'no-qualified-vehicle'],
			['heavy', 'over-capacity'],
			['early', 'window-unreachable']
		]);
	});
});
