// A consult in FHIR R4: a medication order as a MedicationRequest, every other order as a
// ServiceRequest, and the conversation — the field user's request, the physician's findings, the
// field user's answers to orders — as Communications; all about the patient and linked to the
// encounter (the visit or the mission) the consult was asked on.
import type * as fhir4 from 'fhir/r4';
import type { Consult, MedicationRoute, Order, OrderKind, OrderResponse } from './documents.ts';
import { fhirIdOf, uuidOf, type FhirBundle, type FhirBundleEntry, type FhirExportOptions, type FhirReference } from './fhir.ts';
import { compareCodeUnits } from './text-order.ts';

export const SNOMED_SYSTEM = 'http://snomed.info/sct';
/** Who signed: the FieldCare account, as an identifier (there is no Practitioner resource of it). */
export const FIELDCARE_USER_SYSTEM = 'urn:fieldcare:user';

/** SNOMED CT route of administration (FHIR value set route-codes). */
export const ROUTE_CODES: Readonly<Record<MedicationRoute, { code: string; display: string; text: string }>> = {
	iv: { code: '47625008', display: 'Intravenous route', text: 'i.v.' },
	im: { code: '78421000', display: 'Intramuscular route', text: 'i.m.' },
	sc: { code: '34206005', display: 'Subcutaneous route', text: 's.c.' },
	po: { code: '26643006', display: 'Oral route', text: 'p.o.' },
	sl: { code: '37839007', display: 'Sublingual route', text: 's.l.' },
	nasal: { code: '46713006', display: 'Nasal route', text: 'nasal' },
	inhalation: { code: '447694001', display: 'Respiratory tract route', text: 'inhalativ' },
	rectal: { code: '37161004', display: 'Rectal route', text: 'rektal' },
	io: { code: '60213007', display: 'Intraosseous route', text: 'i.o.' },
	transdermal: { code: '45890007', display: 'Transdermal route', text: 'transdermal' }
};

/** The words of the standing orders (German, the record's language). */
export const ORDER_KIND_TEXT: Readonly<Record<Exclude<OrderKind, 'medication'>, string>> = {
	measure: 'Maßnahme',
	'no-transport': 'Transport nicht erforderlich',
	'gp-visit-tomorrow': 'Hausarztbesuch morgen',
	finding: 'Befund'
};

/** FHIR request priority: "sofort" is stat, "heute" urgent. */
const PRIORITY: Readonly<Record<Consult['urgency'], 'stat' | 'urgent'>> = { sofort: 'stat', heute: 'urgent' };

export interface ConsultFhirContext extends FhirExportOptions {
	/** The patient: a home-care patient, or the mission's patient of the handover. */
	subject: FhirReference;
	/** The encounter the consult belongs to; by default `Encounter/<id of the visit or mission>`; `null` for none (a document without an Encounter resource). */
	encounter?: FhirReference | null;
}

/** The encounter of a consult's visit or mission, as the exports name it. */
export function consultEncounter(consult: Pick<Consult, 'visitId' | 'missionId'>): FhirReference | undefined {
	const on = consult.visitId ?? consult.missionId;
	return on === undefined ? undefined : { reference: `Encounter/${fhirIdOf(on)}` };
}

function account(username: string): FhirReference {
	return { identifier: { system: FIELDCARE_USER_SYSTEM, value: username }, display: username };
}

function fullUrlOf(type: string, docId: string, base: string | undefined): string {
	return base ? `${base}/${type}/${fhirIdOf(docId)}` : `urn:uuid:${uuidOf(docId)}`;
}

/** What the field user's answers make of an order: carried out, declined (with the reason), or still open. */
function statusOf(order: Order, responses: readonly OrderResponse[]): { status: 'active' | 'completed' | 'cancelled'; reason?: string; doneAt?: string } {
	const answers = responses.filter((r) => r.orderId === order._id).sort((a, b) => compareCodeUnits(a.createdAt, b.createdAt));
	const last = answers.at(-1);
	if (!last) return { status: 'active' };
	return last.outcome === 'done' ? { status: 'completed', ...(last.doneAt ? { doneAt: last.doneAt } : {}) } : { status: 'cancelled', ...(last.reason ? { reason: last.reason } : {}) };
}

function encounterOf(consult: Consult, context: ConsultFhirContext): { encounter?: FhirReference } {
	const encounter = context.encounter === undefined ? consultEncounter(consult) : context.encounter;
	return encounter ? { encounter } : {};
}

export function medicationRequestOf(order: Order, consult: Consult, responses: readonly OrderResponse[], context: ConsultFhirContext): fhir4.MedicationRequest {
	const { status, reason } = statusOf(order, responses);
	const route = order.route ? ROUTE_CODES[order.route] : undefined;
	const dosage: fhir4.Dosage = {
		text: [order.dose, route?.text, order.text].filter(Boolean).join(' '),
		...(route ? { route: { coding: [{ system: SNOMED_SYSTEM, code: route.code, display: route.display }], text: route.text } } : {}),
		...(order.dueAt ? { timing: { event: [order.dueAt] } } : {})
	};
	return {
		resourceType: 'MedicationRequest',
		id: fhirIdOf(order._id),
		status,
		...(reason ? { statusReason: { text: reason } } : {}),
		intent: 'order',
		priority: PRIORITY[consult.urgency],
		medicationCodeableConcept: { text: order.substance ?? '' },
		subject: context.subject,
		...encounterOf(consult, context),
		authoredOn: order.createdAt,
		requester: account(order.createdBy),
		dosageInstruction: [dosage]
	};
}

export function serviceRequestOf(order: Order, consult: Consult, responses: readonly OrderResponse[], context: ConsultFhirContext): fhir4.ServiceRequest {
	const { status, reason } = statusOf(order, responses);
	const kind = order.kind === 'medication' ? 'measure' : order.kind;
	return {
		resourceType: 'ServiceRequest',
		id: fhirIdOf(order._id),
		status: status === 'cancelled' ? 'revoked' : status,
		intent: 'order',
		priority: PRIORITY[consult.urgency],
		code: { text: order.text ? `${ORDER_KIND_TEXT[kind]}: ${order.text}` : ORDER_KIND_TEXT[kind] },
		subject: context.subject,
		...encounterOf(consult, context),
		...(order.dueAt ? { occurrenceDateTime: order.dueAt } : {}),
		authoredOn: order.createdAt,
		requester: account(order.createdBy),
		...(reason ? { note: [{ text: `Abgelehnt: ${reason}` }] } : {})
	};
}

function communication(id: string, consult: Consult, context: ConsultFhirContext, fields: Omit<fhir4.Communication, 'resourceType' | 'id' | 'status' | 'subject' | 'encounter'>): fhir4.Communication {
	return { resourceType: 'Communication', id, status: 'completed', subject: context.subject, ...encounterOf(consult, context), ...fields };
}

/** Every resource of a consult, for a Bundle of the visit or the mission: the conversation and the orders. */
export function consultFhirEntries(consult: Consult, orders: readonly Order[], responses: readonly OrderResponse[], context: ConsultFhirContext): FhirBundleEntry[] {
	const base = context.baseUrl?.replace(/\/+$/, '');
	const own = orders.filter((o) => o.consultId === consult._id).sort((a, b) => compareCodeUnits(a.createdAt, b.createdAt) || compareCodeUnits(a._id, b._id));
	const urlOf = new Map(own.map((o) => [o._id, fullUrlOf(o.kind === 'medication' ? 'MedicationRequest' : o.kind === 'finding' ? 'Communication' : 'ServiceRequest', o._id, base)]));
	const requestUrl = fullUrlOf('Communication', consult._id, base);
	const entries: FhirBundleEntry[] = [
		{
			fullUrl: requestUrl,
			resource: communication(fhirIdOf(consult._id), consult, context, {
				category: [{ text: 'Konsilanforderung' }],
				priority: PRIORITY[consult.urgency],
				sent: consult.requestedAt,
				sender: account(consult.createdBy),
				...(consult.acceptedBy ? { recipient: [account(consult.acceptedBy)], received: consult.acceptedAt } : {}),
				payload: [{ contentString: consult.reason }]
			})
		}
	];
	for (const order of own) {
		const fullUrl = urlOf.get(order._id) ?? '';
		if (order.kind === 'finding') {
			entries.push({
				fullUrl,
				resource: communication(fhirIdOf(order._id), consult, context, {
					category: [{ text: 'Ärztlicher Befund' }],
					inResponseTo: [{ reference: requestUrl }],
					sent: order.createdAt,
					sender: account(order.createdBy),
					recipient: [account(consult.createdBy)],
					payload: [{ contentString: order.text ?? '' }]
				})
			});
		} else if (order.kind === 'medication') entries.push({ fullUrl, resource: medicationRequestOf(order, consult, responses, context) });
		else entries.push({ fullUrl, resource: serviceRequestOf(order, consult, responses, context) });
	}
	const answers = responses.filter((r) => urlOf.has(r.orderId)).sort((a, b) => compareCodeUnits(a.createdAt, b.createdAt) || compareCodeUnits(a._id, b._id));
	for (const answer of answers) {
		entries.push({
			fullUrl: fullUrlOf('Communication', answer._id, base),
			resource: communication(fhirIdOf(answer._id), consult, context, {
				category: [{ text: 'Rückmeldung zur Anordnung' }],
				basedOn: [{ reference: urlOf.get(answer.orderId) ?? '' }],
				sent: answer.createdAt,
				sender: account(answer.createdBy),
				payload: [{ contentString: answer.outcome === 'done' ? `Durchgeführt ${answer.doneAt ?? answer.createdAt}` : `Abgelehnt: ${answer.reason ?? ''}` }]
			})
		});
	}
	return entries;
}

/** A consult on its own as a FHIR collection Bundle. */
export function consultBundle(consult: Consult, orders: readonly Order[], responses: readonly OrderResponse[], context: ConsultFhirContext): FhirBundle {
	return { resourceType: 'Bundle', type: 'collection', timestamp: context.now.toISOString(), entry: consultFhirEntries(consult, orders, responses, context) };
}
