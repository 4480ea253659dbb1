// Missions and their FMS status events. Status presses carry the mission's key
// (`status:<mission key>:<ulid>`, `status:-:<ulid>` for none), so a mission's timeline is one key range.
// Position reports, many more of them, have a range of their own (`status:pos:<ulid>`, after every
// mission key), so reading the presses never reads the positions, and recent positions read by time.
import { docId, typeRange, type Alarm, type Handover, type Mission, type Note, type StatusEvent } from '../domain/index.ts';
import { creationFields, keyAt, newKey, type Author } from './author.ts';
import { putValidated, updateDocument } from './document-update.ts';
import type { LocalDatabase } from './local-databases.ts';
import { validDocuments } from './valid-documents.ts';

const NO_MISSION = '-';
/** Lower-case: sorts after the digits and upper-case letters of ULID and date mission keys. */
const POSITION_RANGE = 'status:pos:';

function missionKey(missionId: string | undefined): string {
	return missionId ? missionId.slice(missionId.indexOf(':') + 1) : NO_MISSION;
}

export type MissionInput = Pick<Mission, 'keyword' | 'priority' | 'address'> & Partial<Pick<Mission, 'location' | 'callerInfo' | 'patient' | 'unitId'>>;

/** The dispatcher alarms a mission: assigned at once when a unit is given, open otherwise. */
export async function createMission(db: LocalDatabase, input: MissionInput, author: Author): Promise<Mission> {
	const doc = {
		_id: docId('mission', newKey(author.now)),
		type: 'mission',
		...creationFields(author),
		...input,
		state: input.unitId ? 'assigned' : 'open',
		alarmedAt: author.now.toISOString()
	};
	return (await putValidated(db, doc)) as Mission;
}

export async function listMissions(db: LocalDatabase): Promise<Mission[]> {
	const result = await db.allDocs({ ...typeRange('mission'), include_docs: true });
	return validDocuments<Mission>(result.rows);
}

export function assignMission(db: LocalDatabase, mission: Mission, unitId: string, author: Author): Promise<Mission> {
	return updateDocument(db, mission, { unitId, state: 'assigned' }, author);
}

export function cancelMission(db: LocalDatabase, mission: Mission, reason: string, author: Author): Promise<Mission> {
	return updateDocument(db, mission, { state: 'cancelled', cancelReason: reason || undefined }, author);
}

export function updateMission(db: LocalDatabase, mission: Mission, changes: Partial<Mission>, author: Author): Promise<Mission> {
	return updateDocument(db, mission, changes, author);
}

export type StatusInput = Pick<StatusEvent, 'unitId' | 'status'> & Partial<Pick<StatusEvent, 'missionId' | 'position' | 'report'>>;

/** One press of a status button (or a position report), stamped with the device's time now. */
export async function recordStatus(db: LocalDatabase, input: StatusInput, author: Author): Promise<StatusEvent> {
	const doc = {
		_id: input.report === 'position' ? `${POSITION_RANGE}${newKey(author.now)}` : docId('status', `${missionKey(input.missionId)}:${newKey(author.now)}`),
		type: 'status',
		...creationFields(author),
		...input,
		at: author.now.toISOString()
	};
	return (await putValidated(db, doc)) as StatusEvent;
}

/** Every status press of the station (not the position reports). */
export async function statusPresses(db: LocalDatabase): Promise<StatusEvent[]> {
	const result = await db.allDocs({ startkey: 'status:', endkey: POSITION_RANGE, inclusive_end: false, include_docs: true });
	return result.rows.map((row) => row.doc as unknown as StatusEvent);
}

/** Position reports since `since`, newest first, at most `limit`: where the units are now. */
export async function recentPositionReports(db: LocalDatabase, since: Date, limit: number): Promise<StatusEvent[]> {
	const result = await db.allDocs({ startkey: `${POSITION_RANGE}\ufff0`, endkey: `${POSITION_RANGE}${keyAt(since)}`, descending: true, limit, include_docs: true });
	return result.rows.map((row) => row.doc as unknown as StatusEvent);
}

export type MissionNoteInput = Pick<Note, 'text'> & Partial<Pick<Note, 'kind' | 'at' | 'dose'>>;

/** A measure or a medication given on a mission (append-only, `note:<mission key>:<ulid>`). */
export async function addMissionNote(db: LocalDatabase, missionId: string, input: MissionNoteInput, author: Author): Promise<Note> {
	const doc = { _id: docId('note', `${missionKey(missionId)}:${newKey(author.now)}`), type: 'note', ...creationFields(author), missionId, ...input };
	return (await putValidated(db, doc)) as Note;
}

export async function missionNotes(db: LocalDatabase, missionId: string): Promise<Note[]> {
	const prefix = `note:${missionKey(missionId)}:`;
	const result = await db.allDocs({ startkey: prefix, endkey: `${prefix}\ufff0`, include_docs: true });
	return result.rows.map((row) => row.doc as unknown as Note);
}

/** Acknowledging an alarm writes a new alarm document that replaces it: who and when, nothing edited. */
export async function acknowledgeAlarm(db: LocalDatabase, alarm: Alarm, author: Author): Promise<Alarm> {
	const { kind, patientId, missionId, unitId, severity, message, score, observationIds, news2 } = alarm;
	const doc = {
		...{ kind, patientId, missionId, unitId, severity, message, score, observationIds, news2 },
		_id: docId('alarm', newKey(author.now)),
		type: 'alarm',
		...creationFields(author),
		replaces: alarm._id,
		acknowledgedBy: author.username,
		acknowledgedAt: author.now.toISOString()
	};
	return (await putValidated(db, doc)) as Alarm;
}

/** The dispatcher has seen that a unit's device went silent: recorded as an acknowledged alarm. */
export async function acknowledgeSilentUnit(db: LocalDatabase, unitId: string, lastSeenAt: string, author: Author): Promise<Alarm> {
	const doc = {
		_id: docId('alarm', newKey(author.now)),
		type: 'alarm',
		...creationFields(author),
		kind: 'device-silent',
		unitId,
		severity: 'medium',
		message: `${unitId}: no signal since ${lastSeenAt}`,
		acknowledgedBy: author.username,
		acknowledgedAt: author.now.toISOString()
	};
	return (await putValidated(db, doc)) as Alarm;
}

export type HandoverInput = Pick<Handover, 'mechanism' | 'injuries' | 'signs' | 'treatment' | 'hospital'>;

/** The handover at the hospital, as written then (append-only; a later one replaces it). */
export async function addHandover(db: LocalDatabase, missionId: string, input: HandoverInput, author: Author): Promise<Handover> {
	const doc = { _id: docId('handover', `${missionKey(missionId)}:${newKey(author.now)}`), type: 'handover', ...creationFields(author), missionId, ...input };
	return (await putValidated(db, doc)) as Handover;
}

export async function handoversOf(db: LocalDatabase, missionId: string): Promise<Handover[]> {
	const prefix = `handover:${missionKey(missionId)}:`;
	const result = await db.allDocs({ startkey: prefix, endkey: `${prefix}\ufff0`, include_docs: true });
	return result.rows.map((row) => row.doc as unknown as Handover);
}
