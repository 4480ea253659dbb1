// The dispatcher consoles' fan-out: one live `_changes` listener per database (include_docs), shared
// by every connected console. A change's document is read and serialised once, then handed to each
// subscriber; a subscriber that joins late catches up from its own sequence before it goes live.
import type { Database, Storage } from './storage.ts';

export type Seq = number | string;

/** One change as every subscriber receives it; `data` is the SSE payload, serialised once. */
export interface LiveChange {
	db: string;
	seq: Seq;
	/** `<id>@<rev>`: a change seen in a catch-up and again on the live feed is sent once. */
	key: string;
	data: string;
	/** The document itself, for the audit trail's record of what a console was sent. */
	doc?: unknown;
	/** The SSE event name; `change` unless a stream sends something else (a physician's `consult`). */
	event?: string;
}

/** Where a subscription delivers. `ready` resolves once the sink can take more (catch-up pacing). */
export interface LiveSink {
	deliver(change: LiveChange): void;
	ready(): Promise<void>;
	/** The feed broke or the subscriber fell too far behind while catching up: end the stream. */
	fail(reason: 'error' | 'overflow'): void;
}

/** Changes per catch-up query; the sink drains between pages. */
const CATCH_UP_PAGE = 200;
/** Live changes held for one subscriber while it catches up, before it is dropped as too slow. */
const MAX_HELD_WHILE_CATCHING_UP = 5000;

type Change = PouchDB.Core.ChangesResponseChange<Record<string, unknown>>;

/** Documents a console never sees: design documents (server-managed) and checkpoints. */
function isHidden(id: string): boolean {
	return id.startsWith('_design/') || id.startsWith('_local/');
}

function toLiveChange(db: string, change: Change): LiveChange | undefined {
	if (isHidden(change.id)) return undefined;
	const rev = change.doc?._rev ?? change.changes[0]?.rev ?? '';
	const data = JSON.stringify({ db, seq: change.seq, id: change.id, ...(change.deleted ? { deleted: true } : {}), doc: change.doc });
	return { db, seq: change.seq, key: `${change.id}@${rev}`, data, doc: change.doc };
}

/** True when `seq` is known to be at or before `mark` (LevelDB's integers; CouchDB's are opaque). */
function notAfter(seq: Seq, mark: Seq): boolean {
	return typeof seq === 'number' && typeof mark === 'number' && seq <= mark;
}

/** The one live listener of a database, started at the update sequence it found. */
class Broadcast {
	readonly #listeners = new Set<(change: LiveChange) => void>();
	readonly #failures = new Set<() => void>();
	readonly #onClose: () => void;
	readonly started: Promise<void>;
	#feed: PouchDB.Core.Changes<Record<string, unknown>> | undefined;
	#closed = false;

	constructor(name: string, db: Database, onClose: () => void) {
		this.#onClose = onClose;
		this.started = db.info().then((info) => {
			if (this.#closed) return;
			this.#feed = db
				.changes({ since: info.update_seq, live: true, include_docs: true, return_docs: false })
				.on('change', (change) => {
					const live = toLiveChange(name, change);
					if (live) for (const listener of [...this.#listeners]) listener(live);
				})
				.on('error', () => this.#fail());
		});
		this.started.catch(() => this.#fail());
	}

	add(listener: (change: LiveChange) => void, onFail: () => void): () => void {
		this.#listeners.add(listener);
		this.#failures.add(onFail);
		return () => {
			this.#listeners.delete(listener);
			this.#failures.delete(onFail);
			if (this.#listeners.size === 0) this.close();
		};
	}

	#fail(): void {
		const failures = [...this.#failures];
		this.close();
		for (const onFail of failures) onFail();
	}

	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.#feed?.cancel();
		this.#listeners.clear();
		this.#failures.clear();
		this.#onClose();
	}
}

/** One database followed for one stream: buffers live changes until its catch-up is done. */
export interface Subscription {
	/** The database's update sequence just after the live listener was in place. */
	readonly updateSeq: Seq;
	/** Sends every change after `since`, then every live one; resolves when live. */
	catchUp(since: Seq): Promise<void>;
	stop(): void;
}

export class LiveHub {
	readonly #storage: Storage;
	readonly #broadcasts = new Map<string, Broadcast>();

	constructor(storage: Storage) {
		this.#storage = storage;
	}

	async subscribe(name: string, sink: LiveSink): Promise<Subscription> {
		const db = this.#storage.database(name);
		let broadcast = this.#broadcasts.get(name);
		if (!broadcast) {
			const created: Broadcast = new Broadcast(name, db, () => {
				if (this.#broadcasts.get(name) === created) this.#broadcasts.delete(name);
			});
			broadcast = created;
			this.#broadcasts.set(name, created);
		}

		let held: LiveChange[] | undefined = [];
		let mark: Seq | undefined;
		// Opaque (CouchDB) sequences cannot be compared: what the catch-up sent is recognised by rev.
		const seen = new Set<string>();
		let stopped = false;
		const onChange = (change: LiveChange) => {
			if (held) {
				held.push(change);
				if (held.length > MAX_HELD_WHILE_CATCHING_UP) sink.fail('overflow');
			} else pass(change);
		};
		const pass = (change: LiveChange) => {
			if (mark !== undefined && notAfter(change.seq, mark)) return;
			if (typeof change.seq !== 'number' && seen.has(change.key)) return;
			sink.deliver(change);
		};
		const remove = broadcast.add(onChange, () => sink.fail('error'));
		const stop = () => {
			stopped = true;
			held = undefined;
			remove();
		};
		try {
			await broadcast.started;
			const updateSeq = (await db.info()).update_seq;
			return {
				updateSeq,
				stop,
				catchUp: async (since) => {
					let last = since;
					for (;;) {
						const batch = await db.changes({ since: last, include_docs: true, limit: CATCH_UP_PAGE });
						if (stopped) return;
						for (const change of batch.results) {
							const live = toLiveChange(name, change);
							if (!live) continue;
							if (typeof live.seq !== 'number') seen.add(live.key);
							sink.deliver(live);
						}
						last = batch.last_seq;
						if (batch.results.length < CATCH_UP_PAGE) break;
						await sink.ready();
						if (stopped) return;
					}
					mark = last;
					const pending = held ?? [];
					held = undefined;
					for (const change of pending) pass(change);
				}
			};
		} catch (err) {
			stop();
			throw err;
		}
	}

	closeAll(): void {
		for (const broadcast of [...this.#broadcasts.values()]) broadcast.close();
		this.#broadcasts.clear();
	}
}
