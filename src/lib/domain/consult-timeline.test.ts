// A consult in the mission's timeline (Telenotarzt protocol), in the MIST handover and in its FHIR
// document: requested, accepted, call, orders and answers, with their times.
import { describe, expect, it } from 'vitest';
import { buildOrder } from './consult.ts';
import { SCHEMA_VERSION, validateDocument, type Consult, type Mission, type OrderResponse } from './documents.ts';
import { handoverBundle } from './fhir-handover.ts';
import { buildHandover, handoverText, orderedTreatment } from './handover.ts';
import { consultTimeline, missionTimeline } from './mission-timeline.ts';

const t = (hhmm: string) => `2026-11-24T${hhmm}:00.000Z`;
const MISSION: Mission = {
	_id: 'mission:M1', type: 'mission', schemaVersion: SCHEMA_VERSION, createdAt: t('10:00'), createdBy: 'leitstelle', deviceId: 'ils',
	keyword: 'RD 2 – Atemnot', priority: 1, address: 'Markt 1, 07318 Saalfeld', state: 'active', unitId: 'rtw1', alarmedAt: t('10:00')
};
const CONSULT: Consult = {
	_id: 'consult:C1', type: 'consult', schemaVersion: SCHEMA_VERSION, createdAt: t('10:20'), createdBy: 'rtw1', deviceId: 'tablet-rtw1',
	reason: 'SpO₂ 86 %', urgency: 'sofort', requestedAt: t('10:12'), missionId: MISSION._id,
	acceptedBy: 'dr.weber', acceptedAt: t('10:21'), callStartedAt: t('10:22'), callEndedAt: t('10:35'), closedBy: 'dr.weber', closedAt: t('10:40'),
	updatedAt: t('10:40'), updatedBy: 'dr.weber'
};
const salbutamol = buildOrder(CONSULT, { kind: 'medication', substance: 'Salbutamol', dose: '2,5 mg', route: 'inhalation' }, 'dr.weber', new Date(t('10:25')), 'O1');
const oxygen = buildOrder(CONSULT, { kind: 'measure', text: 'O₂ 4 l/min über Nasenbrille' }, 'dr.weber', new Date(t('10:24')), 'O2');
const noTransport = buildOrder(CONSULT, { kind: 'no-transport' }, 'dr.weber', new Date(t('10:34')), 'O3');
const answer = (key: string, orderId: string, extra: Partial<OrderResponse>): OrderResponse => ({
	_id: `orderResponse:C1:${key}`, type: 'orderResponse', schemaVersion: SCHEMA_VERSION, createdAt: t('10:31'), createdBy: 'rtw1', deviceId: 'tablet-rtw1',
	orderId, consultId: CONSULT._id, outcome: 'done', ...extra
});
const RESPONSES = [answer('R1', salbutamol._id, { doneAt: t('10:27') }), answer('R2', oxygen._id, { doneAt: t('10:26') }), answer('R3', noTransport._id, { outcome: 'declined', reason: 'Patientin möchte ins Krankenhaus', createdAt: t('10:36') })];
const DOCS = { consults: [CONSULT], orders: [salbutamol, oxygen, noTransport], responses: RESPONSES };

describe('the consult in the timeline', () => {
	it('lists every step with its time, the request at the time asked on the device', () => {
		expect(consultTimeline(DOCS).map((e) => [e.kind, e.at.slice(11, 16), e.by])).toEqual([
			['consult-requested', '10:12', 'rtw1'],
			['consult-accepted', '10:21', 'dr.weber'],
			['call-started', '10:22', 'dr.weber'],
			['order', '10:24', 'dr.weber'],
			['order', '10:25', 'dr.weber'],
			['order-done', '10:26', 'rtw1'],
			['order-done', '10:27', 'rtw1'],
			['order', '10:34', 'dr.weber'],
			['call-ended', '10:35', 'dr.weber'],
			['order-declined', '10:36', 'rtw1'],
			['consult-closed', '10:40', 'dr.weber']
		]);
	});

	it('joins the mission\'s timeline, and only for consults of that mission', () => {
		const other = { ...CONSULT, _id: 'consult:C2', missionId: 'mission:M2' };
		const timeline = missionTimeline(MISSION, [], [], { ...DOCS, consults: [CONSULT, other] });
		expect(timeline[0].kind).toBe('alarm');
		expect(timeline.filter((e) => e.kind === 'consult-requested').map((e) => e.docId)).toEqual(['consult:C1']);
		expect(missionTimeline(MISSION, [], []).map((e) => e.kind)).toEqual(['alarm']);
	});
});

describe('the consult in the MIST handover', () => {
	it('counts the orders the crew carried out as treatment, at the time done, naming the physician', () => {
		expect(orderedTreatment(MISSION, DOCS)).toEqual([
			{ kind: 'medication', text: 'Salbutamol', dose: '2,5 mg inhalativ', at: t('10:27'), by: 'rtw1', noteId: salbutamol._id, orderedBy: 'dr.weber' },
			{ kind: 'measure', text: 'O₂ 4 l/min über Nasenbrille', at: t('10:26'), by: 'rtw1', noteId: oxygen._id, orderedBy: 'dr.weber' }
		]);
		const summary = buildHandover(MISSION, [], [], new Date(t('10:45')), DOCS);
		expect(summary.treatment.map((i) => i.text)).toEqual(['O₂ 4 l/min über Nasenbrille', 'Salbutamol']);
		const text = handoverText(summary, { number: (v) => String(v), time: (at) => at.slice(11, 16) });
		expect(text.treatment).toBe('10:26 Maßnahme: O₂ 4 l/min über Nasenbrille (ärztl. Anordnung dr.weber)\n10:27 Medikament: Salbutamol – 2,5 mg inhalativ (ärztl. Anordnung dr.weber)');
	});

	it('leaves an order out until it is carried out, and a declined one altogether', () => {
		expect(orderedTreatment(MISSION, { orders: DOCS.orders, responses: [] })).toEqual([]);
		expect(orderedTreatment(MISSION, { orders: [noTransport], responses: RESPONSES })).toEqual([]);
	});

	it('puts them into the FHIR document as MedicationAdministration and Procedure', () => {
		const summary = buildHandover(MISSION, [], [], new Date(t('10:45')), DOCS);
		const bundle = handoverBundle(MISSION, summary, [], [], { now: new Date(t('10:45')) });
		const types = (bundle.entry ?? []).map((e) => e.resource?.resourceType);
		expect(types).toContain('MedicationAdministration');
		expect(types).toContain('Procedure');
		const documents = [...DOCS.orders, ...DOCS.responses, CONSULT].map((doc) => validateDocument(doc).ok);
		expect(documents.every(Boolean)).toBe(true);
	});

	it('carries the orders and the conversation in the FHIR document, every reference resolved inside it', () => {
		const summary = buildHandover(MISSION, [], [], new Date(t('10:45')), DOCS);
		const bundle = handoverBundle(MISSION, summary, [], [], { now: new Date(t('10:45')), consults: DOCS });
		const entries = bundle.entry ?? [];
		const types = entries.map((e) => e.resource?.resourceType);
		expect(types.filter((type) => type === 'MedicationRequest')).toHaveLength(1);
		expect(types.filter((type) => type === 'ServiceRequest')).toHaveLength(2);
		expect(types.filter((type) => type === 'Communication')).toHaveLength(4);
		const urls = new Set(entries.map((e) => e.fullUrl));
		const references = JSON.stringify(bundle).match(/"reference":"[^"]+"/g) ?? [];
		for (const reference of references) expect(urls).toContain(reference.slice('"reference":"'.length, -1));
		const section = (bundle.entry?.[0].resource as { section: { title: string; entry?: { reference: string }[] }[] }).section.find((s) => s.title.startsWith('T'));
		expect(section?.entry?.length).toBe(2 + 7);
		expect(JSON.stringify(bundle)).not.toContain('Encounter/');
	});
});
