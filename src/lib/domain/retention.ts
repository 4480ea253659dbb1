// The retention window (issue 12): which documents a device holds. The server keeps everything;
// a device holds patients, open items and, per document type, what is younger than the team's
// window. Pure: the time is always passed in.
import * as v from 'valibot';
import type { Role } from './account.ts';
import type { DocType } from './ids.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** Upper bounds of a team's setting: ten years of days, a month of position reports. */
export const MAX_RETENTION_DAYS = 3650;
export const MAX_POSITION_HOURS = 720;

/** A team's window: days per kind of document (0 = only open items), position reports in hours. */
export const RetentionSettingSchema = v.strictObject({
	/** Vital signs. */
	observationDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_RETENTION_DAYS)),
	noteDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_RETENTION_DAYS)),
	/** Finished (done or cancelled) visits, by their date. */
	visitDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_RETENTION_DAYS)),
	/** Tours of past days. */
	tourDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_RETENTION_DAYS)),
	/** Closed or cancelled missions by their alarm time, with their status events and handovers. */
	missionDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_RETENTION_DAYS)),
	/** Position reports (`status` documents with `report: 'position'`). */
	positionHours: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_POSITION_HOURS)),
	/** Acknowledged alarms and acknowledgements. */
	alarmDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_RETENTION_DAYS))
});
export type RetentionSetting = v.InferOutput<typeof RetentionSettingSchema>;

/** Defaults of issue 12. */
export const DEFAULT_RETENTION: RetentionSetting = {
	observationDays: 90,
	noteDays: 90,
	visitDays: 30,
	tourDays: 30,
	missionDays: 7,
	positionHours: 24,
	alarmDays: 7
};

/** A setting as an admin sends it: unknown fields or values out of bounds are refused. */
export function parseRetentionSetting(input: unknown): { ok: true; setting: RetentionSetting } | { ok: false; reason: string } {
	const result = v.safeParse(RetentionSettingSchema, input);
	if (result.success) return { ok: true, setting: result.output };
	return { ok: false, reason: result.issues.map((issue) => `${v.getDotPath(issue) ?? ''}: ${issue.message}`).join('; ') };
}

/**
 * The window a device of `role` holds of its team's setting. Nurses don't need missions; the
 * dispatcher's console starts from open missions, the last day of status and alarms and an hour
 * of positions, so its first picture is small (older history is read online).
 */
export function windowForRole(setting: RetentionSetting, role: Role): RetentionSetting {
	switch (role) {
		case 'nurse':
			return { ...setting, missionDays: 0, positionHours: 0 };
		case 'paramedic':
		case 'admin':
			return setting;
		case 'dispatcher':
			return {
				observationDays: Math.min(setting.observationDays, 1),
				noteDays: Math.min(setting.noteDays, 1),
				visitDays: Math.min(setting.visitDays, 1),
				tourDays: Math.min(setting.tourDays, 1),
				missionDays: Math.min(setting.missionDays, 1),
				positionHours: Math.min(setting.positionHours, 1),
				alarmDays: Math.min(setting.alarmDays, 7)
			};
		case 'arzt':
			// A physician holds no replica (consults are read online): only open items, were one ever made.
			return { observationDays: 0, noteDays: 0, visitDays: 0, tourDays: 0, missionDays: 0, positionHours: 0, alarmDays: 0 };
	}
}

/** The field that dates a document of each type; patients, and types not named here, are always held. */
export const TIME_FIELD = {
	patient: undefined,
	visit: 'date',
	tour: 'date',
	observation: 'effectiveAt',
	observationSet: 'effectiveAt',
	note: 'createdAt',
	mission: 'alarmedAt',
	status: 'at',
	handover: 'createdAt',
	alarm: 'createdAt',
	consult: 'requestedAt',
	order: 'createdAt',
	orderResponse: 'createdAt'
} as const satisfies Partial<Record<DocType, string | undefined>>;

/** Types this window knows; a newer type is held whole (as before windows) until it is given a window here. */
export const WINDOWED_TYPES: readonly DocType[] = Object.keys(TIME_FIELD) as DocType[];

export const OPEN_VISIT_STATUSES = ['planned', 'in-progress'] as const;
export const OPEN_MISSION_STATES = ['open', 'assigned', 'active'] as const;

/** Oldest time (ISO instant) and day (YYYY-MM-DD, UTC) inside the window, per kind. */
export interface WindowCutoffs {
	observation: string;
	note: string;
	visitDate: string;
	tourDate: string;
	mission: string;
	status: string;
	position: string;
	alarm: string;
	/** Raised alarms nobody acknowledged: the longer of the alarms' and the notes' days. */
	openAlarm: string;
	/** The day of `now` (UTC): tours and visits of today and later are always held. */
	today: string;
}

const before = (now: number, ms: number) => new Date(now - ms).toISOString();

export function windowCutoffs(window: RetentionSetting, now: number): WindowCutoffs {
	return {
		observation: before(now, window.observationDays * DAY_MS),
		note: before(now, window.noteDays * DAY_MS),
		visitDate: before(now, window.visitDays * DAY_MS).slice(0, 10),
		tourDate: before(now, window.tourDays * DAY_MS).slice(0, 10),
		mission: before(now, window.missionDays * DAY_MS),
		status: before(now, window.missionDays * DAY_MS),
		position: before(now, window.positionHours * HOUR_MS),
		alarm: before(now, window.alarmDays * DAY_MS),
		openAlarm: before(now, Math.max(window.alarmDays, window.noteDays) * DAY_MS),
		today: new Date(now).toISOString().slice(0, 10)
	};
}

/** What a document's place in the window depends on beyond itself. */
export interface WindowContext {
	/** Ids of missions that are not closed or cancelled: their status events and handovers are held. */
	openMissionIds?: ReadonlySet<string>;
	/** Ids of raised alarms that an acknowledgement replaces (the others are open and held). */
	acknowledgedAlarmIds?: ReadonlySet<string>;
	/** Ids of each unit's newest status document (by `at`): a unit's current status and position are always held. */
	latestStatusIds?: ReadonlySet<string>;
	/** Ids of consults nobody closed: their orders and the answers to them are held. */
	openConsultIds?: ReadonlySet<string>;
}

type Dated = Record<string, unknown> & { _id: string };

/**
 * The context of `isInWindow` from the documents that decide it (missions, alarms, status
 * documents; others are ignored): what a device computes from what it holds.
 */
export function windowContextOf(docs: readonly Dated[]): Required<WindowContext> {
	const openMissionIds = new Set<string>();
	const acknowledgedAlarmIds = new Set<string>();
	const newestStatus = new Map<string, { id: string; at: string }>();
	const openConsultIds = new Set<string>();
	for (const doc of docs) {
		if (doc._deleted === true) continue;
		if (isOpenConsult(doc)) openConsultIds.add(doc._id);
		if (doc.type === 'mission' && (OPEN_MISSION_STATES as readonly unknown[]).includes(doc.state)) openMissionIds.add(doc._id);
		if (doc.type === 'alarm' && typeof doc.replaces === 'string') acknowledgedAlarmIds.add(doc.replaces);
		if (doc.type === 'status' && typeof doc.unitId === 'string' && typeof doc.at === 'string') {
			const held = newestStatus.get(doc.unitId);
			if (!held || doc.at > held.at) newestStatus.set(doc.unitId, { id: doc._id, at: doc.at });
		}
	}
	return { openMissionIds, acknowledgedAlarmIds, latestStatusIds: new Set([...newestStatus.values()].map(({ id }) => id)), openConsultIds };
}

/** A consult nobody closed yet, whatever its age: the field user still waits for, or works with, the physician. */
export function isOpenConsult(doc: Dated): boolean {
	return doc.type === 'consult' && doc.closedAt === undefined;
}

const str = (value: unknown): string => (typeof value === 'string' ? value : '');
/** Inside when the time is at or after the cutoff; a document without its time field is kept (fail open: never lose an item). */
const notBefore = (time: unknown, cutoff: string) => typeof time !== 'string' || time >= cutoff;

/** Whether a device holding `window` at `now` holds `doc` (a tombstone or `_local`/`_design` document: no). */
export function isInWindow(doc: Dated, window: RetentionSetting, now: number, context: WindowContext = {}): boolean {
	return isInCutoffs(doc, window, windowCutoffs(window, now), context);
}

/** `isInWindow` with cutoffs computed once for many documents. */
export function isInCutoffs(doc: Dated, window: RetentionSetting, cutoffs: WindowCutoffs, context: WindowContext = {}): boolean {
	if (doc._deleted === true || doc._id.startsWith('_')) return false;
	const missionHeld = (missionId: unknown) => typeof missionId === 'string' && context.openMissionIds?.has(missionId) === true;
	// Everything about an open mission (status presses, positions, vitals, measures, handover) is held with it.
	if (doc.type !== 'mission' && missionHeld(doc.missionId)) return true;
	switch (doc.type) {
		case 'patient':
			return true;
		case 'visit':
			if ((OPEN_VISIT_STATUSES as readonly unknown[]).includes(doc.status) || str(doc.date) >= cutoffs.today) return true;
			return window.visitDays > 0 && notBefore(doc.date, cutoffs.visitDate);
		case 'tour':
			if (str(doc.date) >= cutoffs.today) return true;
			return window.tourDays > 0 && notBefore(doc.date, cutoffs.tourDate);
		case 'observation':
		case 'observationSet':
			return window.observationDays > 0 && notBefore(doc.effectiveAt, cutoffs.observation);
		case 'note':
			return window.noteDays > 0 && notBefore(doc.createdAt, cutoffs.note);
		case 'mission':
			if ((OPEN_MISSION_STATES as readonly unknown[]).includes(doc.state)) return true;
			return window.missionDays > 0 && notBefore(doc.alarmedAt, cutoffs.mission);
		case 'status':
			if (context.latestStatusIds?.has(doc._id)) return true;
			if (doc.report === 'position') return window.positionHours > 0 && notBefore(doc.at, cutoffs.position);
			return window.missionDays > 0 && notBefore(doc.at, cutoffs.status);
		case 'handover':
			return window.missionDays > 0 && notBefore(doc.createdAt, cutoffs.mission);
		case 'alarm':
			// A raised alarm nobody acknowledged is open, held as long as notes (or alarms, if longer);
			// acknowledged ones and acknowledgements age out with the alarms' days.
			if (doc.replaces === undefined && doc.acknowledgedBy === undefined && context.acknowledgedAlarmIds !== undefined && !context.acknowledgedAlarmIds.has(doc._id)) {
				if (notBefore(doc.createdAt, cutoffs.openAlarm)) return true;
			}
			return window.alarmDays > 0 && notBefore(doc.createdAt, cutoffs.alarm);
		case 'consult':
			// Consults, orders and answers are documentation: open ones are held, closed ones age out with the notes.
			if (isOpenConsult(doc)) return true;
			return window.noteDays > 0 && notBefore(doc.requestedAt, cutoffs.note);
		case 'order':
		case 'orderResponse':
			if (typeof doc.consultId === 'string' && context.openConsultIds?.has(doc.consultId) === true) return true;
			return window.noteDays > 0 && notBefore(doc.createdAt, cutoffs.note);
		default:
			// A type this version does not know: held, as before windows existed.
			return true;
	}
}

/** A short stable name of a window, so a replication checkpoint knows which window it was made for. */
export function windowKey(window: RetentionSetting): string {
	const text = [window.observationDays, window.noteDays, window.visitDays, window.tourDays, window.missionDays, window.positionHours, window.alarmDays].join('-');
	// FNV-1a 32 bit: not a secret, only a change detector.
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(36);
}
