// The live `_changes` feeds (CouchDB 3 semantics): longpoll answers once, continuous writes
// one JSON line per change, eventsource writes Server-Sent Events. Heartbeats are newlines.
// A user's feed ends with the session that opened it and after a maximum lifetime; a stock
// client simply reconnects (and is then asked to sign in again, or resumes from its last_seq).
import type { ServerResponse } from 'node:http';
import { ChangeWatches } from './change-watch.ts';
import { CouchError } from './errors.ts';
import { streamHeaders } from './http-headers.ts';
import type { SessionState } from './session-check.ts';
import type { Database } from './storage.ts';

export type LiveFeed = 'longpoll' | 'continuous' | 'eventsource';
export type ChangesOptions = PouchDB.Core.ChangesOptions & { seq_interval?: number };
type Seq = number | string;
type Change = PouchDB.Core.ChangesResponseChange<Record<string, unknown>>;

export interface FeedLimits {
	/** Continuous and eventsource feeds end after this long; a longpoll ends at its timeout or this, whichever is first. */
	maxLifetimeMs: number;
	/** Session re-check interval of a feed without a heartbeat (or with a slower one). */
	sessionCheckMs: number;
	/** Open live feeds per user. */
	maxPerUser: number;
}

/** Open feeds, so a shutting-down server can end them instead of waiting for their timeouts. */
export class FeedRegistry {
	readonly #open = new Set<() => void>();
	readonly #perUser = new Map<string, number>();
	readonly watches = new ChangeWatches();
	readonly limits: FeedLimits;

	constructor(limits: FeedLimits) {
		this.limits = limits;
	}

	/** A CouchDB-shaped 429 when `username` already holds as many feeds as allowed. */
	admit(username: string): void {
		if ((this.#perUser.get(username) ?? 0) >= this.limits.maxPerUser) {
			throw new CouchError('too_many_requests', `At most ${this.limits.maxPerUser} open _changes feeds per user; close another first.`);
		}
	}

	/** Registers an open feed (counted against `owner`, if given); the returned function removes it. */
	add(stop: () => void, owner?: string): () => void {
		this.#open.add(stop);
		if (owner !== undefined) this.#perUser.set(owner, (this.#perUser.get(owner) ?? 0) + 1);
		let removed = false;
		return () => {
			if (removed) return;
			removed = true;
			this.#open.delete(stop);
			if (owner === undefined) return;
			const left = (this.#perUser.get(owner) ?? 1) - 1;
			if (left > 0) this.#perUser.set(owner, left);
			else this.#perUser.delete(owner);
		};
	}

	stopAll(): void {
		for (const stop of [...this.#open]) stop();
		this.watches.closeAll();
	}
}

/** The signed-in user behind a feed; the server admin's feeds have none. */
export interface FeedSession {
	username: string;
	check: () => Promise<SessionState>;
}

interface FeedParams {
	db: Database;
	options: ChangesOptions;
	since: Seq;
	feed: LiveFeed;
	heartbeatMs?: number;
	timeoutMs: number;
	response: ServerResponse;
	registry: FeedRegistry;
	session?: FeedSession;
	/** Called with the changes sent (the audit trail records which documents reached whom). */
	onDelivered?: (changes: Change[]) => void;
	/** Called once when the feed ends. */
	onEnd?: () => void;
	/** A device's retention window (windowed-changes.ts): each storage change as the row to send, or none; seqs as tokens. */
	window?: FeedWindow;
}

export interface FeedWindow {
	row: (change: Change) => Change | undefined;
	seq: (seq: Seq) => Seq;
}

const CONTENT_TYPES: Record<LiveFeed, string> = {
	longpoll: 'application/json',
	continuous: 'application/json',
	eventsource: 'text/event-stream'
};

export function serveLiveFeed(params: FeedParams): void {
	const { db, options, feed, response, registry, session } = params;
	const { maxLifetimeMs, sessionCheckMs } = registry.limits;
	response.writeHead(200, streamHeaders(CONTENT_TYPES[feed]));
	// Sent now, not with the first change: the client knows at once that the feed is open.
	response.flushHeaders();
	const { window } = params;
	let lastSeq: Seq = window ? window.seq(params.since) : params.since;
	let sent = 0;
	let done = false;
	// Assigned once below, but `finish` (defined first) must be able to cancel it.
	// eslint-disable-next-line prefer-const
	let live: PouchDB.Core.Changes<Record<string, unknown>> | undefined;
	let stopWatching: (() => void) | undefined;
	let timeout: NodeJS.Timeout | undefined;

	/** Whether the session still holds this database; a check that fails counts as no (fail closed). */
	const sessionHolds = async (): Promise<boolean> => !session || (await session.check().catch((): SessionState => 'session-ended')) === 'valid';
	let checking = false;
	const recheck = () => {
		if (!session || checking || done) return;
		checking = true;
		void sessionHolds().then((holds) => {
			checking = false;
			if (!holds) finish();
		});
	};

	const heartbeat = params.heartbeatMs
		? setInterval(() => {
				response.write(feed === 'eventsource' ? 'event: heartbeat\ndata: \n\n' : '\n');
				recheck();
			}, params.heartbeatMs)
		: undefined;
	// No heartbeat, or a slower one than the session check: check on a fixed interval instead.
	const checker = session && !(params.heartbeatMs && params.heartbeatMs <= sessionCheckMs) ? setInterval(recheck, sessionCheckMs) : undefined;
	// However busy, a user's feed ends: `timeout` is reset by every change, this is not.
	const lifetime = session ? setTimeout(() => finish(), maxLifetimeMs) : undefined;

	const finish = (results?: Change[]) => {
		if (done) return;
		done = true;
		clearInterval(heartbeat);
		clearInterval(checker);
		clearTimeout(lifetime);
		clearTimeout(timeout);
		live?.cancel();
		stopWatching?.();
		unregister();
		if (results?.length) params.onDelivered?.(results);
		params.onEnd?.();
		if (!response.writableEnded && !response.destroyed) {
			if (feed === 'longpoll') response.end(JSON.stringify({ results: results ?? [], last_seq: lastSeq, pending: 0 }));
			else if (feed === 'continuous') response.end(JSON.stringify({ last_seq: lastSeq }) + '\n');
			else response.end();
		}
	};
	const unregister = registry.add(() => finish(), session?.username);
	response.on('close', () => finish());

	// Inactivity timeout: CouchDB ends the feed after `timeout` ms without a change.
	const armTimeout = () => {
		clearTimeout(timeout);
		timeout = setTimeout(() => finish(), params.timeoutMs);
	};
	armTimeout();

	if (feed === 'longpoll') {
		// Answer with everything since `since` at once, or wait for the first change that matches.
		const watch = registry.watches.for(db);
		const key = JSON.stringify([params.since, options]);
		const ask = () =>
			watch
				.query(key, () => db.changes({ ...options, since: params.since, live: false }))
				.then(async (batch) => {
					if (batch.results.length === 0 || done) return;
					// Asked after the batch was read: nothing reaches a session that ended meanwhile.
					if (!(await sessionHolds())) return finish();
					lastSeq = window ? window.seq(batch.last_seq) : batch.last_seq;
					// Outside the window only: an empty answer that moves last_seq on.
					finish(window ? batch.results.flatMap((change) => window.row(change) ?? []) : batch.results);
				})
				.catch(() => finish());
		stopWatching = watch.subscribe(() => void ask());
		void ask();
		return;
	}

	const deliver = (stored: Change) => {
		const change = window ? window.row(stored) : stored;
		lastSeq = window ? window.seq(stored.seq) : stored.seq;
		if (!change) return;
		if (feed === 'continuous') response.write(JSON.stringify(change) + '\n');
		else response.write(`id: ${JSON.stringify(change.seq)}\ndata: ${JSON.stringify(change)}\n\n`);
		params.onDelivered?.([change]);
		sent++;
		if (typeof options.limit === 'number' && sent >= options.limit) finish();
		else armTimeout();
	};
	// Changes wait here for a session check that began after they arrived, so a change written
	// after sign-out, deactivation or removal from the team is never sent.
	const waiting: Change[] = [];
	let draining = false;
	const drain = async () => {
		if (draining) return;
		draining = true;
		while (waiting.length > 0 && !done) {
			const checked = waiting.length;
			if (!(await sessionHolds())) return finish();
			for (const change of waiting.splice(0, checked)) if (!done) deliver(change);
		}
		draining = false;
	};
	live = db.changes({ ...options, since: params.since, live: true });
	live.on('change', (change) => {
		if (done) return;
		if (!session) return deliver(change);
		waiting.push(change);
		void drain();
	});
	live.on('error', () => finish());
}
