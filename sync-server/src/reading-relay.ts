// Unconfirmed Bluetooth readings on their way from a field device to the physician who holds the
// consult: handed from the POST that brings one to that physician's open live streams, never
// stored. In memory of this server instance — with several instances behind a load balancer the
// field device's POST and the physician's stream must meet on one (sticky routing) or the relay
// needs a shared bus; saved values are unaffected, they travel through storage.
import type { LiveReadingEvent } from '../../src/lib/domain/index.ts';

type Listener = (event: LiveReadingEvent) => void;

export class ReadingRelay {
	readonly #listeners = new Map<string, Set<Listener>>();

	/** A physician's stream listens until the returned stop is called (when the stream ends). */
	listen(physician: string, listener: Listener): () => void {
		let set = this.#listeners.get(physician);
		if (!set) this.#listeners.set(physician, (set = new Set()));
		set.add(listener);
		return () => {
			set.delete(listener);
			if (set.size === 0 && this.#listeners.get(physician) === set) this.#listeners.delete(physician);
		};
	}

	/** Hands the reading to every open stream of the physician; how many took it. */
	send(physician: string, event: LiveReadingEvent): number {
		const set = this.#listeners.get(physician);
		for (const listener of set ?? []) listener(event);
		return set?.size ?? 0;
	}
}
