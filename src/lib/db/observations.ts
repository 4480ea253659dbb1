// Observation and alarm repository. Observations are append-only: they are only ever created,
// and a correction is a new document that `replaces` the old one.
import { SCHEMA_VERSION, ulid, validateDocument, type Alarm, type Observation } from '../domain/index.ts';
import type { LocalDatabase } from './local-databases.ts';
import type { Author } from './patients.ts';
import { SaveError, storeError } from './save-error.ts';

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

/** The key after `patient:`; observation ids carry it so one patient's series is one key range. */
function patientKey(patientId: string): string {
	return patientId.slice(patientId.indexOf(':') + 1);
}

/** `observation:<patient key>:<ulid>`: a patient's observations list in the order they were made. */
export function newObservationId(patientId: string, now: Date): string {
	return `observation:${patientKey(patientId)}:${ulid(now.getTime(), random)}`;
}

export function observationRange(patientId: string): { startkey: string; endkey: string } {
	const prefix = `observation:${patientKey(patientId)}:`;
	return { startkey: prefix, endkey: `${prefix}\ufff0` };
}

export async function observationsOf(db: LocalDatabase, patientId: string): Promise<Observation[]> {
	const result = await db.allDocs({ ...observationRange(patientId), include_docs: true });
	return result.rows.map((row) => row.doc as unknown as Observation);
}

/** (Pick, not Omit: the schema is a loose object, and Omit over its index signature loses the field types.) */
export type ObservationInput = Pick<Observation, 'patientId' | 'code' | 'value' | 'unit' | 'effectiveAt'> &
	Partial<Pick<Observation, 'visitId' | 'missionId' | 'device' | 'rawHex' | 'replaces' | 'groupId' | 'unusual' | 'sourceUnit'>>;

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
	const docs = inputs.map((input) => ({ ...input, _id: newObservationId(input.patientId, author.now), type: 'observation' as const, ...stamp(author) }));
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

export type AlarmInput = Pick<Alarm, 'kind' | 'severity' | 'message'> & Partial<Pick<Alarm, 'patientId' | 'score' | 'observationIds' | 'news2'>>;

export async function saveAlarm(db: LocalDatabase, input: AlarmInput, author: Author): Promise<Alarm> {
	const doc = { ...input, _id: `alarm:${ulid(author.now.getTime(), random)}`, type: 'alarm' as const, ...stamp(author) };
	const check = validateDocument(doc);
	if (!check.ok) throw new SaveError('invalid', check.reason, check.issues);
	try {
		const result = await db.put(doc as PouchDB.Core.PutDocument<Record<string, unknown>>);
		return { ...doc, _rev: result.rev } as unknown as Alarm;
	} catch (err) {
		throw storeError(err);
	}
}

export async function alarmsOf(db: LocalDatabase): Promise<Alarm[]> {
	const result = await db.allDocs({ startkey: 'alarm:', endkey: 'alarm:\ufff0', include_docs: true, descending: false });
	return result.rows.map((row) => row.doc as unknown as Alarm).reverse();
}
