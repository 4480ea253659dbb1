// A random nurse day for the routing benchmarks: 40 visits around Saalfeld, 3 nurses with
// 06:00–14:00 shifts and a break, a quarter of the windows hard. Same seed, same day.
import { mulberry32 } from '../src/lib/domain/prng.ts';
import type { RoutingProblem, Stop, Vehicle } from '../src/lib/routing/problem.ts';
import { haversineMatrix } from '../src/lib/routing/travel.ts';

const NURSE_VISITS = 40;
const NURSES = 3;
const SAALFELD = { lat: 50.6486, lon: 11.3636 };
/** Visits spread over about ±15 km around the station. */
const SPREAD_DEG = { lat: 0.13, lon: 0.2 };
const HARD_WINDOW_SHARE = 0.25;

export function nurseDay(seed: number): RoutingProblem {
	const random = mulberry32(seed);
	const places = [SAALFELD, ...Array.from({ length: NURSE_VISITS }, () => ({ lat: SAALFELD.lat + (random() - 0.5) * 2 * SPREAD_DEG.lat, lon: SAALFELD.lon + (random() - 0.5) * 2 * SPREAD_DEG.lon }))];
	const stops: Stop[] = places.slice(1).map((_, k) => {
		const hard = random() < HARD_WINDOW_SHARE;
		const start = 360 + Math.round(random() * 6) * 60;
		return {
			id: `visit-${k}`,
			location: k + 1,
			serviceTime: 10 + 5 * Math.floor(random() * 5),
			window: { start, end: start + (hard ? 60 : 120), hard },
			requiredLevel: random() < 0.2 ? 1 : 0,
			priority: 1 + Math.floor(random() * 3)
		};
	});
	const vehicles: Vehicle[] = Array.from({ length: NURSES }, (_, k) => ({
		id: `nurse-${k}`,
		startLocation: 0,
		endLocation: 0,
		shiftStart: 360,
		shiftEnd: 840,
		level: k === 0 ? 1 : 0,
		break: { earliestStart: 600, latestStart: 720, duration: 30 }
	}));
	return { matrix: haversineMatrix(places), stops, vehicles, objective: 'distance', latenessWeight: 2 };
}

