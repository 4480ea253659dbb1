// The local search of the TSP solver (tsp.ts): 2-opt and Or-opt (Or 1976) over K-nearest-neighbour
// lists with don't-look bits (Bentley 1992), and the local double-bridge kick (Martin, Otto & Felten 1991).
// Asymmetric costs are exact: a reversed path is priced from prefix sums of forward and backward edges.

/** Candidate partners per location; 8–10 find nearly every improving move on Euclidean instances (Johnson & McGeoch 1997). */
const NEIGHBOURS = 10;
/** Or-opt moves segments of one to three locations (Or 1976). */
const MAX_OR_SEGMENT = 3;
/** Longest segment the double bridge swaps: local kicks keep the repair cheap. */
const MAX_KICK_SEGMENT = 30;

/** 2-opt and Or-opt to a local optimum, starting from the locations queued (don't-look bits off). */
export class LocalSearch {
	readonly tour: Int32Array;
	readonly epsilon: number;
	private readonly position: Int32Array;
	private readonly neighbours: Int32Array;
	private readonly k: number;
	private readonly queue: Int32Array;
	private readonly queued: Uint8Array;
	private head = 0;
	private count = 0;
	/** Prefix sums of the tour's edge costs read forwards and backwards (asymmetric only). */
	private readonly forward: Float64Array;
	private readonly backward: Float64Array;
	private readonly scratch: Int32Array;
	private readonly size: number;
	private readonly cost: Float64Array;
	private readonly symmetric: boolean;

	constructor(size: number, cost: Float64Array, symmetric: boolean, epsilon: number) {
		this.epsilon = epsilon;
		this.size = size;
		this.cost = cost;
		this.symmetric = symmetric;
		this.tour = new Int32Array(size);
		this.position = new Int32Array(size);
		this.queue = new Int32Array(size);
		this.queued = new Uint8Array(size);
		this.scratch = new Int32Array(size);
		this.forward = new Float64Array(symmetric ? 0 : size + 1);
		this.backward = new Float64Array(symmetric ? 0 : size + 1);
		this.k = Math.min(NEIGHBOURS, size - 1);
		this.neighbours = new Int32Array(size * this.k);
		for (let i = 0; i < size; i++) {
			const others = Array.from({ length: size }, (_, j) => j).filter((j) => j !== i);
			const near = (j: number) => cost[i * size + j] + cost[j * size + i];
			others.sort((a, b) => near(a) - near(b));
			for (let r = 0; r < this.k; r++) this.neighbours[i * this.k + r] = others[r];
		}
	}

	load(tour: Int32Array): void {
		this.tour.set(tour);
		this.reindex();
	}

	queueAll(): void {
		for (let i = 0; i < this.size; i++) this.push(this.tour[i]);
	}

	length(): number {
		let total = 0;
		for (let i = 0; i < this.size; i++) total += this.d(this.tour[i], this.tour[(i + 1) % this.size]);
		return total;
	}

	improve(): void {
		for (;;) {
			while (this.count > 0) {
				const a = this.queue[this.head];
				this.head = (this.head + 1) % this.size;
				this.count--;
				this.queued[a] = 0;
				if (this.twoOpt(a) || this.orOpt(a)) this.push(a);
			}
			// On an asymmetric matrix the same cycle read backwards may be shorter, which no single move finds.
			if (this.symmetric || this.backward[this.size] >= this.forward[this.size] - this.epsilon) return;
			this.tour.reverse();
			this.reindex();
			this.queueAll();
		}
	}

	/** Swaps two adjacent segments (a double bridge whose fourth segment is the rest of the tour). */
	kick(random: () => number): void {
		const m = this.size;
		const longest = Math.max(1, Math.min(MAX_KICK_SEGMENT, Math.floor((m - 1) / 2)));
		const first = Math.floor(random() * m);
		const lengthB = 1 + Math.floor(random() * longest);
		const lengthC = 1 + Math.floor(random() * longest);
		const at = (offset: number) => this.tour[(first + offset) % m];
		let w = 0;
		this.scratch[w++] = at(0);
		for (let i = 0; i < lengthC; i++) this.scratch[w++] = at(1 + lengthB + i);
		for (let i = 0; i < lengthB; i++) this.scratch[w++] = at(1 + i);
		for (let i = 1 + lengthB + lengthC; i < m; i++) this.scratch[w++] = at(i);
		for (const offset of [0, 1, lengthB, lengthB + 1, lengthB + lengthC, lengthB + lengthC + 1]) this.push(at(offset));
		this.tour.set(this.scratch);
		this.reindex();
	}

	private d(from: number, to: number): number {
		return this.cost[from * this.size + to];
	}
	private next(x: number): number {
		return this.tour[(this.position[x] + 1) % this.size];
	}
	private prev(x: number): number {
		return this.tour[(this.position[x] + this.size - 1) % this.size];
	}
	private push(x: number): void {
		if (this.queued[x]) return;
		this.queued[x] = 1;
		this.queue[(this.head + this.count) % this.size] = x;
		this.count++;
	}

	private reindex(): void {
		const m = this.size;
		for (let i = 0; i < m; i++) this.position[this.tour[i]] = i;
		if (this.symmetric) return;
		for (let i = 0; i < m; i++) {
			const a = this.tour[i];
			const b = this.tour[(i + 1) % m];
			this.forward[i + 1] = this.forward[i] + this.d(a, b);
			this.backward[i + 1] = this.backward[i] + this.d(b, a);
		}
	}

	/** Cost change of reading the path from `a` forwards to `b` the other way round (0 when symmetric). */
	private reversalChange(a: number, b: number): number {
		if (this.symmetric) return 0;
		const i = this.position[a];
		const j = this.position[b];
		const f = this.forward;
		const r = this.backward;
		return j >= i ? r[j] - r[i] - (f[j] - f[i]) : r[this.size] - r[i] + r[j] - (f[this.size] - f[i] + f[j]);
	}

	/** Replaces edges a–b and c–d by a–c and b–d, in both tour directions from `a`. */
	private twoOpt(a: number): boolean {
		for (const forwards of [true, false]) {
			const b = forwards ? this.next(a) : this.prev(a);
			const removedAB = forwards ? this.d(a, b) : this.d(b, a);
			for (let r = 0; r < this.k; r++) {
				const c = this.neighbours[a * this.k + r];
				const addedAC = forwards ? this.d(a, c) : this.d(c, a);
				if (this.symmetric && addedAC >= removedAB) break;
				const d = forwards ? this.next(c) : this.prev(c);
				if (c === b || d === a) continue;
				// Forwards: a→b…c→d becomes a→c…b→d (b…c reversed); backwards: d→c…b→a becomes d→b…c→a.
				const delta = forwards
					? addedAC + this.d(b, d) - removedAB - this.d(c, d) + this.reversalChange(b, c)
					: addedAC + this.d(d, b) - removedAB - this.d(d, c) + this.reversalChange(c, b);
				if (delta >= -this.epsilon) continue;
				if (forwards) this.reverse(this.position[b], this.position[c]);
				else this.reverse(this.position[c], this.position[b]);
				for (const x of [b, c, d]) this.push(x);
				return true;
			}
		}
		return false;
	}

	/** Moves a segment of 1–3 locations containing `a` next to a neighbour of its first or last location. */
	private orOpt(a: number): boolean {
		const m = this.size;
		for (let length = 1; length <= Math.min(MAX_OR_SEGMENT, m - 3); length++) {
			for (let offset = 0; offset < length; offset++) {
				const first = (this.position[a] - offset + m) % m;
				const s = this.tour[first];
				const e = this.tour[(first + length - 1) % m];
				const p = this.prev(s);
				const n = this.next(e);
				const removed = this.d(p, s) + this.d(e, n) - this.d(p, n);
				let turned = 0;
				for (let i = 0; i < length - 1 && !this.symmetric; i++) {
					const [x, y] = [this.tour[(first + i) % m], this.tour[(first + i + 1) % m]];
					turned += this.d(y, x) - this.d(x, y);
				}
				for (let side = 0; side < (length === 1 ? 1 : 2); side++) {
					const end = side === 0 ? s : e;
					for (let r = 0; r < this.k; r++) {
						const x = this.neighbours[end * this.k + r];
						// Gain criterion (Lin & Kernighan 1973): the new edge at `end` must be shorter than what removal saves.
						if (this.symmetric && this.d(x, end) >= removed) break;
						if ((this.position[x] - first + m) % m < length) continue;
						// Insert between x and its successor (the segment reads from `end` after x), or its predecessor and x.
						for (let after = 0; after < 2; after++) {
							const c = after ? x : this.prev(x);
							const d = after ? this.next(x) : x;
							if (c === e || d === s) continue;
							const reversed = (end === s) !== (after === 1);
							const [head, tail] = reversed ? [e, s] : [s, e];
							const added = this.d(c, head) + this.d(tail, d) - this.d(c, d) + (reversed ? turned : 0);
							if (added - removed >= -this.epsilon) continue;
							this.moveSegment(first, length, c, reversed);
							for (const y of [p, n, s, e, c, d]) this.push(y);
							return true;
						}
					}
				}
			}
		}
		return false;
	}

	/** Reverses the tour between positions i and j (inclusive, reading forwards, possibly wrapping). */
	private reverse(i: number, j: number): void {
		const m = this.size;
		let length = ((j - i + m) % m) + 1;
		if (this.symmetric && 2 * length > m) [i, j, length] = [(j + 1) % m, (i + m - 1) % m, m - length];
		for (let k = 0; k < length >> 1; k++) {
			const x = (i + k) % m;
			const y = (j - k + m) % m;
			const swap = this.tour[x];
			this.tour[x] = this.tour[y];
			this.tour[y] = swap;
		}
		this.reindex();
	}

	/** Moves the segment of `length` locations at position `first` to between c and its successor. */
	private moveSegment(first: number, length: number, c: number, reversed: boolean): void {
		const m = this.size;
		let w = 0;
		for (let i = length; i < m; i++) {
			const x = this.tour[(first + i) % m];
			this.scratch[w++] = x;
			if (x !== c) continue;
			for (let k = 0; k < length; k++) this.scratch[w++] = this.tour[(first + (reversed ? length - 1 - k : k)) % m];
		}
		this.tour.set(this.scratch);
		this.reindex();
	}
}
