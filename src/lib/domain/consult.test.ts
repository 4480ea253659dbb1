import { describe, expect, it } from 'vitest';
import { sampleDocument } from '../../../tests/support/documents.ts';
import { acceptConsult, buildOrder, closeConsult, consultNotice, consultQueue, consultRange, consultState, holdsConsult, orderDocId, recordCall } from './consult.ts';
import { validateDocument, type Consult } from './documents.ts';

const NOW = new Date('2026-11-24T09:00:00.000Z');
const consult = (key: string, extra: Partial<Consult> = {}): Consult => ({ ...(sampleDocument('consult', key, 'anna') as Consult), ...extra });

describe('the course of a consult', () => {
	it('is accepted by exactly one physician', () => {
		const first = acceptConsult(consult('c'), 'dr.berg', NOW);
		expect(first).toMatchObject({ ok: true, consult: { acceptedBy: 'dr.berg', acceptedAt: NOW.toISOString(), updatedBy: 'dr.berg' } });
		if (!first.ok) return;
		expect(consultState(first.consult)).toBe('accepted');
		expect(acceptConsult(first.consult, 'dr.hain', NOW)).toMatchObject({ ok: false, error: 'conflict' });
		expect(acceptConsult(first.consult, 'dr.berg', NOW)).toMatchObject({ ok: true, unchanged: true });
	});

	it('refuses call and close to anyone but the accepting physician, and everything once closed', () => {
		const open = consult('c', { acceptedBy: 'dr.berg', acceptedAt: NOW.toISOString() });
		expect(recordCall(open, 'dr.hain', 'started', NOW)).toMatchObject({ ok: false, error: 'forbidden' });
		expect(recordCall(consult('u'), 'dr.berg', 'started', NOW)).toMatchObject({ ok: false, error: 'forbidden' });
		expect(recordCall(open, 'dr.berg', 'ended', NOW)).toMatchObject({ ok: false, error: 'conflict' });
		const started = recordCall(open, 'dr.berg', 'started', NOW);
		expect(started).toMatchObject({ ok: true, consult: { callStartedAt: NOW.toISOString() } });
		const closed = closeConsult(open, 'dr.berg', NOW);
		expect(closed).toMatchObject({ ok: true, consult: { closedBy: 'dr.berg' } });
		if (!closed.ok) return;
		expect(holdsConsult(closed.consult, 'dr.berg')).toBe(false);
		expect(acceptConsult(closed.consult, 'dr.berg', NOW)).toMatchObject({ ok: false, error: 'conflict' });
		expect(closeConsult(closed.consult, 'dr.berg', NOW)).toMatchObject({ ok: false, error: 'forbidden' });
	});

	it('keeps every revision valid against the schema', () => {
		const accepted = acceptConsult(consult('c'), 'dr.berg', NOW);
		if (!accepted.ok) throw new Error('not accepted');
		const closed = closeConsult(accepted.consult, 'dr.berg', NOW);
		if (!closed.ok) throw new Error('not closed');
		expect(validateDocument(accepted.consult)).toMatchObject({ ok: true });
		expect(validateDocument(closed.consult)).toMatchObject({ ok: true });
	});
});

describe('the queue', () => {
	it('orders by urgency, then by the time asked on the device; shows only open ones and the own accepted', () => {
		const entries = consultQueue(
			[
				{ team: 'a', consult: consult('late-today', { urgency: 'heute', requestedAt: '2026-11-24T08:30:00.000Z' }) },
				{ team: 'a', consult: consult('early-today', { urgency: 'heute', requestedAt: '2026-11-24T06:00:00.000Z' }) },
				{ team: 'b', consult: consult('now', { urgency: 'sofort', requestedAt: '2026-11-24T08:50:00.000Z' }) },
				{ team: 'b', consult: consult('mine', { urgency: 'heute', requestedAt: '2026-11-24T05:00:00.000Z', acceptedBy: 'dr.berg', acceptedAt: NOW.toISOString() }) },
				{ team: 'b', consult: consult('taken', { acceptedBy: 'dr.hain', acceptedAt: NOW.toISOString() }) },
				{ team: 'b', consult: consult('closed', { acceptedBy: 'dr.berg', acceptedAt: NOW.toISOString(), closedBy: 'dr.berg', closedAt: NOW.toISOString() }) }
			],
			'dr.berg'
		);
		expect(entries.map((e) => e.id)).toEqual(['consult:now', 'consult:mine', 'consult:early-today', 'consult:late-today']);
		expect(entries[0]).toEqual({ id: 'consult:now', team: 'b', state: 'requested', urgency: 'sofort', reason: expect.any(String), requestedAt: '2026-11-24T08:50:00.000Z', requestedBy: 'anna', on: 'patient', news2: 3 });
		expect(JSON.stringify(entries)).not.toContain('vitals');
	});
});

describe('orders', () => {
	it('are signed by the physician, tied to the consult and its patient, and valid', () => {
		const order = buildOrder(consult('c', { visitId: 'visit:v1' }), { kind: 'medication', substance: 'Glyceroltrinitrat', dose: '0,4 mg', route: 'sl' }, 'dr.berg', NOW, 'K1');
		expect(order).toMatchObject({ _id: 'order:c:K1', createdBy: 'dr.berg', consultId: 'consult:c', patientId: 'patient:p1', visitId: 'visit:v1' });
		expect(validateDocument(order)).toMatchObject({ ok: true });
		expect(order._id >= consultRange('order', 'consult:c').startkey && order._id <= consultRange('order', 'consult:c').endkey).toBe(true);
		expect(orderDocId('consult:c', 'K1')).toBe(order._id);
	});

	it('refuse a medication without dose and a measure without text', () => {
		expect(validateDocument(buildOrder(consult('c'), { kind: 'medication', substance: 'ASS', route: 'iv' }, 'dr.berg', NOW, 'K'))).toMatchObject({ ok: false, reason: expect.stringContaining('dose') });
		expect(validateDocument(buildOrder(consult('c'), { kind: 'measure' }, 'dr.berg', NOW, 'K'))).toMatchObject({ ok: false });
		expect(validateDocument(buildOrder(consult('c'), { kind: 'no-transport' }, 'dr.berg', NOW, 'K'))).toMatchObject({ ok: true });
	});
});

describe('live notices', () => {
	it('name a consult taken by another or closed by id only', () => {
		expect(consultNotice('a', consult('c'), 'dr.berg')).toMatchObject({ kind: 'requested', entry: { id: 'consult:c', team: 'a' } });
		expect(consultNotice('a', consult('c', { acceptedBy: 'dr.hain', acceptedAt: NOW.toISOString() }), 'dr.berg')).toEqual({ kind: 'taken', id: 'consult:c', team: 'a' });
		expect(consultNotice('a', consult('c', { acceptedBy: 'dr.berg', acceptedAt: NOW.toISOString() }), 'dr.berg')).toMatchObject({ kind: 'accepted' });
		expect(consultNotice('a', consult('c', { acceptedBy: 'dr.berg', acceptedAt: NOW.toISOString(), closedBy: 'dr.berg', closedAt: NOW.toISOString() }), 'dr.berg')).toEqual({ kind: 'closed', id: 'consult:c', team: 'a' });
	});

	it('show people by their display names where the server knows them, else by user name', () => {
		const names = new Map([
			['schwester.anna', 'Anna Köhler'],
			['dr.hain', 'Dr. Jana Hain']
		]);
		const requested = consult('c', { createdBy: 'schwester.anna' });
		expect(consultNotice('a', requested, 'dr.berg', names)).toMatchObject({ entry: { requestedBy: 'schwester.anna', requestedByName: 'Anna Köhler' } });
		expect(consultNotice('a', { ...requested, acceptedBy: 'dr.hain', acceptedAt: NOW.toISOString() }, 'dr.berg', names)).toEqual({ kind: 'taken', id: 'consult:c', team: 'a', takenByName: 'Dr. Jana Hain' });
		expect(consultQueue([{ team: 'a', consult: requested }], 'dr.berg', names)[0].requestedByName).toBe('Anna Köhler');
		expect(consultQueue([{ team: 'a', consult: consult('d', { createdBy: 'unbekannt' }) }], 'dr.berg', names)[0]).not.toHaveProperty('requestedByName');
	});
});
