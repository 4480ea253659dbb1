// Merging conflicting revisions of a mutable document (CouchDB keeps every leaf; we choose).
// Field by field: the later edit of each field wins; the values that lose go into `mergeHistory`.
// Where both sides edited a field that is too important to settle by clock (allergies, a mission's
// unit), a person decides.
import type { DocType } from './ids.ts';

/** A field's last edit, kept by the app for every field it changes. */
export interface FieldEdit {
	at: string;
	by: string;
}

export interface MergeHistoryEntry {
	field: string;
	value: unknown;
	at: string;
	by: string;
	rev: string;
}

export interface Revision {
	_id: string;
	_rev: string;
	createdAt: string;
	createdBy: string;
	updatedAt?: string;
	updatedBy?: string;
	fieldEdits?: Record<string, FieldEdit>;
	mergeHistory?: MergeHistoryEntry[];
	[field: string]: unknown;
}

export type MergeResult =
	| { kind: 'merged'; doc: Revision; lost: MergeHistoryEntry[] }
	| { kind: 'manual'; fields: string[] };

/** The author of an automatic merge, recorded as `updatedBy`. */
export const MERGE_AUTHOR = 'fieldcare:merge';
/** Lost values kept per document; older ones drop out when a merge adds more. */
export const HISTORY_LIMIT = 50;

/** Bookkeeping fields: never merged as content. */
export const META_FIELDS: ReadonlySet<string> = new Set(['_id', '_rev', '_conflicts', '_revisions', '_attachments', 'type', 'schemaVersion', 'createdAt', 'createdBy', 'deviceId', 'updatedAt', 'updatedBy', 'fieldEdits', 'mergeHistory']);

/** Fields where a concurrent edit on both sides is settled by a person, not by the clock. */
export const CRITICAL_FIELDS: Partial<Record<DocType, readonly string[]>> = {
	patient: ['birthDate', 'allergies'],
	mission: ['unitId', 'state'],
	visit: ['assignedTo', 'date']
};

/** Mutable types whose conflicts are merged; the others are append-only and never conflict. */
export const MERGEABLE_TYPES: readonly DocType[] = ['patient', 'visit', 'tour', 'mission'];

/** JSON with sorted keys, so equal values compare equal whatever their key order. */
export function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'undefined';
}

/**
 * When a revision last changed a field. A revision that tracks field edits but has none for this
 * field still holds the value it was created with; one from before tracking counts as edited at
 * its last update.
 */
export function editOf(rev: Revision, field: string): FieldEdit & { explicit: boolean; untouched: boolean } {
	const edit = rev.fieldEdits?.[field];
	if (edit) return { ...edit, explicit: true, untouched: false };
	if (rev.fieldEdits) return { at: rev.createdAt, by: rev.createdBy, explicit: false, untouched: true };
	return { at: rev.updatedAt ?? rev.createdAt, by: rev.updatedBy ?? rev.createdBy, explicit: false, untouched: false };
}

type Candidate = { at: string; rev: string; untouched: boolean };

/** Edits before untouched values, later edits first; ties fall back to the revision id so every side picks the same. */
function later(a: Candidate, b: Candidate): number {
	if (a.untouched !== b.untouched) return a.untouched ? 1 : -1;
	return a.at === b.at ? (a.rev < b.rev ? 1 : -1) : a.at < b.at ? 1 : -1;
}

/** The history entry that keeps `rev`'s value of `field` when another value wins. */
export function lostValueOf(rev: Revision, field: string): MergeHistoryEntry {
	const { at, by } = editOf(rev, field);
	return { field, value: rev[field] ?? null, at, by, rev: rev._rev };
}

/** A total order, so that every device lists the history the same way. */
function byTimeThenContent(a: MergeHistoryEntry, b: MergeHistoryEntry): number {
	if (a.at !== b.at) return a.at < b.at ? -1 : 1;
	const x = canonical(a);
	const y = canonical(b);
	return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Merges the leaves of one document. `winner` is CouchDB's winning revision (the merge is written
 * on top of it); `others` are its `_conflicts`. Deterministic: the same leaves give the same result.
 */
export function mergeRevisions(type: DocType, winner: Revision, others: Revision[]): MergeResult {
	const all = [winner, ...others];
	const fields = [...new Set(all.flatMap((rev) => Object.keys(rev)))].filter((f) => !META_FIELDS.has(f)).sort();
	const critical = CRITICAL_FIELDS[type] ?? [];
	const merged: Revision = { ...winner, fieldEdits: { ...(winner.fieldEdits ?? {}) } };
	const lost: MergeHistoryEntry[] = [];
	const manual: string[] = [];

	for (const field of fields) {
		const candidates = all.map((rev) => ({ rev: rev._rev, value: rev[field], ...editOf(rev, field) })).sort(later);
		const distinct = new Set(candidates.map((c) => canonical(c.value)));
		if (distinct.size === 1) {
			// Same value everywhere; its edit stamp must not depend on which leaf won.
			const stamped = candidates.find((c) => c.explicit);
			if (stamped) merged.fieldEdits![field] = { at: stamped.at, by: stamped.by };
			continue;
		}
		if (critical.includes(field) && new Set(candidates.filter((c) => c.explicit).map((c) => canonical(c.value))).size > 1) {
			manual.push(field);
			continue;
		}
		const [chosen] = candidates;
		if (chosen.value === undefined) delete merged[field];
		else merged[field] = chosen.value;
		merged.fieldEdits![field] = { at: chosen.at, by: chosen.by };
		const seen = new Set([canonical(chosen.value)]);
		for (const loser of candidates.slice(1)) {
			// A value nobody edited is the old one, not a lost edit.
			if (loser.untouched || seen.has(canonical(loser.value))) continue;
			seen.add(canonical(loser.value));
			lost.push({ field, value: loser.value ?? null, at: loser.at, by: loser.by, rev: loser.rev });
		}
	}
	if (manual.length) return { kind: 'manual', fields: manual };

	const history = new Map<string, MergeHistoryEntry>();
	for (const entry of [...all.flatMap((rev) => rev.mergeHistory ?? []), ...lost]) history.set(canonical(entry), entry);
	const latest = all.map((rev) => rev.updatedAt ?? rev.createdAt).sort().at(-1)!;
	merged.mergeHistory = [...history.values()].sort(byTimeThenContent).slice(-HISTORY_LIMIT);
	merged.updatedAt = latest;
	merged.updatedBy = MERGE_AUTHOR;
	delete merged._conflicts;
	return { kind: 'merged', doc: merged, lost };
}

/** Field edits for a save: every content field whose value changed gets the editor and the time. */
export function recordFieldEdits(before: Record<string, unknown> | undefined, after: Record<string, unknown>, edit: FieldEdit): Record<string, FieldEdit> {
	const edits = { ...((before?.fieldEdits as Record<string, FieldEdit> | undefined) ?? {}) };
	const fields = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
	for (const field of fields) {
		if (META_FIELDS.has(field)) continue;
		if (canonical(before?.[field]) !== canonical(after[field])) edits[field] = edit;
	}
	return edits;
}

/** One field on which the leaves disagree, with each leaf's value, editor and time. */
export interface FieldDisagreement {
	field: string;
	options: { rev: string; value: unknown; at: string; by: string }[];
}

export function differingFields(revisions: Revision[]): FieldDisagreement[] {
	const fields = [...new Set(revisions.flatMap((rev) => Object.keys(rev)))].filter((f) => !META_FIELDS.has(f)).sort();
	return fields
		.filter((field) => new Set(revisions.map((rev) => canonical(rev[field]))).size > 1)
		.map((field) => ({ field, options: revisions.map((rev) => ({ rev: rev._rev, value: rev[field], ...editOf(rev, field) })) }));
}

/**
 * A person's decision: for each disputed field the revision whose value stays. The result is
 * written on top of `winner`; every value not chosen goes into `mergeHistory`.
 */
export function settleByChoice(winner: Revision, others: Revision[], choice: Record<string, string>, edit: FieldEdit): Revision {
	const all = [winner, ...others];
	const settled: Revision = { ...winner, fieldEdits: { ...(winner.fieldEdits ?? {}) } };
	const lost: MergeHistoryEntry[] = [];
	for (const { field, options } of differingFields(all)) {
		const chosen = options.find((option) => option.rev === choice[field]) ?? options[0];
		if (chosen.value === undefined) delete settled[field];
		else settled[field] = chosen.value;
		settled.fieldEdits![field] = edit;
		for (const option of options) {
			if (canonical(option.value) !== canonical(chosen.value)) lost.push({ field, value: option.value ?? null, at: option.at, by: option.by, rev: option.rev });
		}
	}
	settled.mergeHistory = [...all.flatMap((rev) => rev.mergeHistory ?? []), ...lost].slice(-HISTORY_LIMIT);
	settled.updatedAt = edit.at;
	settled.updatedBy = edit.by;
	delete settled._conflicts;
	return settled;
}
