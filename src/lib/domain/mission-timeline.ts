// A mission's timestamps as the DIVI protocol records them (DOMAIN.md): alarm, status 3, 4,
// patient contact, 7, 8, handover, 1/2. Ordered by when things happened on the ground (`at`),
// not when the documents reached the server: a crew offline in a valley syncs its presses late.
import type { Consult, Handover, Mission, Order, OrderResponse, StatusEvent } from './documents.ts';
import { compareStatusEvents, isAvailable, isPositionReport } from './fms.ts';

/** Two presses of the same status by the same unit this close together are one press (a double tap, or a retry). */
export const DUPLICATE_PRESS_MS = 10_000;

/** A consult's steps for the Telenotarzt protocol: requested, accepted, call, each order and its answer, closed. */
export type ConsultTimelineKind = 'consult-requested' | 'consult-accepted' | 'call-started' | 'call-ended' | 'consult-closed' | 'order' | 'order-done' | 'order-declined';
export type TimelineKind = 'alarm' | 'status' | 'patient-contact' | 'handover' | ConsultTimelineKind;

export interface TimelineEntry {
	kind: TimelineKind;
	/** When it happened: the press time for status events. */
	at: string;
	/** FMS code, for `status` entries. */
	status?: number;
	unitId?: string;
	by: string;
	/** The device that recorded it; unknown for patient contact, a field of the mission. */
	deviceId: string | undefined;
	/** The document the entry comes from. */
	docId: string;
	/** Tie-break of equal `at`s. */
	createdAt: string;
	/** For `order` entries: what was ordered, e.g. `medication`. */
	orderKind?: Order['kind'];
}

/** The consults of a mission (or a visit) with their orders and the field users' answers. */
export interface ConsultDocuments {
	consults: readonly Consult[];
	orders: readonly Order[];
	responses: readonly OrderResponse[];
}

/**
 * The mission's timeline, oldest first. Status events of other missions and position reports
 * are left out; events without a `missionId` are taken as the caller passed them.
 */
export function missionTimeline(mission: Mission, statusEvents: readonly StatusEvent[], handovers: readonly Handover[], consults?: ConsultDocuments): TimelineEntry[] {
	const entries: TimelineEntry[] = [
		{ kind: 'alarm', at: mission.alarmedAt, by: mission.createdBy, deviceId: mission.deviceId, docId: mission._id, createdAt: mission.createdAt }
	];
	if (mission.patientContactAt !== undefined) {
		const edit = mission.fieldEdits?.patientContactAt;
		entries.push({
			kind: 'patient-contact',
			at: mission.patientContactAt,
			by: edit?.by ?? mission.updatedBy ?? mission.createdBy,
			deviceId: undefined,
			docId: mission._id,
			createdAt: edit?.at ?? mission.updatedAt ?? mission.createdAt
		});
	}
	for (const handover of handovers) {
		if (handover.missionId !== mission._id) continue;
		entries.push({ kind: 'handover', at: handover.createdAt, by: handover.createdBy, deviceId: handover.deviceId, docId: handover._id, createdAt: handover.createdAt });
	}
	entries.push(...statusEntries(mission, statusEvents));
	if (consults) entries.push(...consultTimeline({ ...consults, consults: consults.consults.filter((c) => c.missionId === mission._id) }));
	return entries.sort(compareEntries);
}

/**
 * The steps of consults, oldest first: the request at the device's time of asking, the physician's
 * steps, each order when written and each answer when the order was carried out (or declined).
 */
export function consultTimeline(documents: ConsultDocuments): TimelineEntry[] {
	const entries: TimelineEntry[] = [];
	for (const consult of documents.consults) {
		const step = (kind: ConsultTimelineKind, at: string | undefined, by: string, deviceId: string | undefined) => {
			if (at !== undefined) entries.push({ kind, at, by, deviceId, docId: consult._id, createdAt: at });
		};
		step('consult-requested', consult.requestedAt, consult.createdBy, consult.deviceId);
		const physician = consult.acceptedBy ?? consult.updatedBy ?? consult.createdBy;
		step('consult-accepted', consult.acceptedAt, physician, undefined);
		step('call-started', consult.callStartedAt, physician, undefined);
		step('call-ended', consult.callEndedAt, physician, undefined);
		step('consult-closed', consult.closedAt, consult.closedBy ?? physician, undefined);
	}
	const ids = new Set(documents.consults.map((c) => c._id));
	const orders = documents.orders.filter((o) => ids.has(o.consultId));
	const orderIds = new Set(orders.map((o) => o._id));
	for (const order of orders) {
		entries.push({ kind: 'order', at: order.createdAt, by: order.createdBy, deviceId: order.deviceId, docId: order._id, createdAt: order.createdAt, orderKind: order.kind });
	}
	for (const answer of documents.responses) {
		if (!orderIds.has(answer.orderId)) continue;
		const at = answer.outcome === 'done' ? (answer.doneAt ?? answer.createdAt) : answer.createdAt;
		entries.push({ kind: answer.outcome === 'done' ? 'order-done' : 'order-declined', at, by: answer.createdBy, deviceId: answer.deviceId, docId: answer._id, createdAt: answer.createdAt });
	}
	return entries.sort(compareEntries);
}

function statusEntries(mission: Mission, statusEvents: readonly StatusEvent[]): TimelineEntry[] {
	const presses = statusEvents
		.filter((e) => !isPositionReport(e) && (e.missionId === undefined || e.missionId === mission._id))
		.sort(compareStatusEvents);
	/** The press each unit's duplicates are measured from: its last kept one. */
	const lastKept = new Map<string, StatusEvent>();
	const kept: TimelineEntry[] = [];
	for (const press of presses) {
		const previous = lastKept.get(press.unitId);
		if (previous && previous.status === press.status && Date.parse(press.at) - Date.parse(previous.at) <= DUPLICATE_PRESS_MS) continue;
		lastKept.set(press.unitId, press);
		kept.push({ kind: 'status', at: press.at, status: press.status, unitId: press.unitId, by: press.createdBy, deviceId: press.deviceId, docId: press._id, createdAt: press.createdAt });
	}
	return kept;
}

function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
	return compareStatusEvents({ at: a.at, createdAt: a.createdAt, _id: a.docId }, { at: b.at, createdAt: b.createdAt, _id: b.docId });
}

// ---- Intervals --------------------------------------------------------------------------------

export interface MissionIntervals {
	/** Alarm → first status 4 (Eintreffzeit as the crew pressed it). */
	responseMin: number | undefined;
	/** First 4 → first 7 after it. */
	onSceneMin: number | undefined;
	/** First 7 → first 8 after it. */
	transportMin: number | undefined;
	/** Alarm → the last 1 or 2 after the first 8: the unit is available again. Missions without transport have none. */
	totalMin: number | undefined;
}

const MS_PER_MIN = 60_000;

/**
 * Minutes between the milestones, unrounded; undefined when one end is missing. Times come from
 * different clocks (dispatch's for the alarm, the crew's device for presses), so a small
 * negative response time is clock skew and is returned as it is, for people to see.
 */
export function missionIntervals(timeline: readonly TimelineEntry[]): MissionIntervals {
	const sorted = [...timeline].sort(compareEntries);
	const alarm = sorted.find((e) => e.kind === 'alarm');
	const firstStatus = (status: number, after?: TimelineEntry) =>
		sorted.find((e) => e.kind === 'status' && e.status === status && (after === undefined || compareEntries(e, after) > 0));
	const arrived = firstStatus(4);
	const departed = arrived && firstStatus(7, arrived);
	const atDestination = departed && firstStatus(8, departed);
	const available = atDestination && sorted.filter((e) => e.kind === 'status' && e.status !== undefined && isAvailable(e.status) && compareEntries(e, atDestination) > 0).at(-1);
	return {
		responseMin: minutes(alarm, arrived),
		onSceneMin: minutes(arrived, departed),
		transportMin: minutes(departed, atDestination),
		totalMin: minutes(alarm, available)
	};
}

function minutes(from: TimelineEntry | undefined, to: TimelineEntry | undefined): number | undefined {
	if (from === undefined || to === undefined) return undefined;
	return (Date.parse(to.at) - Date.parse(from.at)) / MS_PER_MIN;
}
