import { describe, expect, it } from 'vitest';
import { rankUnits } from './nearest-units.ts';
import { haversineMatrix } from './travel.ts';

describe('rankUnits', () => {
	const mission = { lat: 50.6487, lon: 11.3668 }; // Saalfeld
	it('puts the unit with the shortest drive first and those without a position last', () => {
		const ranked = rankUnits(
			[
				{ unitId: 'rtw-rudolstadt', position: { lat: 50.7197, lon: 11.3425 } },
				{ unitId: 'rtw-unknown' },
				{ unitId: 'rtw-saalfeld', position: { lat: 50.65, lon: 11.36 } },
				{ unitId: 'rtw-a-unknown' }
			],
			(places) => haversineMatrix(places),
			mission
		);
		expect(ranked.map((r) => r.unitId)).toEqual(['rtw-saalfeld', 'rtw-rudolstadt', 'rtw-a-unknown', 'rtw-unknown']);
		expect(ranked[0].minutes).toBeLessThan(2);
		expect(ranked[1].minutes).toBeGreaterThan(10);
		expect(ranked[2].minutes).toBeUndefined();
	});
	it('reads the travel time from each unit to the mission (column 0), as a one-way street would have it', () => {
		const oneWay = () => ({ size: 2, time: new Float64Array([0, 99, 7, 0]), distance: new Float64Array(4) });
		expect(rankUnits([{ unitId: 'x', position: mission }], oneWay, mission)).toEqual([{ unitId: 'x', minutes: 7 }]);
	});
});
