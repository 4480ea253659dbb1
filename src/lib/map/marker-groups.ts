// Marker de-overlap: markers whose tappable squares would intersect are drawn as one group marker.
// Single-linkage grouping over a grid of cells (a marker can only touch markers in the 3×3 cells
// around its own), repeated on the groups' centres until no two squares intersect. Pure: screen
// pixels in, groups out; no Leaflet, no browser.

/** A marker's position in screen pixels at one zoom (Web Mercator pixel coordinates). */
export interface ScreenPoint {
	x: number;
	y: number;
}

export interface MarkerGroup {
	/** Indexes into the points given, ascending. */
	members: number[];
	/** Where the group is drawn: the mean of its members. */
	centre: ScreenPoint;
}

/**
 * Two squares of edge `size` centred on a and b intersect when both axes are closer than `size`.
 * Touching edges (distance exactly `size`) do not count: the targets then lie side by side.
 */
function squaresIntersect(a: ScreenPoint, b: ScreenPoint, size: number): boolean {
	return Math.abs(a.x - b.x) < size && Math.abs(a.y - b.y) < size;
}

/** Union-find with path halving: which set each index belongs to. */
class DisjointSets {
	readonly #parent: number[];
	constructor(count: number) {
		this.#parent = Array.from({ length: count }, (_, i) => i);
	}
	find(i: number): number {
		while (this.#parent[i] !== i) {
			this.#parent[i] = this.#parent[this.#parent[i]];
			i = this.#parent[i];
		}
		return i;
	}
	union(a: number, b: number): void {
		const ra = this.find(a);
		const rb = this.find(b);
		if (ra !== rb) this.#parent[Math.max(ra, rb)] = Math.min(ra, rb);
	}
}

/** Pairs of points whose squares intersect, found through a grid of `size` cells (near-linear for spread-out points). */
function linkOverlapping(points: readonly ScreenPoint[], size: number, sets: DisjointSets): void {
	const cells = new Map<string, number[]>();
	const cellOf = (p: ScreenPoint) => [Math.floor(p.x / size), Math.floor(p.y / size)] as const;
	points.forEach((p, i) => {
		const [cx, cy] = cellOf(p);
		const key = `${cx},${cy}`;
		const list = cells.get(key);
		if (list) list.push(i);
		else cells.set(key, [i]);
	});
	points.forEach((p, i) => {
		const [cx, cy] = cellOf(p);
		for (let dx = -1; dx <= 1; dx++) {
			for (let dy = -1; dy <= 1; dy++) {
				for (const j of cells.get(`${cx + dx},${cy + dy}`) ?? []) {
					if (j > i && squaresIntersect(p, points[j], size)) sets.union(i, j);
				}
			}
		}
	});
}

function centreOf(points: readonly ScreenPoint[], members: readonly number[]): ScreenPoint {
	let x = 0;
	let y = 0;
	for (const i of members) {
		x += points[i].x;
		y += points[i].y;
	}
	return { x: x / members.length, y: y / members.length };
}

/**
 * Groups markers so that no two drawn markers' squares of edge `minDistance` intersect. A group of
 * one is a marker drawn as it is. Groups come in the order of their first member.
 */
export function groupOverlappingMarkers(points: readonly ScreenPoint[], minDistance: number): MarkerGroup[] {
	if (!(minDistance > 0)) throw new RangeError('minDistance must be positive');
	let groups: MarkerGroup[] = points.map((p, i) => ({ members: [i], centre: { x: p.x, y: p.y } }));
	// Each pass merges groups whose drawn centres overlap; a merged group's centre moves, so it may
	// now overlap a neighbour: pass again. Every pass that changes something lowers the count.
	for (;;) {
		const sets = new DisjointSets(groups.length);
		linkOverlapping(
			groups.map((g) => g.centre),
			minDistance,
			sets
		);
		const byRoot = new Map<number, number[]>();
		groups.forEach((group, i) => {
			const root = sets.find(i);
			const members = byRoot.get(root);
			if (members) members.push(...group.members);
			else byRoot.set(root, [...group.members]);
		});
		if (byRoot.size === groups.length) return groups;
		groups = [...byRoot.values()].map((members) => {
			members.sort((a, b) => a - b);
			return { members, centre: centreOf(points, members) };
		});
		groups.sort((a, b) => a.members[0] - b.members[0]);
	}
}

/**
 * The lowest zoom above `zoom` at which a group's members stand apart, given their screen pixels at
 * `zoom`. Web Mercator pixel distances double with each zoom step. All apart if any zoom up to
 * `maxZoom` achieves it; otherwise the first zoom where the group splits at all; undefined when
 * nothing separates them (the same address): then the group is listed instead.
 */
export function zoomToSeparate(points: readonly ScreenPoint[], minDistance: number, zoom: number, maxZoom: number): number | undefined {
	let firstSplit: number | undefined;
	for (let z = Math.floor(zoom) + 1; z <= maxZoom; z++) {
		const scale = 2 ** (z - zoom);
		const groups = groupOverlappingMarkers(
			points.map((p) => ({ x: p.x * scale, y: p.y * scale })),
			minDistance
		);
		if (groups.length === points.length) return z;
		if (groups.length > 1 && firstSplit === undefined) firstSplit = z;
	}
	return firstSplit;
}

/** The text on a group marker: "3–5" for neighbours in the tour, "2, 7" for two apart, else the count. */
export function groupLabel(numbers: readonly number[]): string {
	const sorted = [...numbers].sort((a, b) => a - b);
	if (sorted.length === 0) return '';
	const consecutive = sorted.every((n, i) => i === 0 || n === sorted[i - 1] + 1);
	if (consecutive) return sorted.length === 1 ? String(sorted[0]) : `${sorted[0]}–${sorted[sorted.length - 1]}`;
	if (sorted.length === 2) return `${sorted[0]}, ${sorted[1]}`;
	return `${sorted.length}×`;
}
