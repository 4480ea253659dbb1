// GET /api/live: the dispatcher console's live feed as Server-Sent Events — every change of every
// database of the user's teams in one stream, fanned out from one shared listener per database.
// A physician's stream follows the teams they serve and carries consult notices (`consult` events:
// a new request, taken by another, closed) and, of a consult they hold open, the observations of
// its subject (`observation` events, physician-live.ts) — no other document of the team.
// The consult call's `signal` events (signal-hub.ts) go only to streams that ask for them —
// `?events=signal` for those alone (a device in a call: no team changes, no catch-up), `?events=all`
// beside the usual events — so that a stream which would ignore them never counts as delivered.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { consultNotice, servedDatabases, validateDocument, type Consult, type DisplayNames, type UserProfile } from '../../../src/lib/domain/index.ts';
import type { Accounts } from '../accounts.ts';
import { requestToken, requireUser } from '../auth.ts';
import type { FeedRegistry } from '../changes-feed.ts';
import { intParam, type Query } from '../couch-params.ts';
import { displayNamesIn } from '../display-names.ts';
import { CouchError } from '../errors.ts';
import { StreamReads } from '../audit.ts';
import { LiveHub, type LiveChange, type LiveSink, type Subscription } from '../live-hub.ts';
import { LiveStream, parsePositions, type Positions } from '../live-stream.ts';
import { physicianSink } from '../physician-live.ts';
import type { ReadingRelay } from '../reading-relay.ts';
import { sessionCheck } from '../session-check.ts';
import type { SignalHub } from '../signal-hub.ts';
import type { Storage } from '../storage.ts';

/** A dispatcher with a few screens and tabs; more is a leak or a loop, not a console. */
export const MAX_STREAMS_PER_USER = 8;
/** Heartbeat comment interval; also how often the session is checked (expiry shows within this). */
export const DEFAULT_HEARTBEAT_MS = 20_000;
const MIN_HEARTBEAT_MS = 100;
const MAX_HEARTBEAT_MS = 60_000;

export interface LiveContext {
	accounts: Accounts;
	storage: Storage;
	feeds: FeedRegistry;
	/** Unconfirmed readings relayed from field devices to the physician holding a consult. */
	readings?: ReadingRelay;
	/** Call signals for the users of open streams (routes/consult-call.ts). */
	signals?: SignalHub;
}

type LiveRequest = FastifyRequest<{ Querystring: Query }>;

/** Where to resume: Last-Event-ID (an EventSource reconnecting) wins over `since` (the first URL). */
function resumePositions(request: LiveRequest): Positions {
	const header = request.headers['last-event-id'];
	const raw = (Array.isArray(header) ? header[0] : header) || request.query.since;
	return raw ? parsePositions(raw) : {};
}

function heartbeatParam(query: Query): number {
	const ms = intParam(query, 'heartbeat') ?? DEFAULT_HEARTBEAT_MS;
	if (ms < MIN_HEARTBEAT_MS || ms > MAX_HEARTBEAT_MS) {
		throw new CouchError('bad_request', `heartbeat must be between ${MIN_HEARTBEAT_MS} and ${MAX_HEARTBEAT_MS} ms`);
	}
	return ms;
}

function sameDatabases(a: readonly string[], b: readonly string[]): boolean {
	return a.length === b.length && a.every((name) => b.includes(name));
}

/** What a stream follows: a member's own databases, or the consults of the teams a physician serves. */
function followedDatabases(user: UserProfile): string[] {
	return user.role === 'arzt' ? servedDatabases(user) : [...user.databases];
}

/** Passes a physician only the consult documents of one team's database, as notices. */
function consultNotices(stream: LiveStream, db: string, physician: string, names: DisplayNames): LiveSink {
	const team = db.slice('team-'.length);
	return {
		deliver(change: LiveChange) {
			const doc = change.doc as { type?: unknown } | undefined;
			if (doc?.type !== 'consult' || !validateDocument(doc).ok) return;
			const notice = consultNotice(team, doc as Consult, physician, names);
			stream.deliver({ ...change, event: 'consult', data: JSON.stringify({ db, seq: change.seq, ...notice }) });
		},
		ready: () => stream.ready(),
		fail: (reason) => stream.fail(reason)
	};
}

export function liveRoutes(app: FastifyInstance, ctx: LiveContext): void {
	const hub = new LiveHub(ctx.storage);
	const openStreams = new Map<string, number>();
	ctx.feeds.add(() => hub.closeAll());

	app.get('/api/live', async (request: LiveRequest, reply: FastifyReply) => {
		const user = requireUser(request);
		const events = request.query.events;
		if (events !== undefined && events !== 'signal' && events !== 'all') throw new CouchError('bad_request', 'events must be "signal", "all" or absent.');
		const signalsOnly = events === 'signal';
		const withSignals = events !== undefined;
		if (withSignals && !['nurse', 'paramedic', 'arzt'].includes(user.role)) {
			throw new CouchError('forbidden', 'Call signals are for the field users and physicians of consults.');
		}
		const databases = signalsOnly ? [] : followedDatabases(user);
		if (!signalsOnly && (user.role === 'admin' || databases.length === 0)) {
			throw new CouchError('forbidden', 'The live feed carries team data; this account holds no team memberships.');
		}
		const requested = resumePositions(request);
		const heartbeatMs = heartbeatParam(request.query);
		const open = openStreams.get(user.username) ?? 0;
		if (open >= MAX_STREAMS_PER_USER) {
			throw new CouchError('too_many_requests', `At most ${MAX_STREAMS_PER_USER} live streams per user; close another console first.`);
		}
		openStreams.set(user.username, open + 1);
		// requireUser passed, so the request carried a session token.
		const token = requestToken(request) ?? '';
		const since: Positions = Object.fromEntries(databases.filter((db) => db in requested).map((db) => [db, requested[db]]));

		reply.hijack();
		const subscriptions: Subscription[] = [];
		let stopReadings: (() => void) | undefined;
		const reads = new StreamReads(request.server.audit, request, 'live');
		const stream = new LiveStream(reply.raw, {
			heartbeatMs,
			// The stream subscribed to exactly these databases: any change of teams ends it.
			checkSession: sessionCheck(ctx.accounts, token, (_, current) => signalsOnly || sameDatabases(followedDatabases(current), databases)),
			onDeliver: (change) => reads.add(change.db, change.doc),
			onEnd: () => {
				reads.end();
				stopReadings?.();
				for (const subscription of subscriptions) subscription.stop();
				const left = (openStreams.get(user.username) ?? 1) - 1;
				if (left > 0) openStreams.set(user.username, left);
				else openStreams.delete(user.username);
				unregister();
				unregisterSignals();
			}
		});
		const unregister = ctx.feeds.add(() => stream.end('shutdown'));
		const unregisterSignals = (withSignals ? ctx.signals?.register(user.username, stream) : undefined) ?? (() => undefined);

		try {
			// Who asked and who took a consult, as people are shown (read once per stream: a user created later shows by user name).
			const names = user.role === 'arzt' ? await displayNamesIn(ctx.accounts, user.teams.map((team) => team.id)) : new Map<string, string>();
			for (const db of databases) {
				// A physician's: consult notices, and the observations of the consults they hold open.
				const physician = user.role === 'arzt' ? physicianSink(stream, consultNotices(stream, db, user.username, names), db, ctx.storage.database(db), user.username) : undefined;
				const subscription = await hub.subscribe(db, physician ?? stream);
				if (stream.ended) {
					subscription.stop();
					return;
				}
				subscriptions.push(subscription);
				await physician?.load();
			}
			// Databases the client did not name start now: the sequence the listener started from.
			const start = Object.fromEntries(databases.map((db, i) => [db, since[db] ?? subscriptions[i].updateSeq]));
			stream.sendReady(start, Object.fromEntries(databases.map((db, i) => [db, subscriptions[i].updateSeq])));
			if (user.role === 'arzt') stopReadings = ctx.readings?.listen(user.username, (event) => stream.send('reading', JSON.stringify(event)));
			for (const [i, subscription] of subscriptions.entries()) {
				if (stream.ended) return;
				await subscription.catchUp(start[databases[i]]);
			}
		} catch (err) {
			// Class only: storage errors can quote document content.
			request.log.warn({ err: { type: (err as Error).name } }, 'live stream failed');
			stream.end('error');
		}
	});
}
