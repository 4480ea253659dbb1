import { describe, expect, it } from 'vitest';
import type { Consult } from './documents.ts';
import type { ConsultQueueEntry } from './consult.ts';
import { applyConsultNotice, checkOrderForm, EMPTY_ORDER_FORM, newUrgentRequests, waitedSince, type PhysicianQueueLine } from './consult-queue.ts';

const NOW = new Date('2026-12-06T10:00:00Z');

function line(id: string, urgency: 'sofort' | 'heute', requestedAt: string, extra: Partial<ConsultQueueEntry> = {}): ConsultQueueEntry {
	return { id, team: 'pflege-a', state: 'requested', urgency, reason: 'Frage', requestedAt, requestedBy: 'anna', on: 'visit', ...extra };
}

const consult: Consult = {
	_id: 'consult:01JABCDEFGHJKMNPQRSTVWXYZ0',
	type: 'consult',
	schemaVersion: 1,
	createdAt: '2026-12-06T09:00:00Z',
	createdBy: 'anna',
	deviceId: 'd1',
	reason: 'Blutdruck',
	urgency: 'heute',
	requestedAt: '2026-12-06T09:00:00Z',
	patientId: 'patient:01JABCDEFGHJKMNPQRSTVWXYZ1'
} as Consult;

describe('the queue kept live', () => {
	const queue: PhysicianQueueLine[] = [line('consult:b', 'heute', '2026-12-06T08:00:00Z')];

	it('puts a new sofort request before an older heute request, and a heute one by its waiting time', () => {
		const withUrgent = applyConsultNotice(queue, { kind: 'requested', entry: line('consult:a', 'sofort', '2026-12-06T09:50:00Z') });
		expect(withUrgent.map((l) => l.id)).toEqual(['consult:a', 'consult:b']);
		const withOlder = applyConsultNotice(withUrgent, { kind: 'requested', entry: line('consult:c', 'heute', '2026-12-06T07:00:00Z') });
		expect(withOlder.map((l) => l.id)).toEqual(['consult:a', 'consult:c', 'consult:b']);
	});

	it('replaces a line when the same consult comes again (accepted by this physician)', () => {
		const next = applyConsultNotice(queue, { kind: 'accepted', entry: line('consult:b', 'heute', '2026-12-06T08:00:00Z', { state: 'accepted', acceptedAt: '2026-12-06T09:59:00Z' }) });
		expect(next).toHaveLength(1);
		expect(next[0].state).toBe('accepted');
	});

	it('marks a consult taken by another physician and drops a closed one', () => {
		expect(applyConsultNotice(queue, { kind: 'taken', id: 'consult:b', team: 'pflege-a' })[0].taken).toBe(true);
		expect(applyConsultNotice(queue, { kind: 'closed', id: 'consult:b', team: 'pflege-a' })).toEqual([]);
	});

	it('signals only new sofort requests nobody has taken', () => {
		const next = [...queue, line('consult:x', 'sofort', '2026-12-06T09:00:00Z'), line('consult:y', 'heute', '2026-12-06T09:00:00Z'), { ...line('consult:z', 'sofort', '2026-12-06T09:00:00Z'), taken: true as const }];
		expect(newUrgentRequests(queue, next).map((l) => l.id)).toEqual(['consult:x']);
		expect(newUrgentRequests(next, next)).toEqual([]);
	});
});

describe('waiting time', () => {
	it('counts from the request on the device, in days, hours and minutes', () => {
		expect(waitedSince('2026-12-06T09:55:30Z', NOW)).toEqual({ days: 0, hours: 0, minutes: 4 });
		expect(waitedSince('2026-12-05T07:30:00Z', NOW)).toEqual({ days: 1, hours: 2, minutes: 30 });
	});

	it('is never negative when the device clock ran ahead', () => {
		expect(waitedSince('2026-12-06T10:05:00Z', NOW)).toEqual({ days: 0, hours: 0, minutes: 0 });
	});
});

describe('the order form', () => {
	it('sends a medication with substance, dose, route and the time today', () => {
		const check = checkOrderForm({ ...EMPTY_ORDER_FORM, substance: ' Metamizol ', dose: '1 g', route: 'iv', time: '10:30' }, consult, NOW);
		expect(check.ok).toBe(true);
		if (!check.ok) return;
		expect(check.input).toMatchObject({ kind: 'medication', substance: 'Metamizol', dose: '1 g', route: 'iv' });
		const due = new Date(check.input.dueAt!);
		expect([due.getHours(), due.getMinutes()]).toEqual([10, 30]);
	});

	it('names each missing part of a medication as its own field', () => {
		const check = checkOrderForm({ ...EMPTY_ORDER_FORM, substance: 'Metamizol' }, consult, NOW);
		expect(check.ok).toBe(false);
		if (check.ok) return;
		expect(check.issues.map((i) => i.path).sort()).toEqual(['dose', 'route']);
	});

	it('asks for the text of a measure or a finding, not of "Transport nicht erforderlich"', () => {
		const measure = checkOrderForm({ ...EMPTY_ORDER_FORM, kind: 'measure' }, consult, NOW);
		expect(measure.ok ? [] : measure.issues.map((i) => i.path)).toEqual(['text']);
		const noTransport = checkOrderForm({ ...EMPTY_ORDER_FORM, kind: 'no-transport', substance: 'ignored' }, consult, NOW);
		expect(noTransport).toEqual({ ok: true, input: { kind: 'no-transport' } });
	});

	it('refuses a time that is not HH:MM and a dose longer than the schema allows', () => {
		const check = checkOrderForm({ ...EMPTY_ORDER_FORM, substance: 'Metamizol', dose: 'x'.repeat(81), route: 'po', time: '25:00' }, consult, NOW);
		expect(check.ok ? [] : check.issues.map((i) => i.path).sort()).toEqual(['dose', 'time']);
	});
});
