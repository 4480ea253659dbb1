// Travel times between places without a road network: great-circle distance (haversine) times a
// road factor at an average speed. 1.3 at 50 km/h is a planning assumption for rural roads, not a
// measurement; configure ROUTING_URL (an OSRM table service) for real road times.
import type { GeoPoint } from '../domain/index.ts';
import type { TravelMatrix } from './problem.ts';

export const EARTH_RADIUS_KM = 6371.0088;
export const DEFAULT_ROAD_FACTOR = 1.3;
export const DEFAULT_SPEED_KMH = 50;

/** Great-circle distance in km (haversine formula, mean Earth radius per IUGG). */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
	const rad = Math.PI / 180;
	const dLat = (b.lat - a.lat) * rad;
	const dLon = (b.lon - a.lon) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

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
