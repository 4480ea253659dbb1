// Runs an async task after a burst of triggers, never twice at once: a replication writes
// thousands of documents in batches, and recounting or re-querying for each one would cost
// O(n²) (10,000 pulled documents took minutes instead of seconds).

export interface Coalesced {
	/** Asks for a run; triggers during the delay or a running run fold into one more run. */
	trigger(): void;
	/** Resolves when no run is due or running. */
	settled(): Promise<void>;
	cancel(): void;
}

export function coalesce(task: () => Promise<void>, delayMs: number): Coalesced {
	let timer: ReturnType<typeof setTimeout> | undefined;
	let running: Promise<void> | undefined;
	let again = false;
	let cancelled = false;

	const start = () => {
		timer = undefined;
		running = task()
			.catch(() => undefined)
			.finally(() => {
				running = undefined;
				if (again && !cancelled) {
					again = false;
					timer = setTimeout(start, delayMs);
				}
			});
	};

	return {
		trigger() {
			if (cancelled) return;
			if (running) again = true;
			else if (!timer) timer = setTimeout(start, delayMs);
		},
		async settled() {
			while (timer || running) await (running ?? new Promise((resolve) => setTimeout(resolve, delayMs)));
		},
		cancel() {
			cancelled = true;
			if (timer) clearTimeout(timer);
			timer = undefined;
		}
	};
}
