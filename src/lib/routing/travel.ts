// Travel times between places without a road network: great-circle distance (haversine) times a
// road factor at an average speed. 1.3 at 50 km/h is a planning assumption for rural roads, not a
// measurement; configure ROUTING_URL (an OSRM table service) for real road times.
import { haversineKm, type GeoPoint } from '../domain/index.ts';
import type { TravelMatrix } from './problem.ts';

export { haversineKm };

export const DEFAULT_ROAD_FACTOR = 1.3;
export const DEFAULT_SPEED_KMH = 50;

export interface TravelModel {
	roadFactor: number;
	speedKmh: number;
}

/** Distances in km and times in minutes between every pair of places. */
export function haversineMatrix(places: readonly GeoPoint[], model: TravelModel = { roadFactor: DEFAULT_ROAD_FACTOR, speedKmh: DEFAULT_SPEED_KMH }): TravelMatrix {
	const size = places.length;
	const distance = new Float64Array(size * size);
	const time = new Float64Array(size * size);
	for (let i = 0; i < size; i++) {
		for (let j = i + 1; j < size; j++) {
			const km = haversineKm(places[i], places[j]) * model.roadFactor;
			distance[i * size + j] = distance[j * size + i] = km;
			time[i * size + j] = time[j * size + i] = (km / model.speedKmh) * 60;
		}
	}
	return { size, distance, time };
}
