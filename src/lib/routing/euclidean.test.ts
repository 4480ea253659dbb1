import { describe, expect, it } from 'vitest';
import { euclideanMatrix } from './euclidean.ts';

describe('euclideanMatrix', () => {
	const points = [
		{ x: 0, y: 0 },
		{ x: 3, y: 4 },
		{ x: 1, y: 1 },
		{ x: 2.5, y: 0 }
	];

	it('rounds to the nearest integer as TSPLIB EUC_2D does (halves up)', () => {
		const { size, distance } = euclideanMatrix(points, 'nint');
		expect(size).toBe(4);
		expect(distance[0 * 4 + 1]).toBe(5);
		expect(distance[0 * 4 + 2]).toBe(1); // √2 ≈ 1.414
		expect(distance[0 * 4 + 3]).toBe(3); // 2.5 rounds up
		expect(distance[1 * 4 + 2]).toBe(4); // √13 ≈ 3.606
	});

	it('keeps exact distances unrounded', () => {
		const { distance } = euclideanMatrix(points, 'none');
		expect(distance[0 * 4 + 2]).toBeCloseTo(Math.SQRT2, 12);
		expect(distance[1 * 4 + 2]).toBeCloseTo(Math.sqrt(13), 12);
	});

	it('is symmetric with a zero diagonal, time equal to distance', () => {
		const matrix = euclideanMatrix(points, 'none');
		for (let i = 0; i < 4; i++) {
			expect(matrix.distance[i * 4 + i]).toBe(0);
			for (let j = 0; j < 4; j++) {
				expect(matrix.distance[i * 4 + j]).toBe(matrix.distance[j * 4 + i]);
				expect(matrix.time[i * 4 + j]).toBe(matrix.distance[i * 4 + j]);
			}
		}
	});

	it('handles no points and one point', () => {
		expect(euclideanMatrix([], 'nint').size).toBe(0);
		expect(Array.from(euclideanMatrix([{ x: 7, y: 7 }], 'nint').distance)).toEqual([0]);
	});
});
