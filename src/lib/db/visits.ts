// Visit repository: the day's planned home visits of a team, and their documentation.
import { compareCodeUnits, reopenFields, type Visit } from '../domain/index.ts';
import type { Author } from './author.ts';
import { updateDocument } from './document-update.ts';
import type { LocalDatabase } from './local-databases.ts';
import { validDocuments } from './valid-documents.ts';

/** Attachment name of the patient's signature on a finished visit. */
export const SIGNATURE_ATTACHMENT = 'signature.png';

/** Visits of one day; their ids begin with the date (`visit:<YYYY-MM-DD>:…`). */
export async function visitsOn(db: LocalDatabase, date: string): Promise<Visit[]> {
	const result = await db.allDocs({ startkey: `visit:${date}:`, endkey: `visit:${date}:\ufff0`, include_docs: true });
	return validDocuments<Visit>(result.rows).sort((a, b) => compareCodeUnits(a.windowStart, b.windowStart));
}

export async function getVisit(db: LocalDatabase, id: string): Promise<Visit | undefined> {
	try {
		return (await db.get(id)) as unknown as Visit;
	} catch (err) {
		if ((err as { status?: number }).status === 404) return undefined;
		throw err;
	}
}

/** The nurse arrives and begins care: the start time goes into the Leistungsnachweis. */
export function startVisit(db: LocalDatabase, visit: Visit, author: Author): Promise<Visit> {
	return updateDocument(db, visit, { status: 'in-progress', startedAt: visit.startedAt ?? author.now.toISOString() }, author);
}

export function saveTasksDone(db: LocalDatabase, visit: Visit, tasksDone: string[], author: Author): Promise<Visit> {
	return updateDocument(db, visit, { tasksDone }, author);
}

export interface VisitCompletion {
	tasksDone: string[];
	/** Tasks not done, each with the reason from the check sheet. */
	tasksNotDone?: { task: string; reason: string }[];
	/** The start the nurse confirmed for a visit never started. */
	startedAt?: string;
	/** PNG bytes of the patient's signature, when the patient signed. */
	signaturePng?: Uint8Array;
}

/** Care is finished: end time, tasks done and the signature, in one revision. */
export function finishVisit(db: LocalDatabase, visit: Visit, completion: VisitCompletion, author: Author): Promise<Visit> {
	const at = author.now.toISOString();
	const changes: Partial<Visit> = {
		status: 'done',
		startedAt: visit.startedAt ?? completion.startedAt ?? at,
		endedAt: at,
		tasksDone: completion.tasksDone,
		tasksNotDone: completion.tasksNotDone?.length ? completion.tasksNotDone : undefined
	};
	if (completion.signaturePng) {
		changes.signedAt = at;
		const existing = (visit as { _attachments?: Record<string, unknown> })._attachments ?? {};
		Object.assign(changes, {
			_attachments: { ...existing, [SIGNATURE_ATTACHMENT]: { content_type: 'image/png', data: base64Of(completion.signaturePng) } }
		});
	}
	return updateDocument(db, visit, changes, author);
}

/**
 * Undo of finishing: status, start, end and tasks not done as they were in `before` (the revision
 * the visit was finished from), as a new revision; notes, vitals and the signature stay.
 */
export function reopenVisit(db: LocalDatabase, visit: Visit, before: Visit, author: Author): Promise<Visit> {
	return updateDocument(db, visit, reopenFields(before), author);
}

/** The planner asks for the patient's signature before the visit may be finished. */
export function setSignatureRequired(db: LocalDatabase, visit: Visit, required: boolean, author: Author): Promise<Visit> {
	return updateDocument(db, visit, { signatureRequired: required }, author);
}

function base64Of(bytes: Uint8Array): string {
	let binary = '';
	for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
	return btoa(binary);
}
