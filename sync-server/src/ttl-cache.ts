// A small time-bounded cache: hot lookups (sessions, teams) on every request would otherwise read
// the private database each time. Entries live briefly, so a change made on another gateway
// instance shows within the TTL; changes on this instance invalidate at once.

export class TtlCache<V> {
	readonly #ttlMs: number;
	readonly #max: number;
	readonly #now: () => number;
	readonly #entries = new Map<string, { value: V; expires: number }>();

	constructor(ttlMs: number, max = 10_000, now: () => number = Date.now) {
		this.#ttlMs = ttlMs;
		this.#max = max;
		this.#now = now;
	}

	async get(key: string, load: () => Promise<V>): Promise<V> {
		const hit = this.#entries.get(key);
		if (hit && hit.expires > this.#now()) return hit.value;
		const value = await load();
		if (this.#entries.size >= this.#max) this.#entries.clear();
		this.#entries.set(key, { value, expires: this.#now() + this.#ttlMs });
		return value;
	}

	delete(key: string): void {
		this.#entries.delete(key);
	}

	clear(): void {
		this.#entries.clear();
	}
}
