// FMS status codes (Funkmeldesystem, vehicle → dispatch centre; DOMAIN.md) and the latest known
// status of each unit, built from the append-only StatusEvent documents.
import type { StatusEvent } from './documents.ts';

export const FMS_STATUSES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type FmsStatus = (typeof FMS_STATUSES)[number];

/**
 * What a status means for the dispatcher's map: one colour per group, not per code.
 * `talk` is 5 (Sprechwunsch) and 0 (priorisierter Sprechwunsch, emergency); 9 is a regional
 * variant (Fremdanmeldung) and gets a group of its own.
 */
export type FmsGroup = 'available' | 'mission' | 'transport' | 'not-ready' | 'talk' | 'other';

export interface FmsStatusInfo {
	code: FmsStatus;
	/** i18n key of the label, `fms.<code>`. */
	messageKey: `fms.${FmsStatus}`;
	group: FmsGroup;
	/** Fill colour of the unit's marker. */
	colour: string;
	/** Text colour on that fill (the status digit), chosen for a contrast of at least 4.5:1 (WCAG 2.x AA). */
	textColour: string;
	/** 0 only: an emergency call the dispatcher must answer first. */
	urgent: boolean;
}

/**
 * Okabe & Ito (2008), "Color Universal Design": colours that stay apart for protan, deutan and
 * tritan viewers (checked in fms.test.ts with the Machado et al. 2009 simulation; grey for
 * `not-ready` came out next to reddish purple for deutan viewers, black does not). Colour is
 * never the only cue: the marker also shows the digit.
 */
export const FMS_GROUP_COLOURS: Readonly<Record<FmsGroup, { colour: string; textColour: string }>> = {
	available: { colour: '#009E73', textColour: '#000000' }, // bluish green
	mission: { colour: '#E69F00', textColour: '#000000' }, // orange
	transport: { colour: '#0072B2', textColour: '#FFFFFF' }, // blue
	'not-ready': { colour: '#000000', textColour: '#FFFFFF' }, // black: out of service
	talk: { colour: '#CC79A7', textColour: '#000000' }, // reddish purple
	other: { colour: '#56B4E9', textColour: '#000000' } // sky blue
};

const GROUP_OF: Readonly<Record<FmsStatus, FmsGroup>> = {
	0: 'talk', 1: 'available', 2: 'available', 3: 'mission', 4: 'mission',
	5: 'talk', 6: 'not-ready', 7: 'transport', 8: 'transport', 9: 'other'
};

export const FMS_CATALOG: Readonly<Record<FmsStatus, FmsStatusInfo>> = Object.fromEntries(
	FMS_STATUSES.map((code) => [code, { code, messageKey: `fms.${code}`, group: GROUP_OF[code], ...FMS_GROUP_COLOURS[GROUP_OF[code]], urgent: code === 0 }])
) as Record<FmsStatus, FmsStatusInfo>;

/** The paramedic's status buttons, in the order of the FMS keypad. 0 and 9 are not on it. */
export const FIELD_STATUS_BUTTONS: readonly FmsStatus[] = [1, 2, 3, 4, 5, 6, 7, 8];

export function isFmsStatus(value: unknown): value is FmsStatus {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 9;
}

/** Status 1 (on the radio) and 2 (at the station) may be sent on a new mission. */
export function isAvailable(status: number): boolean {
	return status === 1 || status === 2;
}

/** The info of a status; a code outside 0–9 (never valid in a document) has none. */
export function fmsInfo(status: number): FmsStatusInfo | undefined {
	return isFmsStatus(status) ? FMS_CATALOG[status] : undefined;
}

// ---- Ordering ---------------------------------------------------------------------------------

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Order of status events: the time pressed (`at`, kept through offline periods), then the time
 * written, then `_id`, so every device orders the same events the same way. Instants are
 * compared as times: `at` may carry an offset other than Z.
 */
export function compareStatusEvents(a: Pick<StatusEvent, 'at' | 'createdAt' | '_id'>, b: Pick<StatusEvent, 'at' | 'createdAt' | '_id'>): number {
	return Date.parse(a.at) - Date.parse(b.at) || Date.parse(a.createdAt) - Date.parse(b.createdAt) || compareText(a._id, b._id);
}

/** A position report repeats the current status; only other events change it. */
export function isPositionReport(event: Pick<StatusEvent, 'report'>): boolean {
	return event.report === 'position';
}

// ---- Latest status per unit -------------------------------------------------------------------

export interface UnitPosition {
	lat: number;
	lon: number;
	accuracyM?: number;
	/** When the position was taken (the event's `at`). */
	at: string;
}

export interface UnitStatus {
	unitId: string;
	status: FmsStatus;
	/**
	 * When the unit entered this status: the `at` of the first event of the latest run of equal
	 * statuses. Undefined when only position reports of the unit are known (the status they
	 * repeat arrived before the status event itself, e.g. out of order after an offline period).
	 */
	since: string | undefined;
	/** The newest event of any kind from the unit. */
	lastSeenAt: string;
	position: UnitPosition | undefined;
}

/**
 * The latest status of each unit. Position reports move the unit and refresh `lastSeenAt` but do
 * not change its status or `since`; a repeated press of the same status does not reset `since`.
 */
export function latestStatusByUnit(events: readonly StatusEvent[]): Map<string, UnitStatus> {
	const sorted = [...events].sort(compareStatusEvents);
	const result = new Map<string, UnitStatus>();
	/** Units whose status so far comes from position reports only. */
	const fromPositionOnly = new Set<string>();
	for (const event of sorted) {
		if (!isFmsStatus(event.status)) continue;
		const previous = result.get(event.unitId);
		const position: UnitPosition | undefined = event.position
			? { lat: event.position.lat, lon: event.position.lon, ...(event.position.accuracyM === undefined ? {} : { accuracyM: event.position.accuracyM }), at: event.at }
			: previous?.position;
		if (isPositionReport(event)) {
			if (previous) result.set(event.unitId, { ...previous, lastSeenAt: event.at, position });
			else {
				result.set(event.unitId, { unitId: event.unitId, status: event.status, since: undefined, lastSeenAt: event.at, position });
				fromPositionOnly.add(event.unitId);
			}
			continue;
		}
		const unchanged = previous !== undefined && !fromPositionOnly.has(event.unitId) && previous.status === event.status;
		fromPositionOnly.delete(event.unitId);
		result.set(event.unitId, { unitId: event.unitId, status: event.status, since: unchanged ? previous.since : event.at, lastSeenAt: event.at, position });
	}
	return result;
}
