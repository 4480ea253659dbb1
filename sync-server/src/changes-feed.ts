// The live `_changes` feeds (CouchDB 3 semantics): longpoll answers once, continuous writes
// one JSON line per change, eventsource writes Server-Sent Events. Heartbeats are newlines.
import type { ServerResponse } from 'node:http';
import { ChangeWatches } from './change-watch.ts';
import { streamHeaders } from './http-headers.ts';
import type { Database } from './storage.ts';

export type LiveFeed = 'longpoll' | 'continuous' | 'eventsource';
export type ChangesOptions = PouchDB.Core.ChangesOptions & { seq_interval?: number };
type Seq = number | string;
type Change = PouchDB.Core.ChangesResponseChange<Record<string, unknown>>;

/** Open feeds, so a shutting-down server can end them instead of waiting for their timeouts. */
export class FeedRegistry {
	readonly #open = new Set<() => void>();
	readonly watches = new ChangeWatches();

	add(stop: () => void): () => void {
		this.#open.add(stop);
		return () => this.#open.delete(stop);
	}

	stopAll(): void {
		for (const stop of [...this.#open]) stop();
		this.watches.closeAll();
	}
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
}

const CONTENT_TYPES: Record<LiveFeed, string> = {
	longpoll: 'application/json',
	continuous: 'application/json',
	eventsource: 'text/event-stream'
};

export function serveLiveFeed(params: FeedParams): void {
	const { db, options, feed, response, registry } = params;
	response.writeHead(200, streamHeaders(CONTENT_TYPES[feed]));
	let lastSeq: Seq = params.since;
	let sent = 0;
	let done = false;
	// Assigned once below, but `finish` (defined first) must be able to cancel it.
	// eslint-disable-next-line prefer-const
	let live: PouchDB.Core.Changes<Record<string, unknown>> | undefined;
	let stopWatching: (() => void) | undefined;
	let timeout: NodeJS.Timeout | undefined;

	const heartbeat = params.heartbeatMs
		? setInterval(() => response.write(feed === 'eventsource' ? 'event: heartbeat\ndata: \n\n' : '\n'), params.heartbeatMs)
		: undefined;

	const finish = (results?: Change[]) => {
		if (done) return;
		done = true;
		clearInterval(heartbeat);
		clearTimeout(timeout);
		live?.cancel();
		stopWatching?.();
		unregister();
		if (!response.writableEnded && !response.destroyed) {
			if (feed === 'longpoll') response.end(JSON.stringify({ results: results ?? [], last_seq: lastSeq, pending: 0 }));
			else if (feed === 'continuous') response.end(JSON.stringify({ last_seq: lastSeq }) + '\n');
			else response.end();
		}
	};
	const unregister = registry.add(() => finish());
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
				.then((batch) => {
					if (batch.results.length === 0) return;
					lastSeq = batch.last_seq;
					finish(batch.results);
				})
				.catch(() => finish());
		stopWatching = watch.subscribe(() => void ask());
		void ask();
		return;
	}

	live = db.changes({ ...options, since: params.since, live: true });
	live.on('change', (change) => {
		if (done) return;
		lastSeq = change.seq;
		if (feed === 'continuous') response.write(JSON.stringify(change) + '\n');
		else response.write(`id: ${JSON.stringify(change.seq)}\ndata: ${JSON.stringify(change)}\n\n`);
		sent++;
		if (typeof options.limit === 'number' && sent >= options.limit) finish();
		else armTimeout();
	});
	live.on('error', () => finish());
}
