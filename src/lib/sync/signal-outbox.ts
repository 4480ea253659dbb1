// The call's outgoing signals, in order, until the other party's stream took each one. A message
// sent while the device is offline, or before the other side opened its screen, is sent again
// (after RETRY_MS), so an offer made during a dead zone still rings and an ICE restart still lands.
import type { CallSignal } from '../domain/index.ts';

/** Pause before sending an undelivered message again. */
export const SIGNAL_RETRY_MS = 1000;
/** A call produces a few dozen messages; past this the oldest undelivered are dropped (the newest offer supersedes them). */
const MAX_QUEUED = 200;

/** `delivered`: at least one stream of the other party took it; `unheard`: none open; `failed`: no answer from the server. */
export type SendOutcome = 'delivered' | 'unheard' | 'failed' | 'refused';

export interface OutboxTimers {
	set(callback: () => void, ms: number): unknown;
	clear(handle: unknown): void;
}

const REAL_TIMERS: OutboxTimers = { set: (callback, ms) => setTimeout(callback, ms), clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>) };

export class SignalOutbox {
	readonly #send: (signal: CallSignal) => Promise<SendOutcome>;
	readonly #timers: OutboxTimers;
	readonly #onRefused: () => void;
	#queue: CallSignal[] = [];
	#sending = false;
	#timer: unknown;
	#closed = false;

	/** `onRefused`: the server said no (the consult closed, the session ended): the call cannot go on. */
	constructor(send: (signal: CallSignal) => Promise<SendOutcome>, onRefused: () => void, timers: OutboxTimers = REAL_TIMERS) {
		this.#send = send;
		this.#onRefused = onRefused;
		this.#timers = timers;
	}

	get pending(): number {
		return this.#queue.length;
	}

	push(signal: CallSignal): void {
		if (this.#closed) return;
		this.#queue.push(signal);
		if (this.#queue.length > MAX_QUEUED) this.#queue.splice(0, this.#queue.length - MAX_QUEUED);
		void this.#flush();
	}

	/** Sends what is queued now instead of at the next retry (the connection came back). */
	nudge(): void {
		if (this.#timer !== undefined) {
			this.#timers.clear(this.#timer);
			this.#timer = undefined;
		}
		void this.#flush();
	}

	/** Drops what is queued; a last message (the hang-up) is sent once, resolved when answered or failed. */
	async close(last?: CallSignal): Promise<void> {
		this.#closed = true;
		this.#queue = [];
		if (this.#timer !== undefined) this.#timers.clear(this.#timer);
		this.#timer = undefined;
		if (last) await this.#send(last).catch(() => undefined);
	}

	async #flush(): Promise<void> {
		if (this.#sending || this.#timer !== undefined) return;
		this.#sending = true;
		try {
			while (this.#queue.length > 0 && !this.#closed) {
				const outcome = await this.#send(this.#queue[0]).catch((): SendOutcome => 'failed');
				if (this.#closed) return;
				if (outcome === 'refused') {
					this.#queue = [];
					this.#onRefused();
					return;
				}
				if (outcome !== 'delivered') {
					this.#timer = this.#timers.set(() => {
						this.#timer = undefined;
						void this.#flush();
					}, SIGNAL_RETRY_MS);
					return;
				}
				this.#queue.shift();
			}
		} finally {
			this.#sending = false;
		}
	}
}
