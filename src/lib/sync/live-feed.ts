// The server's live feed (GET /api/live, server-sent events): every change of the user's databases
// as it happens. EventSource reconnects by itself and resumes from the last event id.
const OVERFLOW_RETRY_MS = 1000;

export interface LiveChange {
	db: string;
	seq: string;
	id: string;
	deleted?: boolean;
	doc?: Record<string, unknown> & { _id: string; _rev?: string };
}

export type LiveState = 'connecting' | 'live' | 'down';

export class LiveFeed {
	#source: EventSource | undefined;

	constructor(
		private readonly onChange: (change: LiveChange) => void,
		private readonly onState: (state: LiveState) => void
	) {}

	start(url = '/api/live'): void {
		if (this.#source || typeof EventSource === 'undefined') return;
		this.onState('connecting');
		const source = new EventSource(url, { withCredentials: true });
		source.addEventListener('ready', () => this.onState('live'));
		source.addEventListener('change', (event) => {
			try {
				this.onChange(JSON.parse((event as MessageEvent<string>).data) as LiveChange);
			} catch {
				// A malformed event is skipped; replication still brings the document.
			}
		});
		// The session expired: stop (replication carries on once signed in again).
		source.addEventListener('expired', () => this.stop());
		// This client fell behind and was dropped: reconnect, resuming from the last event it got.
		source.addEventListener('overflow', () => {
			this.stop();
			setTimeout(() => this.start(url), OVERFLOW_RETRY_MS);
		});
		source.onerror = () => this.onState(source.readyState === EventSource.CLOSED ? 'down' : 'connecting');
		this.#source = source;
	}

	stop(): void {
		this.#source?.close();
		this.#source = undefined;
		this.onState('down');
	}
}
