// Notes: free text of a visit or a mission, append-only. Ids `note:<visit key>:<ulid>` keep one
// visit's notes in one key range, in the order they were written.
import { docId, type Note } from '../domain/index.ts';
import { creationFields, newKey, type Author } from './author.ts';
import { putValidated } from './document-update.ts';
import type { LocalDatabase } from './local-databases.ts';

function visitKey(visitId: string): string {
	return visitId.slice(visitId.indexOf(':') + 1);
}

export async function addVisitNote(db: LocalDatabase, visit: { _id: string; patientId: string }, text: string, author: Author): Promise<Note> {
	const doc = { _id: docId('note', `${visitKey(visit._id)}:${newKey(author.now)}`), type: 'note', ...creationFields(author), patientId: visit.patientId, visitId: visit._id, text };
	return (await putValidated(db, doc)) as Note;
}

export async function notesOfVisit(db: LocalDatabase, visitId: string): Promise<Note[]> {
	const prefix = `note:${visitKey(visitId)}:`;
	const result = await db.allDocs({ startkey: prefix, endkey: `${prefix}\ufff0`, include_docs: true });
	return result.rows.map((row) => row.doc as unknown as Note);
}
