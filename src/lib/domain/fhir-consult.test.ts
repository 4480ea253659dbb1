import { describe, expect, it } from 'vitest';
import { buildOrder } from './consult.ts';
import { SCHEMA_VERSION, type Consult, type OrderResponse } from './documents.ts';
import { consultBundle, consultEncounter, consultFhirEntries, medicationRequestOf, ROUTE_CODES, serviceRequestOf, SNOMED_SYSTEM } from './fhir-consult.ts';

// Value sets of the R4 specification (medicationrequest.html, servicerequest.html,
// communication.html, valueset-request-priority.html), written out apart from the mapping.
const MEDICATION_REQUEST_STATUSES = ['active', 'on-hold', 'cancelled', 'completed', 'entered-in-error', 'stopped', 'draft', 'unknown'];
const REQUEST_STATUSES = ['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown'];
const EVENT_STATUSES = ['preparation', 'in-progress', 'not-done', 'on-hold', 'stopped', 'completed', 'entered-in-error', 'unknown'];
const PRIORITIES = ['routine', 'urgent', 'asap', 'stat'];
const ID = /^[A-Za-z0-9\-.]{1,64}$/;

const NOW = new Date('2026-11-24T10:00:00.000Z');
const CONSULT: Consult = {
	_id: 'consult:01JC0NSULT', type: 'consult', schemaVersion: SCHEMA_VERSION, createdAt: '2026-11-24T08:00:00.000Z', createdBy: 'anna', deviceId: 'd',
	reason: 'RR 190/110, Kopfschmerz', urgency: 'sofort', requestedAt: '2026-11-24T08:00:00.000Z', patientId: 'patient:P1', visitId: 'visit:V1',
	acceptedBy: 'dr.berg', acceptedAt: '2026-11-24T08:03:00.000Z'
};
const SUBJECT = { reference: 'Patient/P1', display: 'Erika Muster' };
const at = (minute: number) => new Date(Date.parse('2026-11-24T08:10:00.000Z') + minute * 60_000);
const medication = buildOrder(CONSULT, { kind: 'medication', substance: 'Nitrendipin', dose: '5 mg', route: 'sl' }, 'dr.berg', at(0), 'O1');
const measure = buildOrder(CONSULT, { kind: 'measure', text: 'RR-Kontrolle in 30 min' }, 'dr.berg', at(1), 'O2');
const noTransport = buildOrder(CONSULT, { kind: 'no-transport' }, 'dr.berg', at(2), 'O3');
const finding = buildOrder(CONSULT, { kind: 'finding', text: 'Hypertensive Entgleisung ohne Organzeichen' }, 'dr.berg', at(3), 'O4');
const response = (key: string, orderId: string, extra: Partial<OrderResponse>): OrderResponse => ({
	_id: `orderResponse:01JC0NSULT:${key}`, type: 'orderResponse', schemaVersion: SCHEMA_VERSION, createdAt: at(10).toISOString(), createdBy: 'anna', deviceId: 'd',
	orderId, consultId: CONSULT._id, outcome: 'done', ...extra
});
const done = response('R1', medication._id, { doneAt: at(9).toISOString() });
const declined = response('R2', measure._id, { outcome: 'declined', reason: 'Patientin lehnt ab' });

describe('orders in FHIR', () => {
	it('a medication becomes a MedicationRequest: substance, dose, SNOMED route, signed by the physician, linked to the encounter', () => {
		const resource = medicationRequestOf(medication, CONSULT, [], { subject: SUBJECT, now: NOW });
		expect(resource).toMatchObject({
			resourceType: 'MedicationRequest',
			status: 'active',
			intent: 'order',
			priority: 'stat',
			medicationCodeableConcept: { text: 'Nitrendipin' },
			subject: SUBJECT,
			encounter: { reference: 'Encounter/V1' },
			authoredOn: medication.createdAt,
			requester: { identifier: { value: 'dr.berg' } },
			dosageInstruction: [{ text: '5 mg s.l.', route: { coding: [{ system: SNOMED_SYSTEM, code: ROUTE_CODES.sl.code }] } }]
		});
		expect(MEDICATION_REQUEST_STATUSES).toContain(resource.status);
		expect(resource.id).toMatch(ID);
	});

	it('the field user\'s answer completes or cancels the request, with the reason', () => {
		expect(medicationRequestOf(medication, CONSULT, [done], { subject: SUBJECT, now: NOW }).status).toBe('completed');
		const refused = serviceRequestOf(measure, CONSULT, [declined], { subject: SUBJECT, now: NOW });
		expect(refused).toMatchObject({ status: 'revoked', note: [{ text: 'Abgelehnt: Patientin lehnt ab' }] });
		expect(REQUEST_STATUSES).toContain(refused.status);
	});

	it('a measure and the standing decisions become ServiceRequests in German words', () => {
		expect(serviceRequestOf(measure, CONSULT, [], { subject: SUBJECT, now: NOW }).code).toEqual({ text: 'Maßnahme: RR-Kontrolle in 30 min' });
		expect(serviceRequestOf(noTransport, CONSULT, [], { subject: SUBJECT, now: NOW })).toMatchObject({ resourceType: 'ServiceRequest', code: { text: 'Transport nicht erforderlich' }, encounter: { reference: 'Encounter/V1' } });
	});
});

describe('the consult conversation in FHIR', () => {
	const entries = consultFhirEntries(CONSULT, [finding, noTransport, measure, medication], [declined, done], { subject: SUBJECT, now: NOW });
	const resources = entries.map((e) => e.resource as unknown as Record<string, unknown> & { resourceType: string });

	it('holds the request, the orders in the order written, the finding and the answers', () => {
		expect(resources.map((r) => r.resourceType)).toEqual(['Communication', 'MedicationRequest', 'ServiceRequest', 'ServiceRequest', 'Communication', 'Communication', 'Communication']);
		expect(resources[0]).toMatchObject({ status: 'completed', priority: 'stat', sent: CONSULT.requestedAt, sender: { display: 'anna' }, recipient: [{ display: 'dr.berg' }], payload: [{ contentString: CONSULT.reason }] });
		expect(resources[4]).toMatchObject({ inResponseTo: [{ reference: entries[0].fullUrl }], payload: [{ contentString: finding.text }] });
	});

	it('links every resource to the encounter and the patient, and answers to their order', () => {
		for (const resource of resources) {
			expect(resource.encounter).toEqual({ reference: 'Encounter/V1' });
			expect(resource.subject).toEqual(SUBJECT);
			if (resource.resourceType === 'Communication') expect(EVENT_STATUSES).toContain(resource.status);
			if ('priority' in resource) expect(PRIORITIES).toContain(resource.priority);
		}
		const answerToMedication = resources.find((r) => JSON.stringify(r).includes('Durchgeführt'));
		expect(answerToMedication?.basedOn).toEqual([{ reference: entries[1].fullUrl }]);
	});

	it('gives every entry a unique urn:uuid (or base URL) and a valid id', () => {
		const urls = entries.map((e) => e.fullUrl);
		expect(new Set(urls).size).toBe(urls.length);
		for (const url of urls) expect(url).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
		const based = consultBundle(CONSULT, [medication], [], { subject: SUBJECT, now: NOW, baseUrl: 'https://fhir.example/r4/' });
		expect(based.entry?.map((e) => e.fullUrl)).toEqual(['https://fhir.example/r4/Communication/01JC0NSULT', 'https://fhir.example/r4/MedicationRequest/01JC0NSULT.O1']);
	});

	it('on a mission links to the mission\'s encounter, or to the one the caller names', () => {
		expect(consultEncounter({ missionId: 'mission:M7' })).toEqual({ reference: 'Encounter/M7' });
		const mission = { ...CONSULT, visitId: undefined, missionId: 'mission:M7' };
		const resource = medicationRequestOf(medication, mission, [], { subject: SUBJECT, now: NOW, encounter: { reference: 'urn:uuid:x' } });
		expect(resource.encounter).toEqual({ reference: 'urn:uuid:x' });
	});
});
