// A query result that follows the database: re-runs whenever a document changes
// (local edits and replicated ones alike), once per burst of changes.

/** A replication batch writes up to 100 documents: one re-run for all of them. */
const REFRESH_DELAY_MS = 50;
import type { LocalDatabase, LocalDatabases } from '../db/index.ts';
import { coalesce, type Coalesced } from '../sync/index.ts';
import { session } from './session.svelte.ts';

export class LiveQuery<T> {
	// Raw: a result is replaced whole, never edited; a deep proxy over 10,000 documents costs more than the query.
	#value = $state.raw<T | undefined>(undefined);
	#error = $state<unknown>(undefined);
	#feeds: PouchDB.Core.Changes<Record<string, unknown>>[] = [];
	#run = 0;
	readonly #query: () => Promise<T>;
	readonly #refresh: Coalesced = coalesce(() => this.refresh(), REFRESH_DELAY_MS);

	constructor(dbs: LocalDatabase[], query: () => Promise<T>) {
		this.#query = query;
		for (const db of dbs) {
			this.#feeds.push(db.changes({ since: 'now', live: true }).on('change', () => this.#refresh.trigger()));
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
		this.#refresh.cancel();
		for (const feed of this.#feeds) feed.cancel();
		this.#feeds = [];
	}
}

/**
 * A live query over the signed-in user's team databases, for a component: created when the
 * databases are open, re-created when they change, destroyed with the component. Call it during
 * component initialisation (it sets up an effect).
 */
export function teamQuery<T>(
	query: (dbs: LocalDatabases) => Promise<T>,
	/** Reactive values the query depends on (e.g. a route parameter): a change re-creates it. */
	track: () => unknown = () => undefined
): { readonly current: LiveQuery<T> | undefined } {
	let current = $state.raw<LiveQuery<T>>();
	$effect(() => {
		const dbs = session.databases;
		track();
		if (!dbs) return;
		const live = new LiveQuery(dbs.entries().map(([, db]) => db), () => query(dbs));
		current = live;
		return () => live.destroy();
	});
	return {
		get current() {
			return current;
		}
	};
}
