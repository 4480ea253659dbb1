import { describe, expect, it } from 'vitest';
import { sampleDocument } from '../../../tests/support/documents.ts';
import { lostValueOf, type Revision } from './conflicts.ts';
import { checkCreation, checkDeletion, checkEdit, MAX_CLOCK_SKEW_MS, type PolicyContext, type Writer } from './write-policy.ts';

/** A few hours after the sample documents were made (they are dated relative to the test run). */
const NOW = Date.parse(sampleDocument('patient', 'clock', 'anna').createdAt) + 4 * 3600_000;
const anna: Writer = { username: 'anna', role: 'nurse' };
const pdl: Writer = { username: 'pdl', role: 'dispatcher' };
const rtw1: Writer = { username: 'rtw1', role: 'paramedic' };
const context = (revisions: Record<string, unknown>[] = []): PolicyContext => ({
	now: NOW,
	revisions: new Map(revisions.map((rev) => [String(rev._rev), rev])),
	attachmentsChanged: false
});
const stored = (doc: object, rev = '1-a') => ({ ...doc, _rev: rev }) as Record<string, unknown>;
const edited = (parent: Record<string, unknown>, by: string, changes: Record<string, unknown>) => ({ ...parent, updatedBy: by, updatedAt: '2026-11-24T11:00:00.000Z', ...changes });

describe('checkCreation', () => {
	it('takes the writer\'s own document with fields the role may set', () => {
		expect(checkCreation(sampleDocument('patient', 'p', 'anna') as never, 'patient', anna, NOW)).toEqual({ ok: true });
		expect(checkCreation({ ...sampleDocument('patient', 'p', 'pdl'), allergies: ['Latex'] }, 'patient', pdl, NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('allergies') });
	});

	it('refuses creation times beyond the clock skew, but takes old offline ones', () => {
		const at = (ms: number) => ({ ...sampleDocument('observation', 'o', 'anna'), createdAt: new Date(ms).toISOString() });
		expect(checkCreation(at(NOW + MAX_CLOCK_SKEW_MS + 1000), 'observation', anna, NOW)).toMatchObject({ ok: false });
		expect(checkCreation(at(NOW - 3 * 24 * 3600_000), 'observation', anna, NOW)).toEqual({ ok: true });
	});
});

describe('checkEdit', () => {
	it('lets the assigned crew change its record and nothing of the dispatch', () => {
		const mission = stored(sampleDocument('mission', 'm', 'pdl', 'rtw1'));
		expect(checkEdit(mission, edited(mission, 'rtw1', { care: { naca: 2 } }), 'mission', rtw1, context())).toEqual({ ok: true });
		expect(checkEdit(mission, edited(mission, 'rtw1', { priority: 3 }), 'mission', rtw1, context())).toMatchObject({ ok: false, reason: expect.stringContaining('priority') });
	});

	it('takes a merge history entry only as the named revision holds it', () => {
		const parent = stored(sampleDocument('patient', 'p', 'anna'), '2-w');
		const loser = { ...stored(sampleDocument('patient', 'p', 'anna'), '2-l'), phone: '110', fieldEdits: { phone: { at: '2026-11-24T10:00:00.000Z', by: 'tom' } } };
		const entry = lostValueOf(loser as unknown as Revision, 'phone');
		expect(checkEdit(parent, edited(parent, 'anna', { mergeHistory: [entry] }), 'patient', anna, context([parent, loser]))).toEqual({ ok: true });
		const forged = { ...entry, by: 'anna' };
		expect(checkEdit(parent, edited(parent, 'anna', { mergeHistory: [forged] }), 'patient', anna, context([parent, loser]))).toMatchObject({ ok: false, reason: expect.stringContaining('mergeHistory') });
		expect(checkEdit(parent, edited(parent, 'anna', { mergeHistory: [entry] }), 'patient', anna, context([parent]))).toMatchObject({ ok: false });
	});

	it('takes a field stamp copied from a conflicting revision, not one made up', () => {
		const parent = stored(sampleDocument('patient', 'p', 'anna'), '2-w');
		const loser = { ...parent, _rev: '2-l', phone: '110', fieldEdits: { phone: { at: '2026-11-24T10:00:00.000Z', by: 'tom' } } };
		const merged = edited(parent, 'anna', { phone: '110', fieldEdits: loser.fieldEdits });
		expect(checkEdit(parent, merged, 'patient', anna, context([parent, loser]))).toEqual({ ok: true });
		expect(checkEdit(parent, merged, 'patient', anna, context([parent]))).toMatchObject({ ok: false, reason: expect.stringContaining('fieldEdits.phone') });
		expect(checkEdit({ ...parent, fieldEdits: loser.fieldEdits }, edited(parent, 'anna', {}), 'patient', anna, context())).toMatchObject({ ok: false, reason: expect.stringContaining('removed') });
	});

	it('keeps the care plan\'s signature requirement the planner\'s: a nurse edits the patient, not that setting', () => {
		const patient = stored({ ...sampleDocument('patient', 'p', 'pdl'), visitSignatureRequired: true });
		expect(checkEdit(patient, edited(patient, 'anna', { phone: '03671 1234' }), 'patient', anna, context())).toEqual({ ok: true });
		expect(checkEdit(patient, edited(patient, 'anna', { visitSignatureRequired: false }), 'patient', anna, context())).toMatchObject({ ok: false, reason: expect.stringContaining('visitSignatureRequired') });
		expect(checkCreation({ ...sampleDocument('patient', 'q', 'anna'), visitSignatureRequired: false }, 'patient', anna, NOW)).toMatchObject({ ok: false, reason: expect.stringContaining('visitSignatureRequired') });
		expect(checkEdit(patient, edited(patient, 'pdl', { visitSignatureRequired: false }), 'patient', pdl, context())).toEqual({ ok: true });
		const visit = stored({ ...sampleDocument('visit', 'v', 'pdl', 'anna'), signatureRequired: true });
		expect(checkEdit(visit, edited(visit, 'anna', { signatureRequired: false }), 'visit', anna, context())).toMatchObject({ ok: false, reason: expect.stringContaining('signatureRequired') });
	});

	it('lets a nurse add the signature to her visit, not to a colleague\'s', () => {
		const visit = stored(sampleDocument('visit', 'v', 'pdl', 'anna'));
		const signed = { ...context(), attachmentsChanged: true };
		expect(checkEdit(visit, edited(visit, 'anna', { signedAt: '2026-11-24T11:00:00.000Z' }), 'visit', anna, signed)).toEqual({ ok: true });
		const theirs = stored(sampleDocument('visit', 'v', 'pdl', 'tom'));
		expect(checkEdit(theirs, edited(theirs, 'anna', {}), 'visit', anna, signed)).toMatchObject({ ok: false });
		expect(checkEdit(visit, edited(visit, 'pdl', {}), 'visit', pdl, signed)).toMatchObject({ ok: false, reason: expect.stringContaining('_attachments') });
	});
});

describe('checkDeletion', () => {
	it('closing a conflict needs the right to every field the closed leaf differs in', () => {
		const winner = stored({ ...sampleDocument('patient', 'p', 'anna'), allergies: ['Latex'] }, '2-w');
		const leaf = { ...winner, _rev: '2-l', allergies: ['Penicillin'] };
		expect(checkDeletion(leaf, 'patient', pdl, winner)).toMatchObject({ ok: false, reason: expect.stringContaining('allergies') });
		expect(checkDeletion(leaf, 'patient', anna, winner)).toEqual({ ok: true });
		expect(checkDeletion(winner, 'patient', anna)).toMatchObject({ ok: false, reason: expect.stringContaining('delete') });
	});
});
