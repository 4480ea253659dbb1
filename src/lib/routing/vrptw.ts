// VRPTW solver: greedy insertion, then ruin-and-recreate by string removal under simulated annealing
// (SISR, Christiaens & Vanden Berghe 2020, Transportation Science 54(2)), with that paper's fleet
// minimisation (absence counters) for the hierarchical objective, and a local-search polish.
import { explainUnassigned } from './explain.ts';
import { scheduleRoute } from './feasibility.ts';
import type { Route, RoutingProblem, Solution, SolveOptions } from './problem.ts';
import { mulberry32 } from '../domain/prng.ts';
import { COST_EPSILON, recreate, recreateOrder } from './vrptw-insert.ts';
import { localSearch } from './vrptw-local-search.ts';
import { Plan, buildModel, type Model } from './vrptw-model.ts';
import { removeSmallestRoute, ruinStrings } from './vrptw-ruin.ts';

/** Default seed when none is given: the same answer on every call. */
export const DEFAULT_SEED = 1;
/** Time limit for up to this many stops (a nurse day): answers within a screen refresh budget. */
const SMALL_INSTANCE = 50;
const SMALL_TIME_LIMIT_MS = 250;
/** Beyond that, this much per stop (100 Solomon customers: 2 s), capped. */
const TIME_PER_STOP_MS = 20;
const MAX_DEFAULT_TIME_LIMIT_MS = 10_000;
/** SISR's blink rate: the chance to skip an insertion position. */
const BLINK_RATE = 0.01;
/** Share of the run spent removing vehicles (hierarchical objective only). */
const FLEET_SHARE = 0.5;
/** Share of a time-limited run for annealing; the rest polishes the best plan. */
const ANNEAL_SHARE = 0.92;
/** Annealing temperatures as multiples of the mean nearest-neighbour distance (SISR's 100 → 1 on Solomon). */
const START_TEMPERATURE = 20;
const END_TEMPERATURE = 0.2;

export function defaultTimeLimitMs(stops: number): number {
	return stops <= SMALL_INSTANCE ? SMALL_TIME_LIMIT_MS : Math.min(MAX_DEFAULT_TIME_LIMIT_MS, stops * TIME_PER_STOP_MS);
}

class Budget {
	iterations = 0;
	readonly #begin: number;
	readonly #limit: number;
	readonly #maxIterations: number;

	constructor(
		readonly clock: () => number,
		limitMs: number,
		maxIterations: number
	) {
		this.#begin = clock();
		this.#limit = limitMs;
		this.#maxIterations = maxIterations;
	}

	/** Fraction of the run used, by time or by iterations, whichever is further. */
	progress(): number {
		const byTime = this.#limit === Infinity ? 0 : (this.clock() - this.#begin) / this.#limit;
		const byIterations = this.#maxIterations === Infinity ? 0 : this.iterations / this.#maxIterations;
		return Math.max(byTime, byIterations);
	}

	timeUp = (): boolean => this.#limit !== Infinity && this.clock() - this.#begin >= this.#limit;

	done(): boolean {
		return this.iterations >= this.#maxIterations || this.timeUp();
	}

	/** Annealing ends here under a time limit so the polish gets the rest; iteration-bounded runs use all. */
	annealEnd(): number {
		return this.#limit === Infinity ? 1 : ANNEAL_SHARE;
	}
}

function totalAbsence(stops: number[], absence: Float64Array): number {
	return stops.reduce((sum, i) => sum + absence[i], 0);
}

/** Fleet minimisation: drop a tour, then ruin and recreate until its stops fit elsewhere (absence-counter acceptance). */
function minimiseFleet(model: Model, start: Plan, budget: Budget, random: () => number): Plan {
	let best = start;
	let maxCapacity = 0;
	for (let v = 0; v < model.m; v++) maxCapacity = Math.max(maxCapacity, model.capacity[v]);
	const demand = model.demand.reduce((a, b) => a + b, 0);
	const lowerBound = Math.max(1, Math.ceil(demand / maxCapacity - COST_EPSILON));
	if (best.vehiclesUsed() <= lowerBound) return best;
	const absence = new Float64Array(model.n);
	let current = best.clone();
	removeSmallestRoute(current);
	let currentOut = current.unassigned();
	const options = { allowEmpty: false, blink: BLINK_RATE, random };
	while (!budget.done() && budget.progress() < FLEET_SHARE) {
		budget.iterations++;
		const candidate = current.clone();
		ruinStrings(candidate, random);
		recreate(candidate, recreateOrder(model, candidate.unassigned(), random, absence), options);
		const out = candidate.unassigned();
		for (const i of out) absence[i]++;
		if (out.length < currentOut.length || totalAbsence(out, absence) < totalAbsence(currentOut, absence)) {
			current = candidate;
			currentOut = out;
		}
		if (currentOut.length === 0) {
			best = current.clone();
			if (best.vehiclesUsed() <= lowerBound) break;
			removeSmallestRoute(current);
			currentOut = current.unassigned();
		}
	}
	return best;
}

function anneal(model: Model, start: Plan, budget: Budget, random: () => number): Plan {
	let best = start;
	let bestCost = best.cost();
	let current = best.clone();
	let currentCost = bestCost;
	const options = { allowEmpty: true, blink: BLINK_RATE, random };
	const hot = START_TEMPERATURE * model.meanNearest;
	const cold = END_TEMPERATURE * model.meanNearest;
	const end = budget.annealEnd();
	const absence = new Float64Array(model.n);
	for (;;) {
		const progress = budget.progress();
		if (budget.done() || progress >= end) break;
		budget.iterations++;
		const temperature = hot * (cold / hot) ** Math.min(1, progress / end);
		const candidate = current.clone();
		ruinStrings(candidate, random);
		recreate(candidate, recreateOrder(model, candidate.unassigned(), random, absence), options);
		for (const i of candidate.unassigned()) absence[i]++;
		const cost = candidate.cost();
		if (cost < currentCost - temperature * Math.log(random())) {
			current = candidate;
			currentCost = cost;
			if (cost < bestCost - COST_EPSILON) {
				best = candidate.clone();
				bestCost = cost;
			}
		}
	}
	return best;
}

function toSolution(model: Model, plan: Plan): Solution {
	const { problem } = model;
	const routes: Route[] = [];
	for (let v = 0; v < model.m; v++) {
		const stops = plan.routes[v];
		if (stops.length === 0) continue;
		const vehicle = problem.vehicles[v];
		const scheduled = scheduleRoute(problem, vehicle, stops.map((i) => problem.stops[i].id));
		if (!scheduled.ok) throw new Error(`solver built an infeasible route for ${vehicle.id}: ${JSON.stringify(scheduled.violation)}`);
		routes.push(scheduled.route);
	}
	const unassigned = problem.stops
		.filter((_, i) => plan.routeOf[i] < 0)
		.map((stop) => ({ stopId: stop.id, reason: explainUnassigned(problem, stop) }));
	return {
		routes,
		unassigned,
		vehicles: routes.length,
		distance: routes.reduce((sum, r) => sum + r.distance, 0),
		lateness: routes.reduce((sum, r) => sum + r.lateness, 0)
	};
}

/**
 * Plans tours for all stops. Deterministic for a seed when `maxIterations` bounds the run (give no
 * `timeLimitMs` then, or a generous one). Stops that fit nowhere are returned with a reason.
 */
export function solveVrptw(problem: RoutingProblem, options: SolveOptions = {}): Solution {
	const model = buildModel(problem);
	const random = mulberry32(options.seed ?? DEFAULT_SEED);
	const maxIterations = options.maxIterations ?? Infinity;
	const limit = options.timeLimitMs ?? (options.maxIterations === undefined ? defaultTimeLimitMs(model.n) : Infinity);
	const budget = new Budget(options.clock ?? (() => performance.now()), limit, maxIterations);

	let plan = new Plan(model);
	const servable = [...Array(model.n).keys()].filter((i) => model.servable[i]);
	recreate(plan, recreateOrder(model, servable, random), { allowEmpty: true, blink: 0, random });
	localSearch(plan, budget.timeUp);
	if (problem.objective === 'vehicles-then-distance' && plan.unassigned().length === 0) {
		plan = minimiseFleet(model, plan, budget, random);
		localSearch(plan, budget.timeUp);
	}
	plan = anneal(model, plan, budget, random);
	localSearch(plan, budget.timeUp);
	return toSolution(model, plan);
}
