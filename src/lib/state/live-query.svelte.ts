// A query result that follows the database: re-runs whenever a document changes
// (local edits and replicated ones alike).
import type { LocalDatabase } from '../db/index.ts';

export class LiveQuery<T> {
	#value = $state<T | undefined>(undefined);
	#error = $state<unknown>(undefined);
	#feeds: PouchDB.Core.Changes<Record<string, unknown>>[] = [];
	#run = 0;
	readonly #query: () => Promise<T>;

	constructor(dbs: LocalDatabase[], query: () => Promise<T>) {
		this.#query = query;
		for (const db of dbs) {
			this.#feeds.push(db.changes({ since: 'now', live: true }).on('change', () => void this.refresh()));
		}
		void this.refresh();
	}

	get value(): T | undefined {
		return this.#value;
	}
	get error(): unknown {
		return this.#error;
	}
	get loading(): boolean {
		return this.#value === undefined && this.#error === undefined;
	}

	async refresh(): Promise<void> {
		const run = ++this.#run;
		try {
			const value = await this.#query();
			if (run === this.#run) this.#value = value;
		} catch (err) {
			if (run === this.#run) this.#error = err;
		}
	}

	destroy(): void {
		for (const feed of this.#feeds) feed.cancel();
		this.#feeds = [];
	}
}
