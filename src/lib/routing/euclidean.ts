// Travel matrices from plane coordinates, for TSPLIB and Solomon instances and for benchmarks.
// Rounding follows TSPLIB 95 (Reinelt 1991, section 2.1): EUC_2D distances are nint(sqrt(dx² + dy²)).
import type { TravelMatrix } from './problem.ts';

export interface PlanePoint {
	x: number;
	y: number;
}

/** `nint`: TSPLIB's nearest integer, (int)(d + 0.5); `none`: the exact Euclidean distance. */
export type EuclideanRounding = 'nint' | 'none';

/** Symmetric matrix of straight-line distances; `time` and `distance` are the same array (read-only by contract). */
export function euclideanMatrix(points: readonly PlanePoint[], round: EuclideanRounding): TravelMatrix {
	const size = points.length;
	const distance = new Float64Array(size * size);
	for (let i = 0; i < size; i++) {
		for (let j = i + 1; j < size; j++) {
			const dx = points[i].x - points[j].x;
			const dy = points[i].y - points[j].y;
			// sqrt of the sum, as TSPLIB's reference code does (Math.hypot may differ in the last bit).
			const exact = Math.sqrt(dx * dx + dy * dy);
			const value = round === 'nint' ? Math.floor(exact + 0.5) : exact;
			distance[i * size + j] = value;
			distance[j * size + i] = value;
		}
	}
	return { size, time: distance, distance };
}
