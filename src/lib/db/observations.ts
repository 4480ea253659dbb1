// Observation and alarm repository. Observations are append-only: they are only ever created,
// and a correction is a new document that `replaces` the old one.
import { typeRange, validateDocument, type Alarm, type Observation } from '../domain/index.ts';
import { creationFields, keyAt, newKey, type Author } from './author.ts';
import type { LocalDatabase } from './local-databases.ts';
import { SaveError, storeError } from './save-error.ts';

/**
 * The subject of an observation is a patient (`patient:<ulid>`) or, in the rescue service, the
 * patient of a mission (`mission:<ulid>`). Observation ids carry the subject's key, so one
 * subject's series is one key range, in the order the observations were made.
 */
function subjectKey(subjectId: string): string {
	return subjectId.slice(subjectId.indexOf(':') + 1);
}

/** `observation:<subject key>:<ulid>`. */
function newObservationId(subjectId: string, now: Date): string {
	return `observation:${subjectKey(subjectId)}:${newKey(now)}`;
}

export function observationRange(subjectId: string): { startkey: string; endkey: string } {
	const prefix = `observation:${subjectKey(subjectId)}:`;
	return { startkey: prefix, endkey: `${prefix}\ufff0` };
}

/** The observations of a patient or of a mission's patient. */
export async function observationsOf(db: LocalDatabase, subjectId: string): Promise<Observation[]> {
	const result = await db.allDocs({ ...observationRange(subjectId), include_docs: true });
	return result.rows.map((row) => row.doc as unknown as Observation);
}

/** (Pick, not Omit: the schema is a loose object, and Omit over its index signature loses the field types.) */
export type ObservationInput = Pick<Observation, 'code' | 'value' | 'unit' | 'effectiveAt'> &
	Partial<Pick<Observation, 'patientId' | 'visitId' | 'missionId' | 'device' | 'rawHex' | 'replaces' | 'groupId' | 'unusual' | 'sourceUnit'>>;

/**
 * Saves the values of one measurement together. All are validated first, and they are written in
 * one `bulkDocs` call, which the IndexedDB adapter runs as one transaction: a full disk stores
 * none of them rather than half a blood pressure.
 */
export async function saveObservations(db: LocalDatabase, inputs: ObservationInput[], author: Author): Promise<Observation[]> {
	const docs = inputs.map((input) => ({ ...input, _id: newObservationId(input.patientId ?? input.missionId ?? '', author.now), type: 'observation' as const, ...creationFields(author) }));
	for (const doc of docs) {
		const check = validateDocument(doc);
		if (!check.ok) throw new SaveError('invalid', check.reason, check.issues);
	}
	let results: (PouchDB.Core.Response | PouchDB.Core.Error)[];
	try {
		results = await db.bulkDocs(docs as PouchDB.Core.PutDocument<Record<string, unknown>>[]);
	} catch (err) {
		throw storeError(err);
	}
	const failed = results.find((result) => 'error' in result && result.error);
	if (failed) throw storeError(failed);
	return docs.map((doc, i) => ({ ...doc, _rev: (results[i] as PouchDB.Core.Response).rev }) as unknown as Observation);
}

/** Saves an alarm built by the domain (e.g. buildNews2Alarm); validated first. */
export async function saveAlarm(db: LocalDatabase, alarm: Alarm): Promise<Alarm> {
	const check = validateDocument(alarm);
	if (!check.ok) throw new SaveError('invalid', check.reason, check.issues);
	try {
		const result = await db.put(alarm as unknown as PouchDB.Core.PutDocument<Record<string, unknown>>);
		return { ...alarm, _rev: result.rev };
	} catch (err) {
		throw storeError(err);
	}
}

/** Alarms raised since a time (all without one), newest first; their ids carry the time they were raised. */
export async function alarmsOf(db: LocalDatabase, since?: Date): Promise<Alarm[]> {
	const { startkey, endkey } = typeRange('alarm');
	const result = await db.allDocs({ startkey: since ? `alarm:${keyAt(since)}` : startkey, endkey, include_docs: true });
	return result.rows.map((row) => row.doc as unknown as Alarm).reverse();
}
