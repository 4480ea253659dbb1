// String removal: take strings of consecutive stops out of tours near a random seed stop
// (Christiaens & Vanden Berghe 2020, "Slack Induction by String Removals", Transportation Science 54(2)).
import type { Plan } from './vrptw-model.ts';

/** Mean number of stops removed per ruin (the paper's c̄). */
export const MEAN_REMOVED = 10;
/** Longest string removed from one tour (the paper's L^max). */
export const MAX_STRING = 10;

/** Removes strings around a random stop; returns the removed stops (already out of the plan). */
export function ruinStrings(plan: Plan, random: () => number, meanRemoved = MEAN_REMOVED): number[] {
	const { model } = plan;
	const assigned: number[] = [];
	for (let i = 0; i < model.n; i++) if (plan.routeOf[i] >= 0) assigned.push(i);
	if (assigned.length === 0) return [];
	const used = plan.vehiclesUsed();
	const stringMax = Math.min(MAX_STRING, assigned.length / used);
	const stringsMax = (4 * meanRemoved) / (1 + stringMax) - 1;
	const strings = Math.floor(random() * stringsMax) + 1;
	const seed = assigned[Math.floor(random() * assigned.length)];
	const ruined = new Set<number>();
	const removed: number[] = [];
	const candidates = [seed, ...model.neighbours[seed]];
	for (const c of candidates) {
		if (ruined.size >= strings) break;
		const v = plan.routeOf[c];
		if (v < 0 || ruined.has(v)) continue;
		const route = plan.routes[v];
		const length = Math.floor(random() * Math.min(route.length, stringMax)) + 1;
		const at = route.indexOf(c);
		const lowest = Math.max(0, at - length + 1);
		const highest = Math.min(at, route.length - length);
		const from = lowest + Math.floor(random() * (highest - lowest + 1));
		removed.push(...route.slice(from, from + length));
		ruined.add(v);
		for (const i of route.slice(from, from + length)) plan.routeOf[i] = -1;
		route.splice(from, length);
	}
	for (const v of ruined) plan.refresh(v);
	return removed;
}

/** Removes one whole tour (the one with the fewest stops; ties by lowest vehicle index). */
export function removeSmallestRoute(plan: Plan): number[] {
	let pick = -1;
	for (let v = 0; v < plan.model.m; v++) {
		const len = plan.routes[v].length;
		if (len > 0 && (pick < 0 || len < plan.routes[pick].length)) pick = v;
	}
	if (pick < 0) return [];
	const stops = plan.routes[pick].slice();
	plan.remove(stops);
	return stops;
}
