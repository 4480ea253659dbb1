// Physician consults: the course of a request (asked → accepted by one physician → call → closed),
// the physician's queue, and the orders written in a consult. Pure: the server's consult endpoints
// read the documents, these rules decide, and the server writes the result through its usual checks.
import * as v from 'valibot';
import { MEDICATION_ROUTES, ORDER_KINDS, SCHEMA_VERSION, type Consult, type ConsultUrgency, type Order } from './documents.ts';
import { docId } from './ids.ts';

export type ConsultState = 'requested' | 'accepted' | 'closed';

/** What the server writes as `deviceId` on documents it writes for a physician (who has no device replica). */
export const CONSULT_SERVER_DEVICE = 'fieldcare-server';

/** How long before the request the record shows vital signs (the "last 24 h"). */
export const CONSULT_RECORD_HOURS = 24;

const URGENCY_RANK: Record<ConsultUrgency, number> = { sofort: 0, heute: 1 };

export function consultState(consult: Pick<Consult, 'acceptedBy' | 'closedAt'>): ConsultState {
	if (consult.closedAt !== undefined) return 'closed';
	return consult.acceptedBy !== undefined ? 'accepted' : 'requested';
}

/** The key part of `consult:<key>`: orders and answers of a consult carry it, so they are one id range. */
function consultKey(consultId: string): string {
	return consultId.slice(consultId.indexOf(':') + 1);
}

/** `order:<consult key>:<key>`: the orders of a consult list together, in the order they were written. */
export function orderDocId(consultId: string, key: string): string {
	return docId('order', `${consultKey(consultId)}:${key}`);
}

/** `orderResponse:<consult key>:<key>`. */
export function orderResponseDocId(consultId: string, key: string): string {
	return docId('orderResponse', `${consultKey(consultId)}:${key}`);
}

/** The id range of the orders (or answers) of one consult. */
export function consultRange(type: 'order' | 'orderResponse', consultId: string): { startkey: string; endkey: string } {
	const prefix = `${type}:${consultKey(consultId)}:`;
	return { startkey: prefix, endkey: `${prefix}\ufff0` };
}

/** One line of a physician's queue: enough to choose, nothing of the record behind it. */
export interface ConsultQueueEntry {
	id: string;
	team: string;
	state: ConsultState;
	urgency: ConsultUrgency;
	reason: string;
	requestedAt: string;
	requestedBy: string;
	/** How the requester is shown (their display name), where the server knows it. */
	requestedByName?: string;
	/** On a visit, a mission or a patient: where the record will come from. */
	on: 'visit' | 'mission' | 'patient';
	news2?: number;
	/** Set when this physician accepted it (a consult taken by another leaves the queue). */
	acceptedAt?: string;
}

/**
 * A physician's queue: open requests and the consults they accepted and have not closed, most
 * urgent first, then the longest waiting (by the time of the request on the device, so an offline
 * request queues from when it was made).
 */
/** Display names by user name: how people are shown in the queue instead of their user names. */
export type DisplayNames = ReadonlyMap<string, string>;

export function consultQueue(consults: readonly { team: string; consult: Consult }[], physician: string, names: DisplayNames = new Map()): ConsultQueueEntry[] {
	return consults
		.filter(({ consult }) => {
			const state = consultState(consult);
			return state === 'requested' || (state === 'accepted' && consult.acceptedBy === physician);
		})
		.map(({ team, consult }) => queueEntry(team, consult, names))
		.sort(compareQueueEntries);
}

export function queueEntry(team: string, consult: Consult, names: DisplayNames = new Map()): ConsultQueueEntry {
	const requestedByName = names.get(consult.createdBy);
	return {
		id: consult._id,
		team,
		state: consultState(consult),
		urgency: consult.urgency,
		reason: consult.reason,
		requestedAt: consult.requestedAt,
		requestedBy: consult.createdBy,
		...(requestedByName ? { requestedByName } : {}),
		on: consult.visitId ? 'visit' : consult.missionId ? 'mission' : 'patient',
		...(consult.news2Score !== undefined ? { news2: consult.news2Score } : {}),
		...(consult.acceptedAt ? { acceptedAt: consult.acceptedAt } : {})
	};
}

export function compareQueueEntries(a: Pick<ConsultQueueEntry, 'urgency' | 'requestedAt' | 'id'>, b: Pick<ConsultQueueEntry, 'urgency' | 'requestedAt' | 'id'>): number {
	const rank = URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency];
	if (rank !== 0) return rank;
	const waited = Date.parse(a.requestedAt) - Date.parse(b.requestedAt);
	if (waited !== 0) return waited;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** A refusal the server answers with: `conflict` (409) when someone else got there first, `forbidden` (403) otherwise. */
export type ConsultRefusal = { ok: false; error: 'conflict' | 'forbidden'; reason: string };
/** The consult's next revision, or `unchanged` when the step was already taken by this physician (a retry). */
export type ConsultStep = { ok: true; consult: Consult; unchanged?: true } | ConsultRefusal;

const refuse = (error: 'conflict' | 'forbidden', reason: string): ConsultRefusal => ({ ok: false, error, reason });

function edited(consult: Consult, physician: string, now: Date, changes: Partial<Consult>): Consult {
	return { ...consult, ...changes, updatedAt: now.toISOString(), updatedBy: physician };
}

/** Exactly one physician accepts a request; a second accept is a conflict, the same one's retry is no change. */
export function acceptConsult(consult: Consult, physician: string, now: Date): ConsultStep {
	const state = consultState(consult);
	if (state === 'closed') return refuse('conflict', 'The consult is closed.');
	if (state === 'accepted') {
		return consult.acceptedBy === physician ? { ok: true, consult, unchanged: true } : refuse('conflict', 'Another physician has accepted this consult.');
	}
	return { ok: true, consult: edited(consult, physician, now, { acceptedBy: physician, acceptedAt: now.toISOString() }) };
}

/** Is this the physician's open consult: accepted by them and not closed? Everything of the record depends on it. */
export function holdsConsult(consult: Pick<Consult, 'acceptedBy' | 'closedAt'>, physician: string): boolean {
	return consultState(consult) === 'accepted' && consult.acceptedBy === physician;
}

function held(consult: Consult, physician: string): ConsultRefusal | undefined {
	if (holdsConsult(consult, physician)) return undefined;
	return consultState(consult) === 'closed' ? refuse('forbidden', 'The consult is closed.') : refuse('forbidden', 'Only the physician who accepted this consult may do this.');
}

/** The call began or ended; the first start and the last end count (a reconnect is the same call). */
export function recordCall(consult: Consult, physician: string, event: 'started' | 'ended', now: Date): ConsultStep {
	const refusal = held(consult, physician);
	if (refusal) return refusal;
	if (event === 'started') {
		if (consult.callStartedAt) return { ok: true, consult, unchanged: true };
		return { ok: true, consult: edited(consult, physician, now, { callStartedAt: now.toISOString() }) };
	}
	if (!consult.callStartedAt) return refuse('conflict', 'The call has not started.');
	return { ok: true, consult: edited(consult, physician, now, { callEndedAt: now.toISOString() }) };
}

export function closeConsult(consult: Consult, physician: string, now: Date): ConsultStep {
	const refusal = held(consult, physician);
	if (refusal) return refusal;
	return { ok: true, consult: edited(consult, physician, now, { closedBy: physician, closedAt: now.toISOString() }) };
}

/** What a physician sends to order: the content; the server adds who, when and on what. */
export const OrderInputSchema = v.strictObject({
	kind: v.picklist(ORDER_KINDS),
	text: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(2000))),
	substance: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120))),
	dose: v.optional(v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80))),
	route: v.optional(v.picklist(MEDICATION_ROUTES)),
	dueAt: v.optional(v.pipe(v.string(), v.isoTimestamp()))
});
export type OrderInput = v.InferOutput<typeof OrderInputSchema>;

/** The order document, signed with the physician's account and tied to the consult's patient, visit or mission. */
export function buildOrder(consult: Consult, input: OrderInput, physician: string, now: Date, key: string): Order {
	return {
		_id: orderDocId(consult._id, key),
		type: 'order',
		schemaVersion: SCHEMA_VERSION,
		createdAt: now.toISOString(),
		createdBy: physician,
		deviceId: CONSULT_SERVER_DEVICE,
		consultId: consult._id,
		...(consult.patientId ? { patientId: consult.patientId } : {}),
		...(consult.visitId ? { visitId: consult.visitId } : {}),
		...(consult.missionId ? { missionId: consult.missionId } : {}),
		...input
	};
}

/**
 * What a physician's live stream says about a consult document that changed: a new request or their
 * own accepted consult in full (as a queue line), one taken by another or closed by id only.
 */
export type ConsultNotice =
	| { kind: 'requested' | 'accepted'; entry: ConsultQueueEntry }
	| { kind: 'taken'; id: string; team: string; /** The display name of who took it, where known. */ takenByName?: string }
	| { kind: 'closed'; id: string; team: string };

export function consultNotice(team: string, consult: Consult, physician: string, names: DisplayNames = new Map()): ConsultNotice {
	const state = consultState(consult);
	if (state === 'closed') return { kind: 'closed', id: consult._id, team };
	if (state === 'accepted' && consult.acceptedBy !== physician) {
		const takenByName = consult.acceptedBy ? names.get(consult.acceptedBy) : undefined;
		return { kind: 'taken', id: consult._id, team, ...(takenByName ? { takenByName } : {}) };
	}
	return { kind: state, entry: queueEntry(team, consult, names) };
}
