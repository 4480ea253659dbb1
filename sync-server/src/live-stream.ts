// One console's Server-Sent Events stream (WHATWG HTML §9.2): its position in every database,
// heartbeats, a session check on each heartbeat, and an end the client is told about.
import type { ServerResponse } from 'node:http';
import { CouchError } from './errors.ts';
import { streamHeaders } from './http-headers.ts';
import type { LiveChange, LiveSink, Seq } from './live-hub.ts';
import type { SessionState } from './session-check.ts';

/** Position per database: `{ "team-x": seq }`, base64url JSON in `id:` lines, `since` and Last-Event-ID. */
export type Positions = Record<string, Seq>;

/**
 * Bytes a console may fall behind (Node's buffer plus the socket's) before it is dropped. Not
 * `write() === false`: that fires past a 16 KiB high-water mark, which one catch-up page or a
 * burst of mission documents reaches on a healthy connection; this bound keeps memory per
 * console fixed while tolerating such bursts.
 */
const MAX_BACKLOG_BYTES = 512 * 1024;
/** After the final `overflow` event, a console that still reads nothing is disconnected. */
const OVERFLOW_GRACE_MS = 5000;
/** A catch-up waits this long for the console to take a page before dropping it as stalled. */
const DRAIN_TIMEOUT_MS = 30_000;
/** EventSource reconnects this long after the stream ends (and resumes via Last-Event-ID). */
const RETRY_MS = 3000;
/** Longest accepted position text; a region has a few dozen databases at most. */
const MAX_POSITIONS_CHARS = 16 * 1024;
const COUCH_SEQ = /^\d+-[A-Za-z0-9_-]{1,4000}$/;

/** Why a stream ends. The first three are told to the client as an event of that name. */
export type EndReason = 'expired' | 'overflow' | 'shutdown' | 'error' | 'closed';

export function encodePositions(positions: Positions): string {
	return Buffer.from(JSON.stringify(positions)).toString('base64url');
}

/** `since` / Last-Event-ID → positions; a 400 for anything else. */
export function parsePositions(raw: string): Positions {
	const invalid = new CouchError('bad_request', 'since must be a base64url JSON object of database sequences');
	if (raw.length > MAX_POSITIONS_CHARS || !/^[A-Za-z0-9_-]*={0,2}$/.test(raw)) throw invalid;
	let value: unknown;
	try {
		value = JSON.parse(Buffer.from(raw, 'base64url').toString());
	} catch {
		throw invalid;
	}
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid;
	const positions: Positions = {};
	for (const [db, seq] of Object.entries(value)) {
		const valid = (typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0) || (typeof seq === 'string' && COUCH_SEQ.test(seq));
		if (!valid) throw invalid;
		positions[db] = seq;
	}
	return positions;
}

export interface LiveStreamOptions {
	heartbeatMs: number;
	/** Asked on every heartbeat; a stream outlives neither its session nor its user's teams. */
	checkSession: () => Promise<SessionState>;
	/** Called once when the stream ends, whatever the reason. */
	onEnd: () => void;
	/** Called with each change sent (the audit trail records what a console saw). */
	onDeliver?: (change: LiveChange) => void;
}

export class LiveStream implements LiveSink {
	readonly #response: ServerResponse;
	readonly #positions: Positions = {};
	readonly #options: LiveStreamOptions;
	readonly #heartbeat: NodeJS.Timeout;
	#checking = false;
	#ended = false;

	constructor(response: ServerResponse, options: LiveStreamOptions) {
		this.#response = response;
		this.#options = options;
		response.writeHead(200, streamHeaders('text/event-stream; charset=utf-8'));
		response.write(`retry: ${RETRY_MS}\n\n`);
		response.on('close', () => this.end('closed'));
		this.#heartbeat = setInterval(() => this.#beat(), options.heartbeatMs);
	}

	get ended(): boolean {
		return this.#ended;
	}

	/** `ready`: the update sequence of each database now; its id is where the stream starts from. */
	sendReady(start: Positions, updateSeqs: Positions): void {
		Object.assign(this.#positions, start);
		this.#write(`id: ${encodePositions(this.#positions)}\nevent: ready\ndata: ${JSON.stringify({ seqs: updateSeqs })}\n\n`);
	}

	deliver(change: LiveChange): void {
		if (this.#ended) return;
		this.#positions[change.db] = change.seq;
		this.#write(`id: ${encodePositions(this.#positions)}\nevent: ${change.event ?? 'change'}\ndata: ${change.data}\n\n`);
		this.#options.onDeliver?.(change);
	}

	/** An event outside the databases' order (a call signal, an unconfirmed reading): no `id:`, so the resume position stays. */
	send(event: string, data: string): void {
		if (this.#ended) return;
		this.#write(`event: ${event}\ndata: ${data}\n\n`);
	}

	/** Resolves once the client has taken what was written (or the stream is gone). */
	ready(): Promise<void> {
		const response = this.#response;
		if (this.#ended || response.writableLength <= response.writableHighWaterMark) return Promise.resolve();
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(timer);
				response.off('drain', done);
				response.off('close', done);
				resolve();
			};
			// A console that stops reading mid catch-up would otherwise hold its slot forever.
			const timer = setTimeout(() => {
				this.end('overflow');
				done();
			}, DRAIN_TIMEOUT_MS);
			response.on('drain', done);
			response.on('close', done);
		});
	}

	fail(reason: 'error' | 'overflow'): void {
		this.end(reason);
	}

	end(reason: EndReason, detail: Record<string, string> = {}): void {
		if (this.#ended) return;
		this.#ended = true;
		clearInterval(this.#heartbeat);
		this.#options.onEnd();
		const response = this.#response;
		if (response.writableEnded || response.destroyed) return;
		if (reason === 'expired' || reason === 'overflow' || reason === 'shutdown') {
			response.write(`event: ${reason}\ndata: ${JSON.stringify(detail)}\n\n`);
		}
		response.end();
		const socket = response.socket;
		if (reason === 'overflow' && socket) {
			// Not kept alive for another request: a console that reads nothing would otherwise hold
			// the socket and its backlog until the keep-alive timeout.
			socket.end();
			const timer = setTimeout(() => socket.destroy(), OVERFLOW_GRACE_MS);
			timer.unref();
			socket.once('close', () => clearTimeout(timer));
		}
	}

	#write(text: string): void {
		if (this.#ended) return;
		// Checked before writing, so a single large document on an idle stream always goes through.
		if (this.#response.writableLength > MAX_BACKLOG_BYTES) {
			this.end('overflow');
			return;
		}
		this.#response.write(text);
	}

	#beat(): void {
		this.#write(': hb\n\n');
		if (this.#checking || this.#ended) return;
		this.#checking = true;
		this.#options
			.checkSession()
			.then((state) => {
				if (state !== 'valid') this.end('expired', { reason: state });
			})
			// The private database did not answer: keep streaming, ask again on the next beat.
			.catch(() => undefined)
			.finally(() => (this.#checking = false));
	}
}
