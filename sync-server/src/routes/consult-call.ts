// The consult call's server side: signalling between exactly the two parties of an accepted, open
// consult — the field user who asked for it (its `createdBy`, still a member of the team) and the
// physician who accepted it — and the ICE servers for their peer connection. Messages are relayed
// to the other party's live streams (`signal` events, signal-hub.ts), never stored and never logged
// with content. Anybody else, and either party once the consult is closed, gets 403; a consult
// the caller cannot see is answered the same way, so the answer tells nothing of its existence.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import {
	CallSignalSchema,
	idProblem,
	MAX_SIGNAL_BYTES,
	servedDatabases,
	validateDocument,
	type CallSignalEnvelope,
	type Consult,
	type IceServer,
	type UserProfile
} from '../../../src/lib/domain/index.ts';
import { requireUser } from '../auth.ts';
import { CouchError } from '../errors.ts';
import { FailureLimiter } from '../rate-limit.ts';
import type { SignalHub } from '../signal-hub.ts';
import type { Storage } from '../storage.ts';

export interface ConsultCallContext {
	storage: Storage;
	signals: SignalHub;
	iceServers: readonly IceServer[];
}

type ConsultRequest = FastifyRequest<{ Params: { id: string } }>;

/**
 * Signals one user may send per window. Setting up a call takes a dozen (offer, answer, candidates),
 * an ICE restart about as many again; a party sending far more floods the other's live stream until
 * it is dropped as too slow (live-stream.ts), so the excess is refused with 429 instead.
 */
export const MAX_SIGNALS_PER_WINDOW = 200;
const SIGNAL_WINDOW_MS = 10_000;

const NOT_A_PARTY = 'Only the field user who asked for this consult and the physician who accepted it take part in its call, while it is open.';

/** The consult and the other party, when `user` is one of the two parties of an accepted, open consult. */
async function partyOf(storage: Storage, user: UserProfile, rawId: string): Promise<{ consult: Consult; other: string }> {
	if (!rawId.startsWith('consult:') || idProblem(rawId) !== undefined) throw new CouchError('bad_request', 'The id must be a consult id ("consult:…").');
	const databases = user.role === 'arzt' ? servedDatabases(user) : user.role === 'nurse' || user.role === 'paramedic' ? user.databases : [];
	const found: Consult[] = [];
	for (const name of databases) {
		try {
			const doc: unknown = await storage.database(name).get(rawId);
			if (validateDocument(doc).ok) found.push(doc as Consult);
		} catch (err) {
			if ((err as { status?: number }).status !== 404) throw err;
		}
	}
	// The same id in two teams is a forgery (ids are device ULIDs): answered for neither.
	const consult = found.length === 1 ? found[0] : undefined;
	if (!consult || consult.acceptedBy === undefined || consult.closedAt !== undefined) throw new CouchError('forbidden', NOT_A_PARTY);
	if (user.role === 'arzt' && consult.acceptedBy === user.username) return { consult, other: consult.createdBy };
	if (user.role !== 'arzt' && consult.createdBy === user.username) return { consult, other: consult.acceptedBy };
	throw new CouchError('forbidden', NOT_A_PARTY);
}

export function consultCallRoutes(app: FastifyInstance, ctx: ConsultCallContext): void {
	const sent = new FailureLimiter(MAX_SIGNALS_PER_WINDOW, SIGNAL_WINDOW_MS);

	app.post('/api/consults/:id/signal', { bodyLimit: MAX_SIGNAL_BYTES }, async (request: ConsultRequest, reply) => {
		const user = requireUser(request);
		const wait = sent.retryAfter(user.username);
		if (wait > 0) {
			reply.header('retry-after', String(wait));
			throw new CouchError('too_many_requests', `At most ${MAX_SIGNALS_PER_WINDOW} call signals in ${SIGNAL_WINDOW_MS / 1000} s.`);
		}
		sent.fail(user.username);
		const { consult, other } = await partyOf(ctx.storage, user, request.params.id);
		const parsed = v.safeParse(CallSignalSchema, request.body);
		// The path and kind only: the message itself may hold addresses (SDP, candidates).
		if (!parsed.success) throw new CouchError('bad_request', `Not a call signal (${parsed.issues.map((i) => v.getDotPath(i) ?? i.kind).join(', ')}).`);
		const envelope: CallSignalEnvelope = { consultId: consult._id, sender: user.username, signal: parsed.output };
		return { ok: true, delivered: ctx.signals.deliver(other, JSON.stringify(envelope)) };
	});

	app.get('/api/consults/:id/ice', async (request: ConsultRequest) => {
		const user = requireUser(request);
		await partyOf(ctx.storage, user, request.params.id);
		return { ok: true, iceServers: ctx.iceServers };
	});
}
