// Fixed-window counters of failed sign-ins: per user name, per client address, per Basic login.
import { isIPv6 } from 'node:net';

/**
 * Keys kept at most per limiter. Past it, expired entries go first, then the oldest: memory stays
 * bounded under a flood of invented names, at the price of forgetting the oldest counts (a
 * flood needs this many distinct keys, which the per-address limit spreads over many addresses).
 */
const MAX_KEYS = 100_000;

export class FailureLimiter {
	readonly #max: number;
	readonly #windowMs: number;
	readonly #now: () => number;
	readonly #maxKeys: number;
	/** In insertion order, which is window-start order (a new window re-inserts its key). */
	readonly #failures = new Map<string, { count: number; resetAt: number }>();

	constructor(max: number, windowMs: number, now: () => number = Date.now, maxKeys = MAX_KEYS) {
		this.#max = max;
		this.#windowMs = windowMs;
		this.#now = now;
		this.#maxKeys = maxKeys;
	}

	/** Keys currently counted. */
	get size(): number {
		return this.#failures.size;
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
		if (entry && entry.resetAt > now) {
			entry.count++;
			return;
		}
		this.#failures.delete(key);
		this.#failures.set(key, { count: 1, resetAt: now + this.#windowMs });
		if (this.#failures.size > this.#maxKeys) this.#prune(now);
	}

	succeed(key: string): void {
		this.#failures.delete(key);
	}

	#prune(now: number): void {
		for (const [key, entry] of this.#failures) if (entry.resetAt <= now) this.#failures.delete(key);
		for (const key of this.#failures.keys()) {
			if (this.#failures.size <= this.#maxKeys) break;
			this.#failures.delete(key);
		}
	}
}

/**
 * What one client is counted by: an IPv4 address whole (also IPv4-mapped IPv6), an IPv6 address
 * by its /64 — one subscriber's network (RFC 6177), whose 2^64 addresses cost an attacker nothing.
 */
export function addressKey(ip: string): string {
	const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
	if (mapped) return mapped[1];
	if (!isIPv6(ip)) return ip;
	const [head, tail] = ip.split('%')[0].split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const groups = tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
	return `${groups
		.slice(0, 4)
		.map((group) => parseInt(group, 16).toString(16))
		.join(':')}::/64`;
}
