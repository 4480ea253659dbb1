import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../domain/prng.ts';
import { groupLabel, groupOverlappingMarkers, zoomToSeparate, type MarkerGroup, type ScreenPoint } from './marker-groups.ts';

const HIT = 44;

const membersOf = (groups: MarkerGroup[]) => groups.map((g) => g.members);

/** No two drawn markers' hit squares intersect. */
function apart(groups: MarkerGroup[], size: number): boolean {
	for (let i = 0; i < groups.length; i++) {
		for (let j = i + 1; j < groups.length; j++) {
			const a = groups[i].centre;
			const b = groups[j].centre;
			if (Math.abs(a.x - b.x) < size && Math.abs(a.y - b.y) < size) return false;
		}
	}
	return true;
}

describe('groupOverlappingMarkers', () => {
	it('leaves markers whose hit squares do not meet as they are', () => {
		const points = [
			{ x: 0, y: 0 },
			{ x: 44, y: 0 },
			{ x: 0, y: 100 },
			{ x: 30, y: 44 }
		];
		const groups = groupOverlappingMarkers(points, HIT);
		expect(membersOf(groups)).toEqual([[0], [1], [2], [3]]);
		expect(groups[1].centre).toEqual({ x: 44, y: 0 });
	});

	it('groups two markers whose squares overlap, drawn at their middle', () => {
		const groups = groupOverlappingMarkers(
			[
				{ x: 100, y: 100 },
				{ x: 130, y: 110 },
				{ x: 400, y: 400 }
			],
			HIT
		);
		expect(membersOf(groups)).toEqual([[0, 1], [2]]);
		expect(groups[0].centre).toEqual({ x: 115, y: 105 });
	});

	it('counts a diagonal neighbour as overlapping only when both axes are closer than the target', () => {
		expect(membersOf(groupOverlappingMarkers([{ x: 0, y: 0 }, { x: 43, y: 43 }], HIT))).toEqual([[0, 1]]);
		expect(membersOf(groupOverlappingMarkers([{ x: 0, y: 0 }, { x: 43, y: 44 }], HIT))).toEqual([[0], [1]]);
	});

	it('joins a chain of markers each overlapping the next into one group', () => {
		const chain = [0, 40, 80, 120, 160].map((x) => ({ x, y: 0 }));
		const groups = groupOverlappingMarkers(chain, HIT);
		expect(membersOf(groups)).toEqual([[0, 1, 2, 3, 4]]);
		expect(groups[0].centre).toEqual({ x: 80, y: 0 });
	});

	it('merges again when a group drawn at its centre comes to overlap a marker none of its members touched', () => {
		// A ring of twelve markers 70 px around a thirteenth: neighbours on the ring overlap, the
		// middle one touches none of them (each is ≥ 49 px away on some axis), but the ring's group
		// is drawn at the middle.
		const ring = Array.from({ length: 12 }, (_, i) => ({ x: 70 * Math.cos((i * Math.PI) / 6), y: 70 * Math.sin((i * Math.PI) / 6) }));
		const middle = { x: 0, y: 0 };
		expect(ring.every((p) => Math.abs(p.x) >= 44 || Math.abs(p.y) >= 44)).toBe(true);
		const groups = groupOverlappingMarkers([...ring, middle], HIT);
		expect(membersOf(groups)).toEqual([Array.from({ length: 13 }, (_, i) => i)]);
	});

	it('puts markers at the same position (the same address) into one group', () => {
		const same = { x: 210.5, y: 77 };
		const groups = groupOverlappingMarkers([same, { x: 500, y: 500 }, { ...same }, { ...same }], HIT);
		expect(membersOf(groups)).toEqual([[0, 2, 3], [1]]);
		expect(groups[0].centre).toEqual(same);
	});

	it('keeps every drawn marker apart among many random points, and loses none', () => {
		const random = mulberry32(13);
		for (let round = 0; round < 20; round++) {
			const points: ScreenPoint[] = Array.from({ length: 300 }, () => ({ x: random() * 1200, y: random() * 900 }));
			const groups = groupOverlappingMarkers(points, HIT);
			expect(apart(groups, HIT)).toBe(true);
			const all = groups.flatMap((g) => g.members).sort((a, b) => a - b);
			expect(all).toEqual(points.map((_, i) => i));
		}
	});

	it('handles no markers and refuses a distance that is not positive', () => {
		expect(groupOverlappingMarkers([], HIT)).toEqual([]);
		expect(() => groupOverlappingMarkers([{ x: 0, y: 0 }], 0)).toThrow(RangeError);
	});
});

describe('zoomToSeparate', () => {
	it('finds the first zoom where every member stands alone (distances double per step)', () => {
		// 12 px apart at zoom 13: 24 at 14, 48 at 15.
		expect(zoomToSeparate([{ x: 0, y: 0 }, { x: 12, y: 0 }], HIT, 13, 18)).toBe(15);
	});

	it('gives the first split when some members never separate, and nothing for one address', () => {
		const same = { x: 5, y: 5 };
		expect(zoomToSeparate([same, same, { x: 25, y: 5 }], HIT, 14, 18)).toBe(16);
		expect(zoomToSeparate([same, { ...same }], HIT, 14, 18)).toBeUndefined();
	});

	it('gives nothing at the highest zoom', () => {
		expect(zoomToSeparate([{ x: 0, y: 0 }, { x: 12, y: 0 }], HIT, 18, 18)).toBeUndefined();
	});
});

describe('groupLabel', () => {
	it('names neighbours in the tour as a range, two apart by both numbers, more by the count', () => {
		expect(groupLabel([5, 3, 4])).toBe('3–5');
		expect(groupLabel([7, 2])).toBe('2, 7');
		expect(groupLabel([1, 4, 9])).toBe('3×');
		expect(groupLabel([6])).toBe('6');
	});
});
