// Live two-way replication of one team database, reduced to what the user needs to know:
// phase, changes waiting to be sent, last successful sync, refused writes.
import type { DeniedWrite } from './protocol.ts';
import { nextBackoff } from '../domain/index.ts';
import { coalesce, type Coalesced } from './coalesce.ts';
import { ConflictTracker } from './conflict-review.ts';

/**
 * Documents per replication batch (PouchDB's default is 100). Each batch is one HTTP round trip
 * and one IndexedDB transaction: a first pull of 10,000 observations into Chromium took 24 s with
 * 100 and 18 s with 500; a nurse's window of a year's station (17,373 documents, bare PouchDB
 * pulling) 14.0 s with 1,000 and 12.4–12.9 s with 2,000; the app's first sync 21.9–24.0 s with
 * 1,000 and 19.4–23.1 s with 2,000 (2 cores, server on the same machine). 2,000 documents of
 * ~600 B are about 1.2 MB per answer.
 */
const REPLICATION_BATCH = 2000;
/** Recount waiting changes at most this often while documents stream in. */
const PENDING_RECOUNT_MS = 250;
/**
 * Conflicts left from an earlier session are counted this long after start (reading every mutable
 * document): not among the first screen's reads. A sync that settles sooner counts them then.
 */
const START_CONFLICT_COUNT_DELAY_MS = 5_000;

export type SyncPhase = 'offline' | 'syncing' | 'up-to-date' | 'error';
export type SyncProblem = 'unauthorized' | 'network' | 'server' | 'storage-full';

export interface TeamSyncSnapshot {
	phase: SyncPhase;
	pending: number;
	/** Documents with conflicts a person has to settle. */
	conflicts: number;
	/** While pulling: documents received so far of those the server announced. */
	progress?: { done: number; total: number };
	lastSyncAt?: string;
	problem?: SyncProblem;
	denied: DeniedWrite[];
}

type Db = PouchDB.Database<Record<string, unknown>>;

export interface TeamSyncOptions {
	local: Db;
	remote: () => Db;
	isOnline: () => boolean;
	now: () => Date;
	/** Persists the local sequence known to be on the server, across app starts. */
	loadPushedSeq: () => Promise<number>;
	savePushedSeq: (seq: number) => Promise<void>;
	onUpdate: (snapshot: TeamSyncSnapshot) => void;
	/** Both directions caught up without error: everything up to `pushedSeq` is on the server. */
	onSettled?: (pushedSeq: number) => void;
}

export class TeamSync {
	readonly #o: TeamSyncOptions;
	#sync: PouchDB.Replication.Sync<Record<string, unknown>> | undefined;
	#localChanges: PouchDB.Core.Changes<Record<string, unknown>> | undefined;
	#pushedSeq = 0;
	/** Revisions that came from the server since the last full sync: in the local feed, but not unsent. */
	readonly #pulled = new Map<string, string>();
	/** Local revisions not yet known to be on the server, and how far the local feed was read for them. */
	readonly #unsent = new Map<string, string>();
	#countedSeq: number | string = 0;
	/** Counts up when a full sync clears the tallies: a count still reading from before is stale. */
	#epoch = 0;
	readonly #recount: Coalesced = coalesce(() => this.#countPending(), PENDING_RECOUNT_MS);
	#snapshot: TeamSyncSnapshot = { phase: 'offline', pending: 0, conflicts: 0, denied: [] };
	readonly #conflicts = new ConflictTracker();
	#conflictCount: ReturnType<typeof setTimeout> | undefined;

	constructor(options: TeamSyncOptions) {
		this.#o = options;
	}

	get snapshot(): TeamSyncSnapshot {
		return this.#snapshot;
	}

	/** Whether this document's latest local revision is not yet known to be on the server (e.g. a request made offline). */
	isUnsent(id: string): boolean {
		return this.#unsent.has(id);
	}

	async start(lastSyncAt?: string): Promise<void> {
		this.#pushedSeq = await this.#o.loadPushedSeq();
		this.#countedSeq = this.#pushedSeq;
		this.#update({ lastSyncAt });
		this.#localChanges = this.#o.local
			.changes({ since: 'now', live: true })
			.on('change', () => this.#recount.trigger());
		await this.#countPending();
		this.#conflictCount = setTimeout(() => void this.#countConflicts(), START_CONFLICT_COUNT_DELAY_MS);
		this.restart();
	}

	/**
	 * (Re)starts replication now, e.g. when the device comes back online. Live (continuous) while
	 * the app is visible; one pass when it is in the background, to spare battery and data.
	 */
	restart(live = true): void {
		this.#sync?.cancel();
		this.#sync = undefined;
		if (!this.#o.isOnline()) {
			this.#update({ phase: 'offline', problem: undefined });
			return;
		}
		this.#update({ phase: 'syncing', problem: undefined });
		let backoff = 0;
		const sync = this.#o.local.sync(this.#o.remote(), {
			live,
			retry: live,
			batch_size: REPLICATION_BATCH,
			back_off_function: () => (backoff = nextBackoff(backoff))
		});
		this.#sync = sync;
		// Events of a replication that was cancelled or replaced no longer describe the device.
		const current = () => this.#sync === sync;
		// Up to date only when both directions have caught up: the two-way 'paused' also fires
		// at the start, before the pull has read anything.
		const idle = { push: false, pull: false };
		const directions = sync as unknown as Record<'push' | 'pull', PouchDB.Replication.Replication<Record<string, unknown>>>;
		for (const direction of ['push', 'pull'] as const) {
			directions[direction]
				.on('active', () => (idle[direction] = false))
				.on('paused', (err) => {
					if (!current()) return;
					if (err) return void this.#failed(err);
					idle[direction] = true;
					if (idle.push && idle.pull) void this.#paused(undefined);
				});
		}
		sync
			.on('active', () => current() && this.#update({ phase: 'syncing', problem: undefined }))
			.on('change', (info) => current() && this.#progress(info))
			.on('paused', (err) => current() && err && this.#failed(err))
			.on('complete', () => current() && !live && void this.#paused(undefined))
			.on('denied', (err) => current() && this.#denied(err))
			.on('error', (err) => current() && this.#failed(err));
	}

	stop(): void {
		this.#sync?.cancel();
		this.#sync = undefined;
		this.#localChanges?.cancel();
		this.#localChanges = undefined;
		this.#recount.cancel();
		clearTimeout(this.#conflictCount);
	}

	async #paused(err: unknown): Promise<void> {
		if (err) return this.#failed(err);
		// Both directions idle without error: everything written locally so far is on the server.
		const info = await this.#o.local.info();
		this.#pushedSeq = Number(info.update_seq) || 0;
		this.#epoch++;
		this.#pulled.clear();
		this.#unsent.clear();
		this.#countedSeq = this.#pushedSeq;
		await this.#o.savePushedSeq(this.#pushedSeq);
		this.#update({ phase: 'up-to-date', pending: 0, lastSyncAt: this.#o.now().toISOString(), problem: undefined, progress: undefined });
		await this.#countConflicts();
		this.#o.onSettled?.(this.#pushedSeq);
	}

	async #countConflicts(): Promise<void> {
		clearTimeout(this.#conflictCount);
		this.#update({ conflicts: await this.#conflicts.refresh(this.#o.local) });
	}

	#progress(info: PouchDB.Replication.SyncResult<Record<string, unknown>>): void {
		if (info.direction !== 'pull') return;
		for (const doc of info.change.docs) this.#pulled.set(doc._id, doc._rev);
		const { docs_read: done, pending } = info.change as { docs_read: number; pending?: number };
		if (typeof pending === 'number') this.#update({ phase: 'syncing', progress: { done, total: done + pending } });
	}

	#failed(err: unknown): void {
		const { status, name, message } = (err ?? {}) as { status?: number; name?: string; message?: string };
		if (name === 'QuotaExceededError' || /quota/i.test(message ?? '')) {
			// Nothing more can be stored; what is stored stays whole (IndexedDB writes are transactions).
			this.#update({ phase: 'error', problem: 'storage-full' });
			return;
		}
		if (status === 401) {
			// Retrying cannot help until the user signs in again.
			this.#sync?.cancel();
			this.#sync = undefined;
			this.#update({ phase: 'error', problem: 'unauthorized' });
		} else if (!this.#o.isOnline()) this.#update({ phase: 'offline', problem: undefined });
		else this.#update({ phase: 'error', problem: status && status >= 400 ? 'server' : 'network' });
	}

	#denied(event: unknown): void {
		// Two-way sync wraps the replicator's error as `{ direction, doc }`.
		const err = ((event as { doc?: unknown } | undefined)?.doc ?? event ?? {}) as { id?: string; reason?: string; message?: string };
		const { id, reason, message } = err;
		const entry = { id: id ?? '?', reason: reason ?? message ?? 'forbidden' };
		this.#update({ denied: [...this.#snapshot.denied.filter((d) => d.id !== entry.id), entry] });
	}

	/** Reads only what the local feed gained since the last count (a full recount per change is O(n²)). */
	async #countPending(): Promise<void> {
		const epoch = this.#epoch;
		const changes = await this.#o.local.changes({ since: this.#countedSeq });
		// Everything was on the server when the sync went idle meanwhile: this read would re-add pulled documents as unsent.
		if (epoch !== this.#epoch) return;
		for (const change of changes.results) {
			const rev = change.changes[0]?.rev;
			if (change.id.startsWith('_local/')) continue;
			if (this.#pulled.get(change.id) === rev) this.#unsent.delete(change.id);
			else this.#unsent.set(change.id, rev);
		}
		this.#countedSeq = changes.last_seq;
		this.#update({ pending: this.#unsent.size });
	}

	#update(partial: Partial<TeamSyncSnapshot>): void {
		this.#snapshot = { ...this.#snapshot, ...partial };
		this.#o.onUpdate(this.#snapshot);
	}
}
