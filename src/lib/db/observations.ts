// Observation and alarm repository. Observations are append-only: they are only ever created,
// and a correction is a new document that `replaces` the old one.
import { SCHEMA_VERSION, ulid, validateDocument, type Alarm, type Observation } from '../domain/index.ts';
import type { LocalDatabase } from './local-databases.ts';
import type { Author } from './patients.ts';
import { SaveError, storeError } from './save-error.ts';

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

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
	return `observation:${subjectKey(subjectId)}:${ulid(now.getTime(), random)}`;
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

/** Fields every new document carries. */
function stamp(author: Author) {
	return { schemaVersion: SCHEMA_VERSION, createdAt: author.now.toISOString(), createdBy: author.username, deviceId: author.deviceId };
}

/**
 * Saves the values of one measurement together. All are validated first, and they are written in
 * one `bulkDocs` call, which the IndexedDB adapter runs as one transaction: a full disk stores
 * none of them rather than half a blood pressure.
 */
export async function saveObservations(db: LocalDatabase, inputs: ObservationInput[], author: Author): Promise<Observation[]> {
	const docs = inputs.map((input) => ({ ...input, _id: newObservationId(input.patientId ?? input.missionId ?? '', author.now), type: 'observation' as const, ...stamp(author) }));
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

/** A key for a new alarm (`alarm:<key>`): alarms list in the order they were raised. */
export function newAlarmKey(now: Date): string {
	return ulid(now.getTime(), random);
}

export async function alarmsOf(db: LocalDatabase): Promise<Alarm[]> {
	const result = await db.allDocs({ startkey: 'alarm:', endkey: 'alarm:\ufff0', include_docs: true, descending: false });
	return result.rows.map((row) => row.doc as unknown as Alarm).reverse();
}
