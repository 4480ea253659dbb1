// /api/consults: how a physician, who replicates no team database, takes consults and orders. The
// server reads the served teams' databases on the physician's behalf — the queue, and the record
// only of a consult the physician accepted and has not closed — and writes the consult's course and
// the orders into the team database through the same checks as every other write (checked-write.ts,
// with the physician as the writer), so they replicate to the field devices like any document.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as v from 'valibot';
import {
	acceptConsult,
	compareCodeUnits,
	buildOrder,
	closeConsult,
	CONSULT_RECORD_HOURS,
	consultQueue,
	consultRange,
	idProblem,
	observationsOfValid,
	OrderInputSchema,
	recordCall,
	subjectKeyOf,
	teamDbName,
	typeRange,
	ulid,
	validateDocument,
	type Consult,
	type ConsultStep,
	type UserProfile
} from '../../../src/lib/domain/index.ts';
import type { Accounts } from '../accounts.ts';
import { requireRole, requireUser } from '../auth.ts';
import { displayNamesIn } from '../display-names.ts';
import { couchError, writeChecked } from '../checked-write.ts';
import { CouchError } from '../errors.ts';
import type { Database, Storage } from '../storage.ts';
import type { WriteLimits } from '../checked-write.ts';

export interface ConsultContext {
	accounts: Accounts;
	storage: Storage;
	limits: WriteLimits;
	/** The server's clock (ms since the epoch); tests fix it. */
	now: () => number;
}

type Doc = Record<string, unknown> & { _id: string };
type ConsultRequest = FastifyRequest<{ Params: { id: string } }>;

/** A consult the physician may address: its document and the team database it lives in. */
interface Found {
	team: string;
	db: Database;
	consult: Consult;
}

const CallBody = v.strictObject({ event: v.picklist(['started', 'ended']) });

function consultIdParam(raw: string): string {
	if (!raw.startsWith('consult:') || idProblem(raw) !== undefined) throw new CouchError('bad_request', 'The id must be a consult id ("consult:…").');
	return raw;
}

async function getDoc(db: Database, id: string): Promise<Doc | undefined> {
	try {
		return (await db.get(id)) as unknown as Doc;
	} catch (err) {
		if ((err as { status?: number }).status === 404) return undefined;
		throw err;
	}
}

async function range(db: Database, startkey: string, endkey: string): Promise<Doc[]> {
	const result = await db.allDocs({ startkey, endkey, include_docs: true });
	return result.rows.flatMap((row) => (row.doc ? [row.doc as unknown as Doc] : []));
}

/** A subject's documents of one type (observations, sets, notes, status presses): ids `<type>:<subject key>:…`. */
async function rangeOf(db: Database, type: string, subjectId: string): Promise<Doc[]> {
	const prefix = `${type}:${subjectKeyOf(subjectId)}:`;
	return range(db, prefix, `${prefix}\ufff0`);
}

export function consultRoutes(app: FastifyInstance, ctx: ConsultContext): void {
	const now = () => new Date(ctx.now());

	/** The consult among the databases of the teams this physician serves; another team's is as unknown as a missing one. */
	async function find(user: UserProfile, rawId: string): Promise<Found> {
		const id = consultIdParam(rawId);
		const found: Found[] = [];
		for (const team of user.teams) {
			const db = ctx.storage.database(teamDbName(team.id));
			const doc = await getDoc(db, id);
			if (doc && validateDocument(doc).ok) found.push({ team: team.id, db, consult: doc as unknown as Consult });
		}
		if (found.length === 0) throw new CouchError('not_found', 'missing');
		// Ids are ULIDs made on devices; the same one in two teams is a forgery, answered for neither.
		if (found.length > 1) throw new CouchError('conflict', 'The consult id is not unique across the teams served.');
		return found[0];
	}

	/** Writes one document as the physician, through the team database's write checks. */
	async function write(request: FastifyRequest, user: UserProfile, found: Found, doc: Doc): Promise<string> {
		const [result] = await writeChecked(found.db, [doc], user, true, ctx.limits);
		if (!('ok' in result)) throw couchError(result);
		request.server.audit.storedIn(request, 'consult', teamDbName(found.team), [doc]);
		return result.rev;
	}

	/** A step of the course: refused as the domain says, written when something changed. */
	async function step(request: ConsultRequest, take: (consult: Consult, physician: string) => ConsultStep) {
		const user = requireUser(request);
		const found = await find(user, request.params.id);
		const next = take(found.consult, user.username);
		if (!next.ok) throw new CouchError(next.error, next.reason);
		if (next.unchanged) return { ok: true, consult: next.consult };
		const rev = await write(request, user, found, next.consult as unknown as Doc);
		return { ok: true, consult: { ...next.consult, _rev: rev } };
	}

	app.register(async (scope) => {
		scope.addHook('preHandler', requireRole('arzt'));

		scope.get('/api/consults', async (request) => {
			const user = requireUser(request);
			const consults: { team: string; consult: Consult }[] = [];
			for (const team of user.teams) {
				const docs = await range(ctx.storage.database(teamDbName(team.id)), typeRange('consult').startkey, typeRange('consult').endkey);
				for (const doc of docs) if (validateDocument(doc).ok) consults.push({ team: team.id, consult: doc as unknown as Consult });
			}
			const names = await displayNamesIn(ctx.accounts, user.teams.map((team) => team.id));
			return { ok: true, consults: consultQueue(consults, user.username, names) };
		});

		scope.post('/api/consults/:id/accept', async (request: ConsultRequest) => step(request, (consult, physician) => acceptConsult(consult, physician, now())));

		scope.post('/api/consults/:id/call', async (request: ConsultRequest) => {
			const parsed = v.safeParse(CallBody, request.body);
			if (!parsed.success) throw new CouchError('bad_request', 'Expected {"event": "started" | "ended"}.');
			return step(request, (consult, physician) => recordCall(consult, physician, parsed.output.event, now()));
		});

		scope.post('/api/consults/:id/close', async (request: ConsultRequest) => step(request, (consult, physician) => closeConsult(consult, physician, now())));

		/** The record behind an accepted consult: patient (allergies first), visit or mission so far, vital signs of the last 24 h, orders and answers. */
		scope.get('/api/consults/:id', async (request: ConsultRequest) => {
			const user = requireUser(request);
			const { db, team, consult } = await find(user, request.params.id);
			if (consult.acceptedBy !== user.username) throw new CouchError('forbidden', 'Only the physician who accepted this consult reads its record.');
			if (consult.closedAt !== undefined) throw new CouchError('forbidden', 'The consult is closed.');
			const patient = consult.patientId ? await getDoc(db, consult.patientId) : undefined;
			const visit = consult.visitId ? await getDoc(db, consult.visitId) : undefined;
			const mission = consult.missionId ? await getDoc(db, consult.missionId) : undefined;
			const since = now().getTime() - CONSULT_RECORD_HOURS * 3600_000;
			const subjects = [consult.patientId, consult.missionId].filter((id): id is string => id !== undefined);
			const stored = await Promise.all(subjects.flatMap((id) => [rangeOf(db, 'observation', id), rangeOf(db, 'observationSet', id)]));
			const observations = observationsOfValid(stored.flat())
				.filter((o) => typeof o.effectiveAt === 'string' && Date.parse(o.effectiveAt) >= since)
				.sort((a, b) => compareCodeUnits(String(a.effectiveAt), String(b.effectiveAt)));
			const onRecord = [consult.visitId, consult.missionId].filter((id): id is string => id !== undefined);
			const notes = (await Promise.all(onRecord.map((id) => rangeOf(db, 'note', id)))).flat();
			const statuses = consult.missionId ? await rangeOf(db, 'status', consult.missionId) : [];
			const orders = await range(db, consultRange('order', consult._id).startkey, consultRange('order', consult._id).endkey);
			const responses = await range(db, consultRange('orderResponse', consult._id).startkey, consultRange('orderResponse', consult._id).endkey);
			const requestedByName = (await displayNamesIn(ctx.accounts, [team])).get(consult.createdBy);
			const record = {
				ok: true,
				team,
				consult,
				...(requestedByName ? { requestedByName } : {}),
				allergies: Array.isArray(patient?.allergies) ? patient.allergies : [],
				...(patient ? { patient } : {}),
				...(visit ? { visit } : {}),
				...(mission ? { mission } : {}),
				observations,
				notes,
				statuses,
				orders,
				responses
			};
			const delivered = [consult, patient, visit, mission, ...observations, ...notes, ...statuses, ...orders, ...responses].filter((doc) => doc !== undefined);
			request.server.audit.deliveredFrom(request, 'consult', teamDbName(team), delivered);
			return record;
		});

		scope.post('/api/consults/:id/orders', async (request: ConsultRequest, reply) => {
			const user = requireUser(request);
			const parsed = v.safeParse(OrderInputSchema, request.body);
			if (!parsed.success) throw new CouchError('bad_request', parsed.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`).join('; '));
			const found = await find(user, request.params.id);
			if (found.consult.acceptedBy !== user.username) throw new CouchError('forbidden', 'Only the physician who accepted this consult orders in it.');
			if (found.consult.closedAt !== undefined) throw new CouchError('forbidden', 'The consult is closed.');
			const at = now();
			const order = buildOrder(found.consult, parsed.output, user.username, at, ulid(at.getTime(), (n) => new Uint8Array(randomBytes(n))));
			const rev = await write(request, user, found, order as unknown as Doc);
			reply.code(201);
			return { ok: true, order: { ...order, _rev: rev } };
		});
	});
}
