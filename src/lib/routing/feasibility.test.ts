import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../domain/prng.ts';
import { scheduleRoute } from './feasibility.ts';
import type { BreakRule, RoutingProblem, Stop, TimeWindow, Vehicle } from './problem.ts';

/** Places on a line: travel time and distance are the gaps between coordinates. */
function line(coordinates: number[]) {
	const size = coordinates.length;
	const time = new Float64Array(size * size);
	for (let i = 0; i < size; i++) for (let j = 0; j < size; j++) time[i * size + j] = Math.abs(coordinates[i] - coordinates[j]);
	return { size, time, distance: time };
}

function stop(id: string, location: number, window: Partial<TimeWindow> = {}, extra: Partial<Stop> = {}): Stop {
	return { id, location, serviceTime: 10, window: { start: 0, end: 1000, hard: true, ...window }, ...extra };
}

function nurse(extra: Partial<Vehicle> = {}): Vehicle {
	return { id: 'anna', startLocation: 0, endLocation: 0, shiftStart: 0, shiftEnd: 1000, ...extra };
}

function problem(stops: Stop[], vehicle: Vehicle = nurse(), coordinates = [0, 10, 20, 30, 40]): RoutingProblem {
	return { matrix: line(coordinates), stops, vehicles: [vehicle], objective: 'distance' };
}

describe('scheduleRoute timetable', () => {
	it('computes arrival, waiting, start, end and return', () => {
		const p = problem([stop('a', 1, { start: 30, end: 60 }), stop('b', 2)]);
		const result = scheduleRoute(p, p.vehicles[0], ['a', 'b']);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.route.schedule).toEqual([
			{ stopId: 'a', arrival: 10, start: 30, end: 40, waiting: 20, lateness: 0 },
			{ stopId: 'b', arrival: 50, start: 50, end: 60, waiting: 0, lateness: 0 }
		]);
		expect(result.route.returnAt).toBe(80);
		expect(result.route.distance).toBe(40);
		expect(result.route.departure).toBe(0);
	});

	it('names the stop whose hard window closed, and by how much', () => {
		const p = problem([stop('a', 3), stop('b', 1, { end: 25 })]);
		const result = scheduleRoute(p, p.vehicles[0], ['a', 'b']);
		expect(result).toEqual({ ok: false, violation: { rule: 'window-closed', stopId: 'b', arrival: 60, start: 60, windowEnd: 25, lateBy: 35 } });
	});

	it('counts lateness at a soft window instead of failing', () => {
		const p = problem([stop('a', 3), stop('b', 1, { end: 25, hard: false })]);
		const result = scheduleRoute(p, p.vehicles[0], ['a', 'b']);
		expect(result.ok && result.route.lateness).toBe(35);
	});

	it('reports the shift end exceeded by N', () => {
		const p = problem([stop('a', 4)], nurse({ shiftEnd: 80 }));
		expect(scheduleRoute(p, p.vehicles[0], ['a'])).toEqual({ ok: false, violation: { rule: 'shift-end', finish: 90, shiftEnd: 80, exceededBy: 10 } });
	});

	it('reports capacity at the stop where the load first exceeds it', () => {
		const p = problem([stop('a', 1, {}, { demand: 6 }), stop('b', 2, {}, { demand: 5 })], nurse({ capacity: 10 }));
		expect(scheduleRoute(p, p.vehicles[0], ['a', 'b'])).toEqual({ ok: false, violation: { rule: 'capacity', stopId: 'b', load: 11, capacity: 10, exceededBy: 1 } });
	});

	it('refuses a visit above the nurse’s qualification', () => {
		const p = problem([stop('wound', 1, {}, { requiredLevel: 2 })], nurse({ level: 1 }));
		expect(scheduleRoute(p, p.vehicles[0], ['wound'])).toEqual({ ok: false, violation: { rule: 'level', stopId: 'wound', requiredLevel: 2, vehicleLevel: 1 } });
	});

	it('refuses unknown and repeated stops', () => {
		const p = problem([stop('a', 1)]);
		expect(scheduleRoute(p, p.vehicles[0], ['x'])).toEqual({ ok: false, violation: { rule: 'unknown-stop', stopId: 'x' } });
		expect(scheduleRoute(p, p.vehicles[0], ['a', 'a'])).toEqual({ ok: false, violation: { rule: 'duplicate-stop', stopId: 'a' } });
	});
});

describe('scheduleRoute break', () => {
	const lunch: BreakRule = { earliestStart: 100, latestStart: 120, duration: 30 };

	it('takes the break instead of waiting when the next window opens late (ties go to the earlier place)', () => {
		const p = problem([stop('a', 1), stop('b', 2, { start: 150, end: 160 })], nurse({ break: lunch }));
		const result = scheduleRoute(p, p.vehicles[0], ['a', 'b']);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.route.breakStart).toBe(100);
		// Break 100–130 right after visit a, then travel: arrival 140, service at 150 as without a break.
		expect(result.route.schedule[1]).toMatchObject({ arrival: 140, start: 150, waiting: 10 });
	});

	it('takes the break at the end location when the tour is back before the break window', () => {
		const p = problem([stop('a', 1)], nurse({ break: lunch }));
		const result = scheduleRoute(p, p.vehicles[0], ['a']);
		expect(result.ok && result.route.breakStart).toBe(100);
		expect(result.ok && result.route.returnAt).toBe(30);
	});

	it('fails with a break violation when the tour fits but no break placement does', () => {
		// Busy from 90 to 140 without a gap: the break cannot start in [100, 120].
		const p = problem([stop('a', 1, { start: 90, end: 90 }, { serviceTime: 50 }), stop('b', 1, { start: 140, end: 140 })], nurse({ break: lunch }));
		expect(scheduleRoute(p, p.vehicles[0], ['a', 'b'])).toEqual({ ok: false, violation: { rule: 'break', earliestStart: 100, latestStart: 120 } });
	});

	it('reports a window violation first when the tour fails even without a break', () => {
		const p = problem([stop('a', 4, { end: 10 })], nurse({ break: lunch }));
		const result = scheduleRoute(p, p.vehicles[0], ['a']);
		expect(!result.ok && result.violation.rule).toBe('window-closed');
	});
});

/** Independent timetable with the break at a given place (after place `gap`, before or after the travel). */
function simulate(p: RoutingProblem, vehicle: Vehicle, ids: string[], gap: number, onArrival: boolean): { lateness: number; finish: number } | null {
	const rule = vehicle.break as BreakRule;
	const byId = new Map(p.stops.map((s) => [s.id, s]));
	const travel = (a: number, b: number) => p.matrix.time[a * p.matrix.size + b];
	let t = vehicle.shiftStart;
	let at = vehicle.startLocation;
	let lateness = 0;
	const breakAt = (from: number): number | null => {
		const begin = Math.max(from, rule.earliestStart);
		return begin > rule.latestStart ? null : begin + rule.duration;
	};
	for (let k = 0; k <= ids.length; k++) {
		if (k === gap && !onArrival) {
			const after = breakAt(t);
			if (after === null) return null;
			t = after;
		}
		const next = k < ids.length ? (byId.get(ids[k]) as Stop) : null;
		t += travel(at, next ? next.location : vehicle.endLocation);
		if (k === gap && onArrival) {
			const after = breakAt(t);
			if (after === null) return null;
			t = after;
		}
		if (!next) return t > vehicle.shiftEnd ? null : { lateness, finish: t };
		t = Math.max(t, next.window.start);
		if (t > next.window.end && next.window.hard) return null;
		lateness += Math.max(0, t - next.window.end);
		t += next.serviceTime;
		at = next.location;
	}
	return null;
}

describe('scheduleRoute on random tours', () => {
	it('places the break where lateness is least, as an exhaustive search over placements finds', () => {
		const random = mulberry32(42);
		let checked = 0;
		for (let round = 0; round < 300; round++) {
			const coordinates = Array.from({ length: 8 }, () => Math.round(random() * 60));
			coordinates[0] = 0;
			const stops = Array.from({ length: 7 }, (_, k) => {
				const start = Math.round(random() * 200);
				return stop(`s${k}`, k + 1, { start, end: start + Math.round(random() * 60), hard: random() < 0.3 }, { serviceTime: 5 + Math.round(random() * 15) });
			});
			const breakRule = { earliestStart: 60 + Math.round(random() * 60), latestStart: 0, duration: 15 + Math.round(random() * 30) };
			breakRule.latestStart = breakRule.earliestStart + Math.round(random() * 40);
			const vehicle = nurse({ shiftEnd: 400, break: breakRule });
			const p = problem(stops, vehicle, coordinates);
			const ids = stops.map((s) => s.id).sort(() => random() - 0.5);
			let best: { lateness: number; finish: number } | null = null;
			for (let gap = 0; gap <= ids.length; gap++) {
				for (const onArrival of [false, true]) {
					const outcome = simulate(p, vehicle, ids, gap, onArrival);
					if (outcome && (!best || outcome.lateness < best.lateness - 1e-9 || (Math.abs(outcome.lateness - best.lateness) < 1e-9 && outcome.finish < best.finish))) best = outcome;
				}
			}
			const result = scheduleRoute(p, vehicle, ids);
			expect(result.ok).toBe(best !== null);
			if (!result.ok || !best) continue;
			checked++;
			expect(result.route.lateness).toBeCloseTo(best.lateness, 9);
			const start = result.route.breakStart as number;
			expect(start).toBeGreaterThanOrEqual(breakRule.earliestStart);
			expect(start).toBeLessThanOrEqual(breakRule.latestStart);
			// The break never overlaps a service.
			for (const visit of result.route.schedule) expect(visit.end <= start || visit.start >= start + breakRule.duration).toBe(true);
		}
		expect(checked).toBeGreaterThan(30);
	});
});
