// The consult call's signalling relay: each open `/api/live` stream of a user registers here, and a
// message for that user is written to every one of them as a `signal` event. Nothing is stored or
// logged: a message that finds no open stream is gone (the sender is told how many streams took it).

/** Where a message for one user goes: one open live stream. */
export interface SignalSink {
	/** Writes one SSE event; a stream that has ended ignores it. */
	send(event: string, data: string): void;
}

export class SignalHub {
	readonly #byUser = new Map<string, Set<SignalSink>>();

	/** Registers a stream of `username`; the returned function removes it (when the stream ends). */
	register(username: string, sink: SignalSink): () => void {
		let sinks = this.#byUser.get(username);
		if (!sinks) {
			sinks = new Set();
			this.#byUser.set(username, sinks);
		}
		sinks.add(sink);
		return () => {
			const current = this.#byUser.get(username);
			if (!current) return;
			current.delete(sink);
			if (current.size === 0) this.#byUser.delete(username);
		};
	}

	/** Sends `data` as a `signal` event to every open stream of `username`; answers how many took it. */
	deliver(username: string, data: string): number {
		const sinks = this.#byUser.get(username);
		if (!sinks) return 0;
		for (const sink of sinks) sink.send('signal', data);
		return sinks.size;
	}
}
