import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../domain/prng.ts';
import { euclideanMatrix } from './euclidean.ts';
import { scheduleRoute } from './feasibility.ts';
import type { RoutingProblem, Solution, Stop, Vehicle } from './problem.ts';
import { solveVrptw } from './vrptw.ts';

/** A nurse day on a 30 × 30 km square at 1 km per minute: visits 06:00–14:00, some hard windows, a lunch break. */
function nurseDay(seed: number, visits: number, nurses: number): RoutingProblem {
	const random = mulberry32(seed);
	const points = Array.from({ length: visits + 1 }, () => ({ x: random() * 30, y: random() * 30 }));
	const stops: Stop[] = Array.from({ length: visits }, (_, k) => {
		const hard = random() < 0.25;
		const start = 360 + Math.round(random() * 360);
		return {
			id: `visit-${k}`,
			location: k + 1,
			serviceTime: 10 + Math.round(random() * 20),
			window: { start, end: start + (hard ? 60 : 120), hard },
			requiredLevel: random() < 0.15 ? 2 : random() < 0.5 ? 1 : 0,
			priority: 1 + Math.floor(random() * 3)
		};
	});
	const vehicles: Vehicle[] = Array.from({ length: nurses }, (_, k) => ({
		id: `nurse-${k}`,
		startLocation: 0,
		endLocation: 0,
		shiftStart: 360,
		shiftEnd: 840,
		level: k === 0 ? 2 : 1,
		break: { earliestStart: 600, latestStart: 720, duration: 30 }
	}));
	return { matrix: euclideanMatrix(points, 'none'), stops, vehicles, objective: 'distance', latenessWeight: 2 };
}

/** Every stop exactly once, every route valid by the rules, totals adding up. */
function expectConsistent(problem: RoutingProblem, solution: Solution): void {
	const seen = [...solution.routes.flatMap((r) => r.stopIds), ...solution.unassigned.map((u) => u.stopId)].sort();
	expect(seen).toEqual(problem.stops.map((s) => s.id).sort());
	let distance = 0;
	for (const route of solution.routes) {
		const vehicle = problem.vehicles.find((v) => v.id === route.vehicleId) as Vehicle;
		const again = scheduleRoute(problem, vehicle, route.stopIds);
		expect(again.ok).toBe(true);
		if (again.ok) expect(again.route).toEqual(route);
		distance += route.distance;
	}
	expect(new Set(solution.routes.map((r) => r.vehicleId)).size).toBe(solution.routes.length);
	expect(solution.vehicles).toBe(solution.routes.length);
	expect(solution.distance).toBeCloseTo(distance, 9);
}

describe('solveVrptw on nurse days', () => {
	it('plans valid tours, every visit planned or explained', () => {
		for (const seed of [1, 2, 3]) {
			const problem = nurseDay(seed, 40, 3);
			const solution = solveVrptw(problem, { seed, maxIterations: 150 });
			expectConsistent(problem, solution);
			expect(solution.routes.length).toBeGreaterThan(0);
		}
	});

	it('gives the same answer for the same seed when iterations bound the run', () => {
		const problem = nurseDay(11, 25, 2);
		const a = solveVrptw(problem, { seed: 5, maxIterations: 200 });
		const b = solveVrptw(problem, { seed: 5, maxIterations: 200 });
		expect(JSON.stringify(a)).toBe(JSON.stringify(b));
	});

	it('stops at the time limit on the clock it is given', () => {
		let now = 0;
		const clock = () => (now += 0.5);
		const problem = nurseDay(4, 40, 3);
		const solution = solveVrptw(problem, { seed: 1, timeLimitMs: 200, clock });
		expectConsistent(problem, solution);
		// A handful of clock reads may follow the last check (building the answer).
		expect(now).toBeLessThan(200 + 50);
	});

	it('drops the least important visits first when there is not room for all', () => {
		// One nurse, 8 hours, 20 visits of 30 minutes next door to each other: about 15 fit.
		const points = Array.from({ length: 21 }, (_, k) => ({ x: k % 5, y: Math.floor(k / 5) }));
		const stops: Stop[] = Array.from({ length: 20 }, (_, k) => ({
			id: `visit-${k}`,
			location: k + 1,
			serviceTime: 30,
			window: { start: 360, end: 840, hard: false },
			priority: k % 5 < 2 ? 1 : 3
		}));
		const vehicles: Vehicle[] = [{ id: 'anna', startLocation: 0, endLocation: 0, shiftStart: 360, shiftEnd: 840 }];
		const problem: RoutingProblem = { matrix: euclideanMatrix(points, 'none'), stops, vehicles, objective: 'distance' };
		const solution = solveVrptw(problem, { seed: 4, maxIterations: 200 });
		expectConsistent(problem, solution);
		const priorityOf = (id: string) => stops.find((s) => s.id === id)?.priority;
		expect(solution.unassigned.length).toBeGreaterThan(0);
		expect(solution.unassigned.every((u) => priorityOf(u.stopId) === 3 && u.reason.code === 'no-room')).toBe(true);
		expect(solution.routes[0].stopIds.filter((id) => priorityOf(id) === 1)).toHaveLength(8);
	});

	it('only a qualified nurse gets specialist visits', () => {
		const problem = nurseDay(6, 30, 3);
		const solution = solveVrptw(problem, { seed: 6, maxIterations: 100 });
		const levelOf = new Map(problem.vehicles.map((v) => [v.id, v.level ?? 0]));
		const byId = new Map(problem.stops.map((s) => [s.id, s]));
		for (const route of solution.routes) {
			for (const id of route.stopIds) expect(byId.get(id)?.requiredLevel ?? 0).toBeLessThanOrEqual(levelOf.get(route.vehicleId) ?? 0);
		}
	});
});

describe('solveVrptw hierarchical objective', () => {
	it('uses as few vehicles as the loads allow', () => {
		// 12 customers of demand 10, capacity 40: at least 3 vehicles, 6 available, wide windows.
		const random = mulberry32(9);
		const points = Array.from({ length: 13 }, () => ({ x: random() * 100, y: random() * 100 }));
		const problem: RoutingProblem = {
			matrix: euclideanMatrix(points, 'none'),
			stops: Array.from({ length: 12 }, (_, k) => ({ id: `${k + 1}`, location: k + 1, serviceTime: 5, demand: 10, window: { start: 0, end: 1000, hard: true } })),
			vehicles: Array.from({ length: 6 }, (_, k) => ({ id: `v${k}`, startLocation: 0, endLocation: 0, shiftStart: 0, shiftEnd: 2000, capacity: 40 })),
			objective: 'vehicles-then-distance'
		};
		const solution = solveVrptw(problem, { seed: 1, maxIterations: 500 });
		expectConsistent(problem, solution);
		expect(solution.unassigned).toEqual([]);
		expect(solution.vehicles).toBe(3);
		// With 'distance' the same instance may spread out, never using fewer vehicles.
		const flat = solveVrptw({ ...problem, objective: 'distance' }, { seed: 1, maxIterations: 500 });
		expect(flat.vehicles).toBeGreaterThanOrEqual(3);
		expect(flat.distance).toBeLessThanOrEqual(solution.distance + 1e-9);
	});
});
