import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { AccessEventUploadSchema, auditSubjectsOf, matchesName, nameSearchTerms, normaliseTypedUsername, SubjectIdSchema } from './audit.ts';

describe('auditSubjectsOf', () => {
	it('names a patient or mission document itself', () => {
		expect(auditSubjectsOf({ _id: 'patient:p027', type: 'patient' })).toEqual(['patient:p027']);
		expect(auditSubjectsOf({ _id: 'mission:2026-12-05-001', type: 'mission' })).toEqual(['mission:2026-12-05-001']);
	});

	it('names the patient or mission a document belongs to by its patientId and missionId', () => {
		expect(auditSubjectsOf({ _id: 'visit:v1', patientId: 'patient:p1' })).toEqual(['patient:p1']);
		expect(auditSubjectsOf({ _id: 'status:m1:x', missionId: 'mission:m1' })).toEqual(['mission:m1']);
		expect(auditSubjectsOf({ _id: 'alarm:a1', patientId: 'patient:p1', missionId: 'mission:m1' })).toEqual(['patient:p1', 'mission:m1']);
		expect(auditSubjectsOf({ _id: 'observation:p1:01J', patientId: 'patient:p1' })).toEqual(['patient:p1']);
	});

	it('names both candidates of an observation that arrives without its fields (a deletion)', () => {
		expect(auditSubjectsOf({ _id: 'observation:k1:01J', _deleted: true })).toEqual(['patient:k1', 'mission:k1']);
		expect(auditSubjectsOf({ _id: 'observationSet:k2:01J', _deleted: true })).toEqual(['patient:k2', 'mission:k2']);
	});

	it('names nothing for documents of no one, and ignores fields that are not subject ids', () => {
		expect(auditSubjectsOf({ _id: 'tour:2026-12-05:anna' })).toEqual([]);
		expect(auditSubjectsOf({ _id: 'note:n1', patientId: 'mission:m1', missionId: 42 })).toEqual([]);
		expect(auditSubjectsOf({ _id: 'note:n1', patientId: `patient:${'x'.repeat(300)}` })).toEqual([]);
		expect(auditSubjectsOf({ _id: 'patient:' })).toEqual([]);
		expect(auditSubjectsOf(null)).toEqual([]);
		expect(auditSubjectsOf({ patientId: 'patient:p1' })).toEqual([]);
	});
});

describe('normaliseTypedUsername', () => {
	it('trims, lowers and bounds the name as typed, without control characters', () => {
		expect(normaliseTypedUsername('  Schwester.Anna ')).toBe('schwester.anna');
		expect(normaliseTypedUsername('a\u0000b\nc')).toBe('abc');
		expect(normaliseTypedUsername('x'.repeat(100))).toHaveLength(64);
	});
});

describe('name search', () => {
	it('drops forms of address and finds names without their diacritics', () => {
		expect(nameSearchTerms('Frau Bauer')).toEqual(['bauer']);
		expect(nameSearchTerms('  ')).toEqual([]);
		expect(matchesName(nameSearchTerms('Frau Bauer'), 'Sieglinde', 'Bauer')).toBe(true);
		expect(matchesName(nameSearchTerms('kohler anna'), 'Anna', 'Köhler')).toBe(true);
		expect(matchesName(nameSearchTerms('Herr Bauer Werner'), 'Sieglinde', 'Bauer')).toBe(false);
		expect(matchesName([], 'Sieglinde', 'Bauer')).toBe(false);
	});
});

describe('uploaded access events', () => {
	const event = { id: '01JDEVICE0000000000000000A', at: '2026-11-24T09:15:00.000Z', subject: 'patient:p027', database: 'team-pflege-saalfeld' };

	it('takes an opened patient or mission, and strips any user the device names', () => {
		const parsed = v.parse(AccessEventUploadSchema, { events: [{ ...event, user: 'someone.else' }] });
		expect(parsed.events[0]).toEqual(event);
	});

	it('refuses other subjects, control characters and bidi overrides', () => {
		for (const subject of ['visit:v1', 'patient:', 'patient:a\u202eb', 'patient:a\u0000', `patient:${'x'.repeat(200)}`]) {
			expect(v.safeParse(SubjectIdSchema, subject).success).toBe(false);
		}
		expect(v.safeParse(AccessEventUploadSchema, { events: [{ ...event, id: 'not-a-ulid' }] }).success).toBe(false);
	});
});
