// The field side of a consult: the request as the nurse or crew sends it (reason, urgency, the
// latest vital signs with NEWS2 attached), what the field screen says about it, and the answers to
// the physician's orders. Pure: the caller passes documents, the clock and the keys.
import { MAX_CONSULT_VITALS, SCHEMA_VERSION, type Consult, type ConsultUrgency, type Observation, type Order, type OrderResponse, type Patient } from './documents.ts';
import { fhirIdOf, observationsToFhirBundle, uuidOf, type FhirBundle, type FhirExportOptions, type FhirReference } from './fhir.ts';
import { orderResponseDocId } from './consult.ts';
import { consultFhirEntries } from './fhir-consult.ts';
import type { ConsultDocuments } from './mission-timeline.ts';
import { docId } from './ids.ts';
import { latestNews2Inputs, news2Score } from './news2.ts';
import { compareCodeUnits } from './text-order.ts';

/** Vital signs older than this are not "current": the request carries none of them (as NEWS2 on the vitals screen). */
export const CONSULT_VITALS_WINDOW_MIN = 60;

export interface ConsultRequestInput {
	/** The key of the new consult (a ULID): `consult:<key>`. */
	key: string;
	reason: string;
	urgency: ConsultUrgency;
	patientId?: string;
	visitId?: string;
	missionId?: string;
	/** The patient's (or the mission's) observations; the latest of each code in the window go along. */
	observations: readonly Observation[];
	createdBy: string;
	deviceId: string;
	/** The device's time: the request keeps it however late it reaches the server. */
	now: Date;
}

/** The latest reading of each vital sign within the window, newest first, corrections respected. */
export function currentVitals(observations: readonly Observation[], now: Date, windowMin = CONSULT_VITALS_WINDOW_MIN): NonNullable<Consult['vitals']> {
	const from = now.getTime() - windowMin * 60_000;
	const replaced = new Set(observations.flatMap((o) => (o.replaces ? [o.replaces] : [])));
	const latest = new Map<string, Observation>();
	for (const observation of observations) {
		const at = Date.parse(observation.effectiveAt);
		if (replaced.has(observation._id) || !(at >= from)) continue;
		const best = latest.get(observation.code);
		if (best && (Date.parse(best.effectiveAt) > at || (Date.parse(best.effectiveAt) === at && best._id > observation._id))) continue;
		latest.set(observation.code, observation);
	}
	return [...latest.values()]
		.sort((a, b) => Date.parse(b.effectiveAt) - Date.parse(a.effectiveAt) || (a.code < b.code ? -1 : 1))
		.slice(0, MAX_CONSULT_VITALS)
		.map((o) => ({ observationId: o._id, code: o.code, value: o.value, unit: o.unit, effectiveAt: o.effectiveAt }));
}

/** The consult document of a request: vital signs and NEWS2 (its total only when every parameter is there). */
export function buildConsultRequest(input: ConsultRequestInput): Consult {
	const at = input.now.toISOString();
	const vitals = currentVitals(input.observations, input.now);
	const { input: news2Input } = latestNews2Inputs(input.observations, input.now, CONSULT_VITALS_WINDOW_MIN);
	const news2 = news2Score(news2Input);
	const scored = Object.keys(news2.scores).length > 0;
	return {
		_id: docId('consult', input.key),
		type: 'consult',
		schemaVersion: SCHEMA_VERSION,
		createdAt: at,
		createdBy: input.createdBy,
		deviceId: input.deviceId,
		reason: input.reason.trim(),
		urgency: input.urgency,
		requestedAt: at,
		...(input.patientId ? { patientId: input.patientId } : {}),
		...(input.visitId ? { visitId: input.visitId } : {}),
		...(input.missionId ? { missionId: input.missionId } : {}),
		...(vitals.length ? { vitals } : {}),
		...(news2.complete ? { news2Score: news2.total } : {}),
		...(scored ? { news2: { ...news2.scores } } : {})
	};
}

/** What the field screen says: not yet on the server, waiting for a physician, accepted, closed. */
export type ConsultFieldState = 'unsent' | 'waiting' | 'accepted' | 'closed';

export function consultFieldState(consult: Pick<Consult, 'acceptedBy' | 'closedAt'>, unsent: boolean): ConsultFieldState {
	if (consult.closedAt !== undefined) return 'closed';
	if (consult.acceptedBy !== undefined) return 'accepted';
	return unsent ? 'unsent' : 'waiting';
}

/** An order with the field user's answer to it (the latest, should there be several). */
export interface AnsweredOrder {
	order: Order;
	answer?: OrderResponse;
}

/** The orders of one consult in the order written, each with its latest answer. */
export function ordersWithAnswers(consultId: string, orders: readonly Order[], responses: readonly OrderResponse[]): AnsweredOrder[] {
	return orders
		.filter((o) => o.consultId === consultId)
		.sort((a, b) => compareCodeUnits(a.createdAt, b.createdAt) || (a._id < b._id ? -1 : 1))
		.map((order) => {
			const answer = responses
				.filter((r) => r.orderId === order._id)
				.sort((a, b) => compareCodeUnits(a.createdAt, b.createdAt) || (a._id < b._id ? -1 : 1))
				.at(-1);
			return answer ? { order, answer } : { order };
		});
}

export type OrderAnswerInput = { outcome: 'done'; doneAt: Date } | { outcome: 'declined'; reason: string };

/** The field user's answer: carried out at a time, or declined with a reason (append-only). */
export function buildOrderResponse(order: Pick<Order, '_id' | 'consultId'>, answer: OrderAnswerInput, author: { createdBy: string; deviceId: string; now: Date; key: string }): OrderResponse {
	return {
		_id: orderResponseDocId(order.consultId, author.key),
		type: 'orderResponse',
		schemaVersion: SCHEMA_VERSION,
		createdAt: author.now.toISOString(),
		createdBy: author.createdBy,
		deviceId: author.deviceId,
		orderId: order._id,
		consultId: order.consultId,
		...(answer.outcome === 'done' ? { outcome: 'done' as const, doneAt: answer.doneAt.toISOString() } : { outcome: 'declined' as const, reason: answer.reason.trim() })
	};
}

// ---- FHIR export of a patient with the consults --------------------------------------------------

/** FHIR v3 ActCode for a home visit's encounter. */
const HOME_HEALTH = { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'HH', display: 'home health' } as const;

/**
 * The patient's export (vital signs, fhir.ts) with every consult of the patient: the request, the
 * orders (MedicationRequest / ServiceRequest) and the answers, each linked to an Encounter of the
 * visit it was asked on, which the Bundle carries so that the reference resolves.
 */
export function patientBundleWithConsults(patient: Patient, observations: Observation[], documents: ConsultDocuments, options: FhirExportOptions): FhirBundle {
	const bundle = observationsToFhirBundle(patient, observations, options);
	const base = options.baseUrl?.replace(/\/+$/, '');
	const urlOf = (type: string, id: string) => (base ? `${base}/${type}/${fhirIdOf(id)}` : `urn:uuid:${uuidOf(id)}`);
	const referenceOf = (type: string, id: string) => (base ? `${type}/${fhirIdOf(id)}` : urlOf(type, id));
	const subject: FhirReference = { reference: referenceOf('Patient', patient._id), display: `${patient.firstName} ${patient.lastName}` };
	const entries = [...(bundle.entry ?? [])];
	const encounters = new Set<string>();
	const consults = documents.consults.filter((c) => c.patientId === patient._id).sort((a, b) => compareCodeUnits(a.requestedAt, b.requestedAt));
	for (const consult of consults) {
		let encounter: FhirReference | null = null;
		if (consult.visitId) {
			encounter = { reference: referenceOf('Encounter', consult.visitId) };
			if (!encounters.has(consult.visitId)) {
				encounters.add(consult.visitId);
				entries.push({ fullUrl: urlOf('Encounter', consult.visitId), resource: { resourceType: 'Encounter', id: fhirIdOf(consult.visitId), status: 'unknown', class: { ...HOME_HEALTH }, subject } });
			}
		}
		entries.push(...consultFhirEntries(consult, documents.orders, documents.responses, { subject, encounter, now: options.now, ...(base ? { baseUrl: base } : {}) }));
	}
	return { ...bundle, entry: entries };
}

/** A clock time later than this ahead of now means the day before (an order carried out before midnight). */
const DONE_AT_AHEAD_MIN = 15;

/** When an order was carried out, from the clock time the field user confirms ("23:50" just after midnight is yesterday); undefined when not a time. */
export function doneAtFromClock(clock: string, now: Date): Date | undefined {
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(clock);
	if (!match) return undefined;
	const at = new Date(now);
	at.setHours(Number(match[1]), Number(match[2]), 0, 0);
	if (at.getTime() - now.getTime() > DONE_AT_AHEAD_MIN * 60_000) at.setDate(at.getDate() - 1);
	return at;
}
