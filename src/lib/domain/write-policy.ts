// The rules one revision must pass to be stored, given the revision it grows from: rights per
// role, type and field (rights.ts), authorship that cannot be rewritten, edit stamps and merge
// history that name only what really happened. Pure: the server gathers the revisions, this judges.
import type { Role } from './account.ts';
import { canonical, HISTORY_LIMIT, lostValueOf, META_FIELDS, type FieldEdit, type MergeHistoryEntry, type Revision } from './conflicts.ts';
import type { DocType } from './ids.ts';
import { BOUND_FIELDS, mayWrite, mayWriteField, ownsDocument, WRITE_RIGHTS, type RightsCheck } from './rights.ts';

/** A device clock may run this far ahead of the server's; a later time is a forgery or a broken clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

/** Fields that say when something happened: never in the future (an edit stamp from the future would win every later merge). */
const EVENT_TIME_FIELDS = ['createdAt', 'updatedAt', 'startedAt', 'endedAt', 'signedAt', 'at', 'effectiveAt', 'acknowledgedAt', 'patientContactAt', 'alarmedAt', 'requestedAt', 'acceptedAt', 'callStartedAt', 'callEndedAt', 'closedAt', 'doneAt'] as const;

/** Written once at creation, the same in every later revision. */
const IMMUTABLE_FIELDS = ['createdBy', 'createdAt', 'deviceId'] as const;

export interface Writer {
	username: string;
	role: Role;
}

type Doc = Record<string, unknown>;

export interface PolicyContext {
	/** Server time, ms since the epoch. */
	now: number;
	/** Stored revisions of this document by `_rev` (its leaves, and those a merge history names). */
	revisions: ReadonlyMap<string, Doc>;
	/** Whether the new revision adds, removes or replaces an attachment of the one it grows from. */
	attachmentsChanged: boolean;
}

const ok: RightsCheck = { ok: true };
const refuse = (reason: string): RightsCheck => ({ ok: false, reason });

/** Content fields: everything but CouchDB's `_` fields and the bookkeeping every document carries. */
function contentFields(doc: Doc): string[] {
	return Object.keys(doc).filter((field) => !field.startsWith('_') && !META_FIELDS.has(field));
}

/** No entry: absent, null, an empty text or an empty list — the forms write any of these for "none". */
function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
}

function inFuture(value: unknown, now: number): boolean {
	if (typeof value !== 'string') return false;
	const time = Date.parse(value);
	return Number.isFinite(time) && time > now + MAX_CLOCK_SKEW_MS;
}

function firstFailure(...checks: (() => RightsCheck)[]): RightsCheck {
	for (const check of checks) {
		const result = check();
		if (!result.ok) return result;
	}
	return ok;
}

function checkFields(user: Writer, type: DocType, fields: string[], verb: string): RightsCheck {
	const forbidden = fields.filter((field) => !mayWriteField(user.role, type, field));
	return forbidden.length ? refuse(`the ${user.role} role may not ${verb} ${forbidden.join(', ')} of ${type} documents`) : ok;
}

function checkBound(user: Writer, type: DocType, doc: Doc, fields: string[]): RightsCheck {
	for (const field of BOUND_FIELDS[type] ?? []) {
		if (fields.includes(field) && doc[field] !== undefined && doc[field] !== user.username) {
			return refuse(`${field}: must be the signed-in user ${user.username}`);
		}
	}
	return ok;
}

function checkTimes(doc: Doc, fields: readonly string[], now: number): RightsCheck {
	for (const field of EVENT_TIME_FIELDS) {
		if (fields.includes(field) && inFuture(doc[field], now)) return refuse(`${field}: lies in the future`);
	}
	return ok;
}

/** A new document: the writer's own, with only fields the role may set. */
export function checkCreation(next: Doc, type: DocType, user: Writer, now: number): RightsCheck {
	const fields = contentFields(next).filter((field) => !isEmpty(next[field]));
	return firstFailure(
		() => mayWrite(user.role, type, 'create'),
		() => (next.createdBy === user.username ? ok : refuse(`createdBy: must be the signed-in user ${user.username}`)),
		() => (next.updatedBy === undefined || next.updatedBy === user.username ? ok : refuse(`updatedBy: must be the signed-in user ${user.username}`)),
		() => checkFields(user, type, fields, 'set'),
		() => checkBound(user, type, next, fields),
		() => checkTimes(next, [...fields, 'createdAt', 'updatedAt'], now),
		() => checkOwnStamps(next.fieldEdits, user, now),
		() => (Array.isArray(next.mergeHistory) && next.mergeHistory.length > 0 ? refuse('mergeHistory: a new document has none') : ok)
	);
}

/**
 * A document created and edited on a device before it ever reached the server: a creation by the
 * writer that the writer also edited.
 */
export function checkCreationWithHistory(next: Doc, type: DocType, user: Writer, now: number): RightsCheck {
	return firstFailure(
		() => checkCreation(next, type, user, now),
		() => mayWrite(user.role, type, 'update'),
		() => (next.updatedBy === user.username ? ok : refuse(`updatedBy: must be the signed-in user ${user.username}`))
	);
}

/** A new revision of `parent`, the stored revision it grows from. */
export function checkEdit(parent: Doc, next: Doc, type: DocType, user: Writer, context: PolicyContext): RightsCheck {
	const changed = changedFields(parent, next);
	if (context.attachmentsChanged) changed.push('_attachments');
	return firstFailure(
		() => mayWrite(user.role, type, 'update'),
		() => (ownsDocument(user, type, parent) ? ok : refuse(`the ${user.role} role edits only its own ${type} documents (${WRITE_RIGHTS[user.role][type]?.owner})`)),
		() => checkImmutable(parent, next),
		() => (next.updatedBy === user.username ? ok : refuse(`updatedBy: must be the signed-in user ${user.username}`)),
		() => checkFields(user, type, changed, 'change'),
		() => checkSameVisits(parent, next, type, user),
		() => checkBound(user, type, next, changed),
		() => checkTimes(next, [...changed, ...(canonical(parent.updatedAt) === canonical(next.updatedAt) ? [] : ['updatedAt'])], context.now),
		() => checkFieldEdits(parent, next, user, context),
		() => checkMergeHistory(parent, next, context)
	);
}

/**
 * A tombstone on `parent`. On a losing leaf of a conflict it deletes nothing (the document lives on
 * in `winner`): that settles the conflict in the winner's favour, so it needs the right to edit
 * every field in which the closed leaf differs from the winner.
 */
export function checkDeletion(parent: Doc | undefined, type: DocType, user: Writer, winner?: Doc): RightsCheck {
	const action = winner ? 'update' : 'delete';
	return firstFailure(
		() => mayWrite(user.role, type, action),
		() => (parent === undefined || ownsDocument(user, type, parent) ? ok : refuse(`the ${user.role} role ${action}s only its own ${type} documents`)),
		() => (parent && winner ? checkFields(user, type, changedFields(parent, winner), 'discard a conflicting value of') : ok)
	);
}

function changedFields(a: Doc, b: Doc): string[] {
	return [...new Set([...contentFields(a), ...contentFields(b)])].filter((field) => !(isEmpty(a[field]) && isEmpty(b[field])) && canonical(a[field]) !== canonical(b[field]));
}

function checkImmutable(parent: Doc, next: Doc): RightsCheck {
	for (const field of IMMUTABLE_FIELDS) {
		if (canonical(parent[field]) !== canonical(next[field])) return refuse(`${field}: is set at creation and never changes`);
	}
	return ok;
}

/** A nurse orders and re-plans her own tour; which visits it holds is the care manager's plan. */
function checkSameVisits(parent: Doc, next: Doc, type: DocType, user: Writer): RightsCheck {
	if (type !== 'tour' || WRITE_RIGHTS[user.role].tour?.fields === 'all') return ok;
	const visitsOf = (tour: Doc) => {
		const ids = Array.isArray(tour.visitIds) ? (tour.visitIds as unknown[]) : [];
		const unplanned = Array.isArray(tour.unplanned) ? (tour.unplanned as { visitId?: unknown }[]).map((u) => u?.visitId) : [];
		return canonical([...new Set([...ids, ...unplanned])].sort());
	};
	return visitsOf(parent) === visitsOf(next) ? ok : refuse('visitIds: the visits of a tour are planned by the care manager; a nurse may only reorder them');
}

function checkOwnStamps(edits: unknown, user: Writer, now: number): RightsCheck {
	for (const [field, edit] of Object.entries((edits ?? {}) as Record<string, FieldEdit>)) {
		if (edit?.by !== user.username) return refuse(`fieldEdits.${field}: must name the signed-in user ${user.username}`);
		if (inFuture(edit.at, now)) return refuse(`fieldEdits.${field}: lies in the future`);
	}
	return ok;
}

/**
 * Each field's edit stamp is kept, or stamped by the writer now, or copied from a conflicting
 * revision of the same document (a merge keeps the stamp of the value it keeps).
 */
function checkFieldEdits(parent: Doc, next: Doc, user: Writer, context: PolicyContext): RightsCheck {
	const before = (parent.fieldEdits ?? {}) as Record<string, FieldEdit>;
	const after = (next.fieldEdits ?? {}) as Record<string, FieldEdit>;
	for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
		const edit = after[field];
		if (canonical(before[field]) === canonical(edit)) continue;
		if (edit === undefined) return refuse(`fieldEdits.${field}: an edit stamp is never removed`);
		if (edit.by === user.username) {
			if (inFuture(edit.at, context.now)) return refuse(`fieldEdits.${field}: lies in the future`);
			continue;
		}
		const copied = [...context.revisions.values()].some((rev) => canonical((rev.fieldEdits as Record<string, FieldEdit> | undefined)?.[field]) === canonical(edit));
		if (!copied) return refuse(`fieldEdits.${field}: names an edit by ${edit.by} that no revision of this document holds`);
	}
	return ok;
}

/**
 * Merge history grows only by values that really lost: each new entry is the value, editor and
 * time of the revision it names, or an entry that revision's own history holds.
 */
function checkMergeHistory(parent: Doc, next: Doc, context: PolicyContext): RightsCheck {
	const before = new Set(((parent.mergeHistory ?? []) as MergeHistoryEntry[]).map(canonical));
	const after = (next.mergeHistory ?? []) as MergeHistoryEntry[];
	const known = new Set([...context.revisions.values()].flatMap((rev) => ((rev.mergeHistory ?? []) as MergeHistoryEntry[]).map(canonical)));
	for (const entry of after) {
		const key = canonical(entry);
		if (before.has(key) || known.has(key)) continue;
		const named = context.revisions.get(entry.rev);
		if (!named || canonical(lostValueOf(named as Revision, entry.field)) !== key) {
			return refuse(`mergeHistory: an entry for ${entry.field} does not match revision ${entry.rev} of this document`);
		}
	}
	const kept = new Set(after.map(canonical));
	const dropped = [...before].some((key) => !kept.has(key));
	return dropped && after.length < HISTORY_LIMIT ? refuse('mergeHistory: entries are dropped only to keep the newest ones') : ok;
}

/** The revisions a new revision's merge history names that are not yet in `revisions`: the server fetches these. */
export function namedRevisions(next: Doc): string[] {
	const entries = Array.isArray(next.mergeHistory) ? (next.mergeHistory as { rev?: unknown }[]) : [];
	return [...new Set(entries.map((entry) => entry?.rev).filter((rev): rev is string => typeof rev === 'string'))];
}
