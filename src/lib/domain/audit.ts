// The audit trail's vocabulary, shared by the server (recording, the data-protection view) and the
// app (its device-local access log). Entries name people, devices, document ids and the subject
// (patient or mission) a document belongs to — never clinical content.
import * as v from 'valibot';

/** Longest subject id taken from a document or an uploaded event (the schema's id limit). */
export const MAX_SUBJECT_ID_LENGTH = 200;
/** Uploaded "opened" events per request. */
export const MAX_ACCESS_EVENTS_PER_UPLOAD = 500;

/** What an access entry records: the app opened a record offline, the server delivered or stored documents. */
export const ACCESS_ACTIONS = ['opened', 'read', 'written', 'audit-viewed'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

/** Admin actions that the trail records (who did what to whom). */
export const ADMIN_ACTIONS = [
	'user-created',
	'team-saved',
	'password-reset',
	'password-changed',
	'user-changed',
	'user-disabled',
	'user-enabled',
	'audit-searched',
	'audit-listed',
	'retention-changed'
] as const;
export type AdminAction = (typeof ADMIN_ACTIONS)[number];

const SUBJECT_PREFIXES = ['patient:', 'mission:'] as const;

function isSubjectId(value: unknown): value is string {
	return (
		typeof value === 'string' &&
		value.length <= MAX_SUBJECT_ID_LENGTH &&
		SUBJECT_PREFIXES.some((prefix) => value.length > prefix.length && value.startsWith(prefix))
	);
}

/** `patient:…` or `mission:…`, as an app may claim it opened (no control characters). */
export const SubjectIdSchema = v.pipe(
	v.string(),
	v.maxLength(MAX_SUBJECT_ID_LENGTH),
	v.regex(/^(patient|mission):[^\p{Cc}\p{Bidi_Control}]+$/u, 'must be a patient or mission id')
);

/**
 * The patients and missions a document belongs to: the patient or mission itself, or the one named
 * by its `patientId`/`missionId`. A document that arrives without its fields (a deletion) still
 * names its subject when its id embeds it: `observation:<patient or mission key>:<ulid>` (a set's
 * `observationSet:…` too) — the key alone cannot tell which of the two it is, so both are named.
 */
export function auditSubjectsOf(doc: unknown): string[] {
	if (typeof doc !== 'object' || doc === null) return [];
	const { _id: id, patientId, missionId } = doc as { _id?: unknown; patientId?: unknown; missionId?: unknown };
	if (typeof id !== 'string') return [];
	const subjects: string[] = [];
	if (isSubjectId(id)) subjects.push(id);
	if (isSubjectId(patientId) && patientId.startsWith('patient:')) subjects.push(patientId);
	if (isSubjectId(missionId) && missionId.startsWith('mission:')) subjects.push(missionId);
	if (subjects.length === 0 && (id.startsWith('observation:') || id.startsWith('observationSet:'))) {
		const key = id.split(':')[1];
		if (key) subjects.push(`patient:${key}`, `mission:${key}`);
	}
	return [...new Set(subjects)];
}

/** The user name as typed at sign-in, in the form accounts use (trimmed, lower case), bounded. */
export function normaliseTypedUsername(typed: string, maxLength = 64): string {
	return typed
		.trim()
		.toLowerCase()
		.replace(/\p{Cc}/gu, '')
		.slice(0, maxLength);
}

/** One "opened patient X / mission Y" of the app's device-local access log, as it is uploaded. */
export const AccessEventSchema = v.object({
	/** The device's own id of the event (a ULID), so that a repeated upload is stored once. */
	id: v.pipe(v.string(), v.regex(/^[0-9A-Z]{26}$/, 'must be a ULID')),
	/** The device's clock when the record was opened. */
	at: v.pipe(v.string(), v.isoTimestamp()),
	subject: SubjectIdSchema,
	database: v.optional(v.pipe(v.string(), v.regex(/^team-[a-z][a-z0-9-]{1,40}$/)))
});
export type AccessEvent = v.InferOutput<typeof AccessEventSchema>;

export const AccessEventUploadSchema = v.object({
	events: v.pipe(v.array(AccessEventSchema), v.maxLength(MAX_ACCESS_EVENTS_PER_UPLOAD))
});

/** A patient found by the data-protection search: identification only, nothing clinical. */
export interface AuditPatientMatch {
	id: string;
	firstName: string;
	lastName: string;
	birthDate: string;
	team: string;
	teamName: string;
}

/** One row of "who saw or changed this record". */
export interface AuditSubjectRow {
	at: string;
	action: AccessAction;
	user: string;
	role?: string;
	device?: string;
	/** How the server saw it: `_changes`, `_bulk_get`, `_all_docs`, `get`, `_bulk_docs`, `put`, `delete`, `attachment`, `app`, `consult` (a physician's consult endpoints), `history` (older values on demand, /api/history). */
	via: string;
	/** The document types of this subject that the access touched, and how many documents. */
	docTypes: string[];
	docCount: number;
	database?: string;
	/** For records opened on the device: the device's clock at the time (the server's is `at`, arrival). */
	deviceAt?: string;
}

/** One row of the recent sign-ins and failed sign-ins. */
export interface AuditSignInRow {
	at: string;
	outcome: 'signed-in' | 'failed' | 'refused' | 'signed-out';
	user: string;
	role?: string;
	address?: string;
	device?: string;
}

/** One row of the recent admin actions. */
export interface AuditAdminRow {
	at: string;
	action: AdminAction;
	user: string;
	target?: string;
	details?: Record<string, string | string[] | boolean>;
	address?: string;
	device?: string;
}

/** Forms of address people type before a name ("Frau Bauer"); they narrow nothing down. */
const SALUTATIONS = new Set(['frau', 'fr', 'herr', 'hr', 'mrs', 'mr', 'ms']);

/** Lower case without diacritics, so that "Koehler" is not needed for "Köhler" and "kohler" finds it. */
function foldName(text: string): string {
	return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** The words of a name search, without forms of address; empty when nothing is left to search for. */
export function nameSearchTerms(query: string): string[] {
	return foldName(query)
		.split(/[\s,.]+/)
		.filter((word) => word.length > 0 && !SALUTATIONS.has(word));
}

/** Every word of the search occurs in the person's first or last name. */
export function matchesName(terms: readonly string[], firstName: string, lastName: string): boolean {
	if (terms.length === 0) return false;
	const name = foldName(`${firstName} ${lastName}`);
	return terms.every((term) => name.includes(term));
}
