import { describe, expect, it } from 'vitest';
import type { Visit } from '../domain/index.ts';
import { buildNurseDayProblem, checkOrder, clockOf, minutesOf, splitForReplan, toNurseDayPlan, withTravel, type PlanningNurse } from './nurse-day.ts';
import type { Solution } from './problem.ts';
import { haversineKm, haversineMatrix } from './travel.ts';

const station = { kind: 'station', location: { lat: 50.65, lon: 11.357 } } as const;
const nurse: PlanningNurse = { username: 'anna', shiftStart: '06:00', shiftEnd: '14:00', startPlace: station, endPlace: station, breakRule: { earliest: '10:00', latest: '12:00', durationMin: 30 } };

function visit(n: number, patientId: string, overrides: Partial<Visit> = {}): Visit {
	return {
		_id: `visit:2026-11-25:v${n}`,
		type: 'visit',
		schemaVersion: 1,
		createdAt: '2026-11-25T05:00:00.000Z',
		createdBy: 'pdl',
		deviceId: 'd',
		patientId,
		date: '2026-11-25',
		windowStart: '07:00',
		windowEnd: '08:00',
		windowKind: 'hard',
		durationMin: 10,
		tasks: ['Insulingabe'],
		qualification: 'treatment',
		priority: 1,
		status: 'planned',
		...overrides
	};
}

const places: Record<string, { lat: number; lon: number }> = {
	'patient:a': { lat: 50.72, lon: 11.34 },
	'patient:b': { lat: 50.56, lon: 11.46 }
};

describe('clock arithmetic', () => {
	it('turns HH:MM into minutes of the day and back', () => {
		expect(minutesOf('07:30')).toBe(450);
		expect(clockOf(450)).toBe('07:30');
		expect(clockOf(449.6)).toBe('07:30');
		expect(clockOf(-5)).toBe('00:00');
		expect(clockOf(24 * 60 + 3)).toBe('23:59');
	});
});

describe('buildNurseDayProblem', () => {
	const day = buildNurseDayProblem({
		visits: [visit(1, 'patient:a'), visit(2, 'patient:b', { windowKind: 'preferred', windowStart: '09:00', windowEnd: '13:00', qualification: 'basic', durationMin: 25 }), visit(3, 'patient:unknown')],
		locationOf: (id) => places[id],
		nurses: [nurse]
	});

	it('makes a stop of every visit with a place, in minutes, with hard and soft windows and levels', () => {
		expect(day.stops).toEqual([
			{ id: 'visit:2026-11-25:v1', location: 2, serviceTime: 10, window: { start: 420, end: 480, hard: true }, requiredLevel: 1, priority: 1 },
			{ id: 'visit:2026-11-25:v2', location: 3, serviceTime: 25, window: { start: 540, end: 780, hard: false }, requiredLevel: 0, priority: 1 }
		]);
		expect(day.places[2]).toEqual(places['patient:a']);
	});
	it('lists a visit whose patient has no place instead of dropping it', () => {
		expect(day.withoutLocation).toEqual(['visit:2026-11-25:v3']);
	});
	it('gives the nurse her shift, break and places', () => {
		expect(day.vehicles).toEqual([{ id: 'anna', startLocation: 0, endLocation: 1, shiftStart: 360, shiftEnd: 840, level: 1, break: { earliestStart: 600, latestStart: 720, duration: 30 } }]);
	});
	it('re-planning mid-day starts where she is, at that minute; a break already past is dropped', () => {
		const late = buildNurseDayProblem({
			visits: [],
			locationOf: () => undefined,
			nurses: [{ ...nurse, from: { location: places['patient:b'], minute: 12 * 60 + 30 } }]
		});
		expect(late.vehicles[0]).toMatchObject({ shiftStart: 750, break: undefined });
		expect(late.places[0]).toEqual(places['patient:b']);
	});
	it('refuses a matrix of the wrong size', () => {
		expect(() => withTravel(day, haversineMatrix([places['patient:a']]))).toThrow(/1 places/);
		expect(withTravel(day, haversineMatrix(day.places)).stops).toHaveLength(2);
	});

	it('turns a solution into clock times and explains every visit left out', () => {
		const matrix = haversineMatrix(day.places);
		const solution: Solution = {
			routes: [
				{
					vehicleId: 'anna',
					stopIds: ['visit:2026-11-25:v2'],
					schedule: [{ stopId: 'visit:2026-11-25:v2', arrival: 540.4, start: 540.4, end: 565.4, waiting: 0, lateness: 0 }],
					breakStart: 600,
					departure: 360,
					returnAt: 600,
					distance: 0,
					lateness: 0
				}
			],
			unassigned: [{ stopId: 'visit:2026-11-25:v1', reason: { code: 'window-unreachable', earliestArrival: 500, windowEnd: 480 } }],
			vehicles: 1,
			distance: 0,
			lateness: 0
		};
		const plan = toNurseDayPlan(solution, day, matrix);
		expect(plan.tours[0]).toMatchObject({ nurse: 'anna', visitIds: ['visit:2026-11-25:v2'], plan: [{ visitId: 'visit:2026-11-25:v2', arrival: '09:00', start: '09:00' }], plannedBreak: '10:00' });
		const expectedMinutes = ((haversineKm(station.location, places['patient:b']) * 2 * 1.3) / 50) * 60;
		expect(plan.tours[0].travelMinutes).toBe(Math.round(expectedMinutes));
		expect(plan.unplanned).toEqual([
			{ visitId: 'visit:2026-11-25:v1', reason: 'window-unreachable' },
			{ visitId: 'visit:2026-11-25:v3', reason: 'no-location' }
		]);
	});
});

describe('haversine', () => {
	it('Saalfeld market to Rudolstadt market is about 8 km as the crow flies', () => {
		const km = haversineKm({ lat: 50.6487, lon: 11.3668 }, { lat: 50.7197, lon: 11.3425 });
		expect(km).toBeGreaterThan(7.8);
		expect(km).toBeLessThan(8.2);
	});
	it('the matrix is symmetric with zero diagonal, minutes at the average speed', () => {
		const m = haversineMatrix([places['patient:a'], places['patient:b']], { roadFactor: 1, speedKmh: 60 });
		expect(m.time[0]).toBe(0);
		expect(m.time[1]).toBe(m.time[2]);
		expect(m.time[1]).toBeCloseTo(m.distance[1], 9); // 60 km/h: a km a minute
	});
});

describe('splitForReplan', () => {
	const at = (clock: string) => new Date(`2026-11-25T${clock}:00`);
	const here = { lat: 50.66, lon: 11.4 };
	const locationOf = (id: string) => places[id];
	const tour = { nurse: 'anna', visitIds: ['visit:2026-11-25:v1', 'visit:2026-11-25:v2', 'visit:2026-11-25:v3'] };
	const visits = [
		visit(1, 'patient:a', { status: 'done', assignedTo: 'anna' }),
		visit(2, 'patient:b', { status: 'planned', assignedTo: 'anna' }),
		visit(3, 'patient:a', { status: 'cancelled', assignedTo: 'anna' }),
		visit(4, 'patient:b', { status: 'planned', assignedTo: 'anna' }),
		visit(5, 'patient:a', { status: 'planned', assignedTo: 'tom' })
	];

	it('keeps finished and cancelled visits first, plans hers (also ones added since) from where she is now', () => {
		const split = splitForReplan(tour, visits, nurse, at('09:30'), here, locationOf);
		expect(split.settled.map((v) => v._id)).toEqual(['visit:2026-11-25:v1', 'visit:2026-11-25:v3']);
		expect(split.open.map((v) => v._id)).toEqual(['visit:2026-11-25:v2', 'visit:2026-11-25:v4']);
		expect(split.nurse.from).toEqual({ location: here, minute: 570 });
	});
	it('with a visit running, starts at that patient when its time is up', () => {
		const running = visit(6, 'patient:b', { status: 'in-progress', assignedTo: 'anna', startedAt: at('09:20').toISOString(), durationMin: 40 });
		const split = splitForReplan({ ...tour, visitIds: [...tour.visitIds, running._id] }, [...visits, running], nurse, at('09:30'), here, locationOf);
		expect(split.settled.map((v) => v._id)).toContain(running._id);
		expect(split.nurse.from).toEqual({ location: places['patient:b'], minute: 600 });
	});
	it('before or after the shift plans the whole shift from her start place', () => {
		expect(splitForReplan(tour, visits, nurse, at('05:10'), here, locationOf).nurse.from).toBeUndefined();
		expect(splitForReplan(tour, visits, nurse, at('15:00'), here, locationOf).nurse.from).toBeUndefined();
	});
});

describe('checkOrder', () => {
	const locationOf = (id: string) => places[id];
	const early = visit(1, 'patient:a', { windowStart: '07:00', windowEnd: '07:30' });
	const late = visit(2, 'patient:b', { windowStart: '07:00', windowEnd: '13:00', windowKind: 'preferred', durationMin: 120 });

	it('gives arrival times for an order that keeps every fixed window', () => {
		const result = checkOrder(nurse, [early, late], locationOf);
		expect(result.ok).toBe(true);
		if (result.ok) expect(result.arrivals.map((a) => a.visitId)).toEqual([early._id, late._id]);
	});
	it('names the fixed window a hand-made order misses, and by how much', () => {
		const result = checkOrder(nurse, [late, early], locationOf);
		expect(result).toMatchObject({ ok: false, rule: 'window-closed', visitId: early._id });
		if (!result.ok) expect(result.minutes).toBeGreaterThan(60);
	});
	it('says when the order runs past the shift end', () => {
		const short = { ...nurse, shiftEnd: '10:00' };
		expect(checkOrder(short, [early, late], locationOf)).toMatchObject({ ok: false, rule: 'shift-end' });
	});
});
