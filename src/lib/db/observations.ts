// Observation and alarm repository. Observations are append-only: they are only ever created,
// and a correction is a new one that `replaces` the old one. The values saved together are one
// observation set (documents.ts); readers get observations.
import {
	latestEffectiveAt,
	observationsOfDocuments,
	observationsOfSet,
	subjectKeyOf,
	typeRange,
	validateDocument,
	type Alarm,
	type Observation,
	type ObservationSet
} from '../domain/index.ts';
import { creationFields, keyAt, newKey, type Author } from './author.ts';
import type { LocalDatabase } from './local-databases.ts';
import { SaveError, storeError } from './save-error.ts';

/** The id range of one kind of a subject's documents: `<type>:<subject key>:…`, in the order they were made. */
function subjectRange(type: 'observation' | 'observationSet', subjectId: string): { startkey: string; endkey: string } {
	const prefix = `${type}:${subjectKeyOf(subjectId)}:`;
	return { startkey: prefix, endkey: `${prefix}\ufff0` };
}

/**
 * The subject of an observation is a patient (`patient:<ulid>`) or, in the rescue service, the
 * patient of a mission (`mission:<ulid>`). Observation and set ids carry the subject's key, so one
 * subject's values are two key ranges: observations stored singly (before sets) and sets.
 */
export function observationRanges(subjectId: string): { startkey: string; endkey: string }[] {
	return [subjectRange('observation', subjectId), subjectRange('observationSet', subjectId)];
}

/** The observations of a patient or of a mission's patient, single and in sets, in the order they were made. */
export async function observationsOf(db: LocalDatabase, subjectId: string): Promise<Observation[]> {
	const results = await Promise.all(observationRanges(subjectId).map((range) => db.allDocs({ ...range, include_docs: true })));
	return observationsOfDocuments(results.flatMap((result) => result.rows.map((row) => row.doc as unknown as Observation | ObservationSet)));
}

/** (Pick, not Omit: the schema is a loose object, and Omit over its index signature loses the field types.) */
export type ObservationInput = Pick<Observation, 'code' | 'value' | 'unit' | 'effectiveAt'> &
	Partial<Pick<Observation, 'patientId' | 'visitId' | 'missionId' | 'device' | 'rawHex' | 'replaces' | 'groupId' | 'unusual' | 'sourceUnit'>>;

/** The set of the values of one subject, visit and mission. */
function newSet(inputs: ObservationInput[], author: Author): ObservationSet {
	const { patientId, visitId, missionId } = inputs[0];
	const subjectId = patientId ?? missionId ?? '';
	const members = inputs.map(({ patientId: _p, visitId: _v, missionId: _m, ...value }) => value);
	return {
		_id: `observationSet:${subjectKeyOf(subjectId)}:${newKey(author.now)}`,
		type: 'observationSet',
		...creationFields(author),
		...(patientId ? { patientId } : {}),
		...(visitId ? { visitId } : {}),
		...(missionId ? { missionId } : {}),
		effectiveAt: latestEffectiveAt(members),
		members
	};
}

/**
 * Saves the values of one measurement together, as one observation set (per subject, visit and
 * mission: a form saves one). Validated first, and written in one `bulkDocs` call, which the
 * IndexedDB adapter runs as one transaction: a full disk stores none of them rather than half a
 * blood pressure. Answers the saved values as observations, with the ids alarms and consults name.
 */
export async function saveObservations(db: LocalDatabase, inputs: ObservationInput[], author: Author): Promise<Observation[]> {
	const groups = new Map<string, ObservationInput[]>();
	for (const input of inputs) {
		const key = JSON.stringify([input.patientId, input.visitId, input.missionId]);
		groups.set(key, [...(groups.get(key) ?? []), input]);
	}
	const sets = [...groups.values()].map((group) => newSet(group, author));
	for (const set of sets) {
		const check = validateDocument(set);
		if (!check.ok) throw new SaveError('invalid', check.reason, check.issues);
	}
	let results: (PouchDB.Core.Response | PouchDB.Core.Error)[];
	try {
		results = await db.bulkDocs(sets as unknown as PouchDB.Core.PutDocument<Record<string, unknown>>[]);
	} catch (err) {
		throw storeError(err);
	}
	const failed = results.find((result) => 'error' in result && result.error);
	if (failed) throw storeError(failed);
	return sets.flatMap((set) => observationsOfSet(set));
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
