// Solomon's VRPTW benchmark format (Solomon 1987, Operations Research 35(2)): a name line, a VEHICLE
// block (NUMBER, CAPACITY), a CUSTOMER table; customer 0 is the depot and its window is the horizon.
// Distances are unrounded Euclidean, travel time equals distance, as in the published best-known results.
import { euclideanMatrix } from './euclidean.ts';
import type { RoutingProblem, SolveOptions } from './problem.ts';
import { solveVrptw } from './vrptw.ts';

/** Columns of a customer row: number, x, y, demand, ready time, due date, service time. */
const CUSTOMER_COLUMNS = 7;

export class SolomonError extends Error {
	override name = 'SolomonError';
	constructor(
		message: string,
		readonly line?: number
	) {
		super(line === undefined ? message : `line ${line}: ${message}`);
	}
}

export interface SolomonCustomer {
	number: number;
	x: number;
	y: number;
	demand: number;
	ready: number;
	due: number;
	service: number;
}

export interface SolomonInstance {
	name: string;
	vehicles: number;
	capacity: number;
	depot: SolomonCustomer;
	customers: SolomonCustomer[];
}

function numbers(text: string, line: number, count: number, what: string): number[] {
	const fields = text.trim().split(/\s+/);
	if (fields.length !== count) throw new SolomonError(`expected ${count} numbers (${what}), found ${fields.length}: "${text.trim()}"`, line);
	return fields.map((field) => {
		const value = Number(field);
		if (!Number.isFinite(value)) throw new SolomonError(`"${field}" is not a number (${what})`, line);
		return value;
	});
}

export function parseSolomon(text: string): SolomonInstance {
	const lines = text.split(/\r?\n/);
	let at = 0;
	const nextContent = (): number => {
		while (at < lines.length && lines[at].trim() === '') at++;
		return at;
	};
	const expect = (pattern: RegExp, what: string): void => {
		const index = nextContent();
		if (index >= lines.length) throw new SolomonError(`unexpected end of file, expected ${what}`, lines.length);
		if (!pattern.test(lines[index])) throw new SolomonError(`expected ${what}, found "${lines[index].trim()}"`, index + 1);
		at++;
	};
	const nameIndex = nextContent();
	if (nameIndex >= lines.length) throw new SolomonError('empty file');
	const name = lines[nameIndex].trim();
	at++;
	expect(/^\s*VEHICLE\s*$/i, 'VEHICLE');
	expect(/^\s*NUMBER\s+CAPACITY\s*$/i, 'NUMBER CAPACITY');
	const fleetIndex = nextContent();
	if (fleetIndex >= lines.length) throw new SolomonError('unexpected end of file, expected vehicle number and capacity', lines.length);
	const [vehicles, capacity] = numbers(lines[fleetIndex], fleetIndex + 1, 2, 'vehicle number and capacity');
	if (!Number.isInteger(vehicles) || vehicles < 1) throw new SolomonError(`vehicle number must be a positive integer, got ${vehicles}`, fleetIndex + 1);
	if (capacity <= 0) throw new SolomonError(`capacity must be positive, got ${capacity}`, fleetIndex + 1);
	at++;
	expect(/^\s*CUSTOMER\s*$/i, 'CUSTOMER');
	expect(/^\s*CUST\s+NO\./i, 'the CUST NO. header');
	const rows: SolomonCustomer[] = [];
	for (; at < lines.length; at++) {
		if (lines[at].trim() === '') continue;
		const [number, x, y, demand, ready, due, service] = numbers(lines[at], at + 1, CUSTOMER_COLUMNS, 'customer row');
		const line = at + 1;
		if (!Number.isInteger(number) || number !== rows.length) throw new SolomonError(`customer number ${number} out of sequence, expected ${rows.length}`, line);
		if (demand < 0 || service < 0) throw new SolomonError(`customer ${number} has a negative demand or service time`, line);
		if (due < ready) throw new SolomonError(`customer ${number} is due (${due}) before it is ready (${ready})`, line);
		if (demand > capacity) throw new SolomonError(`customer ${number} demands ${demand}, more than the capacity ${capacity}`, line);
		rows.push({ number, x, y, demand, ready, due, service });
	}
	if (rows.length < 2) throw new SolomonError('the CUSTOMER table needs the depot (customer 0) and at least one customer', lines.length);
	const [depot, ...customers] = rows;
	return { name, vehicles, capacity, depot, customers };
}

/** The instance as a routing problem: stops are named by customer number, locations are row indexes. */
export function solomonProblem(instance: SolomonInstance): RoutingProblem {
	const points = [instance.depot, ...instance.customers];
	return {
		matrix: euclideanMatrix(points, 'none'),
		stops: instance.customers.map((c, k) => ({
			id: String(c.number),
			location: k + 1,
			serviceTime: c.service,
			window: { start: c.ready, end: c.due, hard: true },
			demand: c.demand
		})),
		vehicles: Array.from({ length: instance.vehicles }, (_, k) => ({
			id: `vehicle-${k + 1}`,
			startLocation: 0,
			endLocation: 0,
			shiftStart: instance.depot.ready,
			shiftEnd: instance.depot.due,
			capacity: instance.capacity
		})),
		objective: 'vehicles-then-distance'
	};
}

export interface SolomonResult {
	/** Customer numbers as in the file, depot excluded, one array per vehicle used. */
	routes: number[][];
	vehicles: number;
	distance: number;
	/** Customers no vehicle could take (empty for every published instance). */
	unassigned: number[];
}

/** Parses and solves an instance: the entry point of `npm run routing -- --solomon FILE.txt`. */
export function runSolomon(text: string, options: { timeLimitMs?: number; seed?: number; maxIterations?: number } = {}): SolomonResult {
	const problem = solomonProblem(parseSolomon(text));
	const solveOptions: SolveOptions = { ...options };
	const solution = solveVrptw(problem, solveOptions);
	return {
		routes: solution.routes.map((route) => route.stopIds.map(Number)),
		vehicles: solution.vehicles,
		distance: solution.distance,
		unassigned: solution.unassigned.map((u) => Number(u.stopId))
	};
}
