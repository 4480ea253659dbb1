// POST /api/consults/:id/readings: a field device relays a Bluetooth reading that waits for the
// nurse's or crew's confirmation (and later that it was settled) to the physician who holds the
// consult, as "unbestätigt" on their live stream. Nothing is stored: the record gets the value only
// when it is confirmed on the device, and then by replication like every observation. Allowed to
// members of the consult's team (nurse, paramedic) while the consult is accepted and open.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { consultState, idProblem, LiveReadingSchema, validateDocument, type Consult } from '../../../src/lib/domain/index.ts';
import { requireUser } from '../auth.ts';
import { CouchError } from '../errors.ts';
import { FailureLimiter } from '../rate-limit.ts';
import type { ReadingRelay } from '../reading-relay.ts';
import type { Storage } from '../storage.ts';

const FIELD_ROLES: readonly string[] = ['nurse', 'paramedic'];
/**
 * Relays per user and window: a heart-rate strap notifies about once a second (each a pending and,
 * later, a settled message); more is a loop on the device, and each relay is a write to the
 * physician's screen.
 */
const MAX_RELAYS_PER_WINDOW = 50;
const RELAY_WINDOW_MS = 10_000;

export interface ConsultReadingContext {
	storage: Storage;
	readings: ReadingRelay;
}

type ReadingRequest = FastifyRequest<{ Params: { id: string } }>;

async function consultIn(storage: Storage, databases: readonly string[], id: string): Promise<Consult | undefined> {
	for (const name of databases) {
		try {
			const doc = await storage.database(name).get(id);
			if (validateDocument(doc).ok) return doc as unknown as Consult;
		} catch (err) {
			if ((err as { status?: number }).status !== 404) throw err;
		}
	}
	return undefined;
}

export function consultReadingRoutes(app: FastifyInstance, ctx: ConsultReadingContext): void {
	// Counts every relay (the limiter's "failures"): past the limit, refused until the window ends.
	const relays = new FailureLimiter(MAX_RELAYS_PER_WINDOW, RELAY_WINDOW_MS);

	app.post('/api/consults/:id/readings', async (request: ReadingRequest, reply) => {
		const user = requireUser(request);
		if (!FIELD_ROLES.includes(user.role)) throw new CouchError('forbidden', 'Only the field team of a consult relays its readings.');
		if (relays.retryAfter(user.username) > 0) throw new CouchError('too_many_requests', `At most ${MAX_RELAYS_PER_WINDOW} relayed readings per ${RELAY_WINDOW_MS / 1000} s.`);
		relays.fail(user.username);
		const id = request.params.id;
		if (!id.startsWith('consult:') || idProblem(id) !== undefined) throw new CouchError('bad_request', 'The id must be a consult id ("consult:…").');
		const parsed = v.safeParse(LiveReadingSchema, request.body);
		if (!parsed.success) throw new CouchError('bad_request', parsed.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`).join('; '));
		// Only the databases this user replicates: a consult of another team is as unknown as a missing one.
		const consult = await consultIn(ctx.storage, user.databases, id);
		if (!consult) throw new CouchError('not_found', 'missing');
		const state = consultState(consult);
		if (state !== 'accepted' || consult.acceptedBy === undefined) {
			throw new CouchError('conflict', state === 'closed' ? 'The consult is closed.' : 'No physician has accepted this consult yet.');
		}
		const streams = ctx.readings.send(consult.acceptedBy, { consultId: consult._id, from: user.username, reading: parsed.output });
		reply.code(202);
		return { ok: true, streams };
	});
}
