// One live listener per database, shared by every longpoll request waiting on it, and the
// batch query a wake-up needs, shared by the requests that ask the same question. Without this,
// 200 waiting devices cost 200 listeners and 200 identical queries per write.
import type { Database } from './storage.ts';

type Batch = PouchDB.Core.ChangesResponse<Record<string, unknown>>;

export class ChangeWatch {
	readonly #db: Database;
	readonly #subscribers = new Set<() => void>();
	readonly #queries = new Map<string, Promise<Batch>>();
	#feed: PouchDB.Core.Changes<Record<string, unknown>> | undefined;

	constructor(db: Database) {
		this.#db = db;
	}

	/** Calls `wake` after every change to the database until the returned function is called. */
	subscribe(wake: () => void): () => void {
		if (!this.#feed) {
			this.#feed = this.#db.changes({ since: 'now', live: true, return_docs: false }).on('change', () => {
				this.#queries.clear();
				for (const subscriber of [...this.#subscribers]) subscriber();
			});
		}
		this.#subscribers.add(wake);
		return () => {
			this.#subscribers.delete(wake);
			if (this.#subscribers.size === 0) this.close();
		};
	}

	/** `run`'s answer, shared with every caller of the same `key` until the database changes. */
	query(key: string, run: () => Promise<Batch>): Promise<Batch> {
		let pending = this.#queries.get(key);
		if (!pending) {
			pending = run();
			this.#queries.set(key, pending);
			pending.catch(() => this.#queries.delete(key));
		}
		return pending;
	}

	close(): void {
		this.#feed?.cancel();
		this.#feed = undefined;
		this.#queries.clear();
	}
}

export class ChangeWatches {
	readonly #watches = new Map<Database, ChangeWatch>();

	for(db: Database): ChangeWatch {
		let watch = this.#watches.get(db);
		if (!watch) {
			watch = new ChangeWatch(db);
			this.#watches.set(db, watch);
		}
		return watch;
	}

	closeAll(): void {
		for (const watch of this.#watches.values()) watch.close();
		this.#watches.clear();
	}
}
