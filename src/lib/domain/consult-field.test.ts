import { describe, expect, it } from 'vitest';
import { buildConsultRequest, buildOrderResponse, consultFieldState, currentVitals, doneAtFromClock, ordersWithAnswers, patientBundleWithConsults } from './consult-field.ts';
import type { Patient } from './documents.ts';
import { orderResponseDocId } from './consult.ts';
import { validateDocument, type Observation, type Order, type OrderResponse } from './documents.ts';

const NOW = new Date('2026-12-06T10:00:00.000Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

function observation(key: string, code: string, value: number, unit: string, minutes: number, extra: Partial<Observation> = {}): Observation {
	return { _id: `observation:p1:${key}`, type: 'observation', schemaVersion: 1, createdAt: minutesAgo(minutes), createdBy: 'anna', deviceId: 'd1', patientId: 'patient:p1', code, value, unit, effectiveAt: minutesAgo(minutes), ...extra };
}

const PULSE = '8867-4';
const SYSTOLIC = '8480-6';

describe('currentVitals', () => {
	it('takes the latest reading of each sign within the hour, newest first', () => {
		const vitals = currentVitals([observation('a', PULSE, 80, '/min', 30), observation('b', PULSE, 96, '/min', 5), observation('c', SYSTOLIC, 150, 'mm[Hg]', 10), observation('d', '8310-5', 37, 'Cel', 90)], NOW);
		expect(vitals.map((v) => [v.code, v.value])).toEqual([[PULSE, 96], [SYSTOLIC, 150]]);
		expect(vitals[0]).toMatchObject({ observationId: 'observation:p1:b', unit: '/min', effectiveAt: minutesAgo(5) });
	});

	it('leaves out a reading that a correction replaced', () => {
		const vitals = currentVitals([observation('a', PULSE, 80, '/min', 30), observation('b', PULSE, 180, '/min', 5), observation('c', PULSE, 81, '/min', 4, { replaces: 'observation:p1:b' })], NOW);
		expect(vitals.map((v) => v.value)).toEqual([81]);
	});
});

describe('buildConsultRequest', () => {
	const base = { key: '01JEXAMPLE0000000000000000', reason: '  Blutdruck hoch  ', urgency: 'heute' as const, patientId: 'patient:p1', visitId: 'visit:v1', createdBy: 'anna', deviceId: 'd1', now: NOW };

	it('is a valid consult stamped with the device time, the vitals and the NEWS2 parameter scores attached', () => {
		const consult = buildConsultRequest({ ...base, observations: [observation('a', SYSTOLIC, 95, 'mm[Hg]', 5), observation('b', PULSE, 120, '/min', 5)] });
		expect(validateDocument(consult).ok).toBe(true);
		expect(consult).toMatchObject({ _id: 'consult:01JEXAMPLE0000000000000000', reason: 'Blutdruck hoch', requestedAt: NOW.toISOString(), createdAt: NOW.toISOString(), visitId: 'visit:v1' });
		expect(consult.vitals).toHaveLength(2);
		expect(consult.news2).toEqual({ systolic: 2, pulse: 2 });
		// Four parameters missing: a total would understate the patient's state.
		expect(consult.news2Score).toBeUndefined();
	});

	it('carries the NEWS2 total when every parameter is there', () => {
		const observations = [
			observation('rr', '9279-1', 22, '/min', 5), observation('sp', '59408-5', 95, '%', 5), observation('sy', SYSTOLIC, 120, 'mm[Hg]', 5),
			observation('pu', PULSE, 80, '/min', 5), observation('te', '8310-5', 37, 'Cel', 5)
		];
		const full = buildConsultRequest({ ...base, observations });
		// Consciousness and air/oxygen are entered by hand on the vitals screen, not stored: partial.
		expect(full.news2Score).toBeUndefined();
		expect(full.news2).toMatchObject({ respiratoryRate: 2, spo2: 1 });
	});

	it('on a mission without vitals: neither vitals nor NEWS2', () => {
		const consult = buildConsultRequest({ ...base, patientId: undefined, visitId: undefined, missionId: 'mission:m1', urgency: 'sofort', observations: [] });
		expect(validateDocument(consult).ok).toBe(true);
		expect(consult).not.toHaveProperty('vitals');
		expect(consult).not.toHaveProperty('news2');
		expect(consult.missionId).toBe('mission:m1');
	});
});

describe('consultFieldState', () => {
	it('says unsent, waiting, accepted or closed', () => {
		expect(consultFieldState({}, true)).toBe('unsent');
		expect(consultFieldState({}, false)).toBe('waiting');
		expect(consultFieldState({ acceptedBy: 'dr.berg' }, true)).toBe('accepted');
		expect(consultFieldState({ acceptedBy: 'dr.berg', closedAt: NOW.toISOString() }, false)).toBe('closed');
	});
});

describe('orders and answers', () => {
	const order = (key: string, minutes: number): Order => ({ _id: `order:c1:${key}`, type: 'order', schemaVersion: 1, createdAt: minutesAgo(minutes), createdBy: 'dr.berg', deviceId: 'fieldcare-server', consultId: 'consult:c1', kind: 'gp-visit-tomorrow' });

	it('lists a consult\'s orders as written, each with its latest answer', () => {
		const done = buildOrderResponse(order('b', 5), { outcome: 'done', doneAt: new Date(minutesAgo(2)) }, { createdBy: 'anna', deviceId: 'd1', now: new Date(minutesAgo(1)), key: 'K1' });
		const declinedEarlier = buildOrderResponse(order('b', 5), { outcome: 'declined', reason: 'x' }, { createdBy: 'anna', deviceId: 'd1', now: new Date(minutesAgo(3)), key: 'K0' });
		const other: Order = { ...order('z', 1), consultId: 'consult:c2' };
		const list = ordersWithAnswers('consult:c1', [order('b', 5), other, order('a', 10)], [done, declinedEarlier] as OrderResponse[]);
		expect(list.map((entry) => [entry.order._id, entry.answer?._id])).toEqual([['order:c1:a', undefined], ['order:c1:b', 'orderResponse:c1:K1']]);
	});

	it('builds valid answers: carried out at a time, declined with a reason', () => {
		const author = { createdBy: 'anna', deviceId: 'd1', now: NOW, key: '01JEXAMPLE0000000000000001' };
		const done = buildOrderResponse(order('a', 5), { outcome: 'done', doneAt: new Date(minutesAgo(3)) }, author);
		expect(validateDocument(done).ok).toBe(true);
		expect(done._id).toBe(orderResponseDocId('consult:c1', '01JEXAMPLE0000000000000001'));
		expect(done).toMatchObject({ _id: 'orderResponse:c1:01JEXAMPLE0000000000000001', orderId: 'order:c1:a', consultId: 'consult:c1', outcome: 'done', doneAt: minutesAgo(3) });
		const declined = buildOrderResponse(order('a', 5), { outcome: 'declined', reason: ' Patientin lehnt ab ' }, author);
		expect(validateDocument(declined).ok).toBe(true);
		expect(declined).toMatchObject({ outcome: 'declined', reason: 'Patientin lehnt ab' });
		expect(declined).not.toHaveProperty('doneAt');
	});
});

describe('patientBundleWithConsults', () => {
	const patient: Patient = {
		_id: 'patient:p1', type: 'patient', schemaVersion: 1, createdAt: minutesAgo(600), createdBy: 'anna', deviceId: 'd1',
		firstName: 'Erna', lastName: 'Beispiel', birthDate: '1940-01-01', sex: 'female', address: { street: 'Weg 1', postalCode: '07318', city: 'Saalfeld' }
	};
	const consult = buildConsultRequest({ key: 'C1', reason: 'RR hoch', urgency: 'heute', patientId: 'patient:p1', visitId: 'visit:v1', observations: [], createdBy: 'anna', deviceId: 'd1', now: new Date(minutesAgo(30)) });
	const order: Order = { _id: 'order:C1:O1', type: 'order', schemaVersion: 1, createdAt: minutesAgo(20), createdBy: 'dr.berg', deviceId: 'fieldcare-server', consultId: consult._id, patientId: 'patient:p1', visitId: 'visit:v1', kind: 'medication', substance: 'Nitrendipin', dose: '5 mg', route: 'sl' };
	const done = buildOrderResponse(order, { outcome: 'done', doneAt: new Date(minutesAgo(10)) }, { createdBy: 'anna', deviceId: 'd1', now: new Date(minutesAgo(9)), key: 'R1' });

	it('adds the request, the order and its answer, linked to an Encounter of the visit that the Bundle holds', () => {
		const bundle = patientBundleWithConsults(patient, [], { consults: [consult], orders: [order], responses: [done] }, { now: NOW });
		const resources = (bundle.entry ?? []).map((e) => e.resource!);
		expect(resources.map((r) => r.resourceType)).toEqual(['Patient', 'Encounter', 'Communication', 'MedicationRequest', 'Communication']);
		const request = resources[3] as { status: string; encounter?: { reference?: string }; subject?: { reference?: string } };
		expect(request.status).toBe('completed');
		const urls = new Set((bundle.entry ?? []).map((e) => e.fullUrl));
		expect(urls.has(request.encounter?.reference)).toBe(true);
		expect(urls.has(request.subject?.reference)).toBe(true);
		expect(JSON.stringify(resources[4])).toContain('Durchgeführt');
	});

	it('leaves out the consults of other patients', () => {
		const bundle = patientBundleWithConsults(patient, [], { consults: [{ ...consult, patientId: 'patient:p2' }], orders: [order], responses: [] }, { now: NOW });
		expect((bundle.entry ?? []).map((e) => e.resource!.resourceType)).toEqual(['Patient']);
	});
});

describe('doneAtFromClock', () => {
	const now = new Date(2026, 11, 6, 0, 5);
	it('is today at that time, or yesterday for a time well after now', () => {
		expect(doneAtFromClock('00:01', now)).toEqual(new Date(2026, 11, 6, 0, 1));
		expect(doneAtFromClock('00:15', now)).toEqual(new Date(2026, 11, 6, 0, 15));
		expect(doneAtFromClock('23:50', now)).toEqual(new Date(2026, 11, 5, 23, 50));
	});
	it('refuses what is no time', () => {
		expect(doneAtFromClock('24:00', now)).toBeUndefined();
		expect(doneAtFromClock('', now)).toBeUndefined();
	});
});

