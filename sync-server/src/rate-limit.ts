// Fixed-window counter of failed logins per key (client address + user name).

export class FailureLimiter {
	readonly #max: number;
	readonly #windowMs: number;
	readonly #now: () => number;
	readonly #failures = new Map<string, { count: number; resetAt: number }>();

	constructor(max: number, windowMs: number, now: () => number = Date.now) {
		this.#max = max;
		this.#windowMs = windowMs;
		this.#now = now;
	}

	/** Seconds until the key may try again, or 0 when it may try now. */
	retryAfter(key: string): number {
		const entry = this.#failures.get(key);
		if (!entry) return 0;
		const now = this.#now();
		if (entry.resetAt <= now) {
			this.#failures.delete(key);
			return 0;
		}
		return entry.count >= this.#max ? Math.ceil((entry.resetAt - now) / 1000) : 0;
	}

	fail(key: string): void {
		const now = this.#now();
		const entry = this.#failures.get(key);
		if (!entry || entry.resetAt <= now) this.#failures.set(key, { count: 1, resetAt: now + this.#windowMs });
		else entry.count++;
		if (this.#failures.size > 100_000) this.#prune(now);
	}

	succeed(key: string): void {
		this.#failures.delete(key);
	}

	#prune(now: number): void {
		for (const [key, entry] of this.#failures) if (entry.resetAt <= now) this.#failures.delete(key);
	}
}
