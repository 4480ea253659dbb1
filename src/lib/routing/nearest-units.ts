// "Nächstes freies Fahrzeug": available units ranked by travel time to the mission. Units without a
// known position come last, in name order: the dispatcher decides for them.
import type { GeoPoint } from '../domain/index.ts';
import type { TravelMatrix } from './problem.ts';

export interface UnitCandidate {
	unitId: string;
	position?: GeoPoint;
}

export interface RankedUnit {
	unitId: string;
	/** Estimated minutes to the mission; undefined without a known position. */
	minutes?: number;
}

/** `matrix` is over [mission, ...positioned units] in that order (row 0 → column i is unused; column 0 is the mission). */
export function rankUnits(candidates: readonly UnitCandidate[], travel: (places: GeoPoint[]) => TravelMatrix, mission: GeoPoint): RankedUnit[] {
	const positioned = candidates.filter((c): c is Required<UnitCandidate> => c.position !== undefined);
	const matrix = travel([mission, ...positioned.map((c) => c.position)]);
	const ranked: RankedUnit[] = positioned.map((c, i) => ({ unitId: c.unitId, minutes: matrix.time[(i + 1) * matrix.size] }));
	ranked.sort((a, b) => a.minutes! - b.minutes! || a.unitId.localeCompare(b.unitId));
	const unknown = candidates.filter((c) => c.position === undefined).map((c) => ({ unitId: c.unitId })).sort((a, b) => a.unitId.localeCompare(b.unitId));
	return [...ranked, ...unknown];
}
