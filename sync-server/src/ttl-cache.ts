// A small time-bounded cache: hot lookups (sessions, teams) on every request would otherwise read
// the private database each time. Entries live briefly, so a change made on another gateway
// instance shows within the TTL; changes on this instance invalidate at once.

export class TtlCache<V> {
	readonly #ttlMs: number;
	readonly #max: number;
	readonly #now: () => number;
	readonly #entries = new Map<string, { value: V; expires: number }>();
	/** Counts invalidations: a load that began before one may have read what was invalidated. */
	#generation = 0;

	constructor(ttlMs: number, max = 10_000, now: () => number = Date.now) {
		this.#ttlMs = ttlMs;
		this.#max = max;
		this.#now = now;
	}

	async get(key: string, load: () => Promise<V>): Promise<V> {
		const hit = this.#entries.get(key);
		if (hit && hit.expires > this.#now()) return hit.value;
		const generation = this.#generation;
		const value = await load();
		// Not kept when invalidated meanwhile (e.g. a sign-out): it would outlive the change for a whole TTL.
		if (generation !== this.#generation) return value;
		if (this.#entries.size >= this.#max) this.#entries.clear();
		this.#entries.set(key, { value, expires: this.#now() + this.#ttlMs });
		return value;
	}

	delete(key: string): void {
		this.#generation++;
		this.#entries.delete(key);
	}

	clear(): void {
		this.#generation++;
		this.#entries.clear();
	}
}
