// mulberry32 (Tommy Ettinger, public domain): a tiny seeded PRNG. Demo data, tests and the
// route solver need randomness that is the same on every machine for the same seed.
export function mulberry32(seed: number): () => number {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
