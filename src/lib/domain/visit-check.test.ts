import { describe, expect, it } from 'vitest';
import { checkVisitCompletion, MAX_VISIT_MINUTES, startAtClock, visitNeedsSignature, type VisitCheckInput } from './visit-check.ts';

const NOW = new Date('2026-03-02T09:30:00Z');
const base: VisitCheckInput = { tasks: ['Insulin', 'Verband'], tasksDone: ['Insulin', 'Verband'], reasons: {}, startedAt: '2026-03-02T09:00:00Z', now: NOW, signatureRequired: false, signed: false };

describe('checkVisitCompletion', () => {
	it('passes a started visit with all tasks done and reports its duration', () => {
		expect(checkVisitCompletion(base)).toEqual({ problems: [], startedAt: '2026-03-02T09:00:00Z', durationMin: 30, tasksNotDone: [] });
	});
	it('asks a reason for every task not done and stores the reasons given', () => {
		const check = checkVisitCompletion({ ...base, tasksDone: [], reasons: { Insulin: '  Patient lehnt ab ', Verband: ' ' } });
		expect(check.problems).toEqual([{ kind: 'reason-missing', task: 'Verband' }]);
		expect(check.tasksNotDone).toEqual([{ task: 'Insulin', reason: 'Patient lehnt ab' }]);
	});
	it('wants the start of a visit never started confirmed', () => {
		expect(checkVisitCompletion({ ...base, startedAt: undefined }).problems).toEqual([{ kind: 'start-unconfirmed' }]);
		const confirmed = checkVisitCompletion({ ...base, startedAt: undefined, confirmedStart: '2026-03-02T09:10:00Z' });
		expect(confirmed.problems).toEqual([]);
		expect(confirmed.durationMin).toBe(20);
	});
	it('refuses a start at or after the end, and a visit longer than a shift', () => {
		expect(checkVisitCompletion({ ...base, startedAt: NOW.toISOString() }).problems).toEqual([{ kind: 'start-after-end' }]);
		expect(checkVisitCompletion({ ...base, startedAt: undefined, confirmedStart: '2026-03-02T10:00:00Z' }).problems).toEqual([{ kind: 'start-after-end' }]);
		const long = new Date(NOW.getTime() - (MAX_VISIT_MINUTES + 1) * 60_000).toISOString();
		expect(checkVisitCompletion({ ...base, startedAt: long }).problems).toEqual([{ kind: 'too-long', minutes: MAX_VISIT_MINUTES + 1 }]);
	});
	it('wants the signature only when the visit requires it', () => {
		expect(checkVisitCompletion({ ...base, signatureRequired: true }).problems).toEqual([{ kind: 'signature-missing' }]);
		expect(checkVisitCompletion({ ...base, signatureRequired: true, signed: true }).problems).toEqual([]);
	});
});

describe('startAtClock', () => {
	it('reads a clock time on the day of now, and nothing else', () => {
		const at = startAtClock('08:40', NOW)!;
		expect(new Date(at).getHours()).toBe(8);
		expect(new Date(at).getMinutes()).toBe(40);
		expect(startAtClock('8.40', NOW)).toBeUndefined();
	});
});

describe('visitNeedsSignature', () => {
	it('takes the visit\'s own setting, else the care plan\'s default, else none', () => {
		expect(visitNeedsSignature({}, undefined)).toBe(false);
		expect(visitNeedsSignature({}, { visitSignatureRequired: true })).toBe(true);
		expect(visitNeedsSignature({ signatureRequired: false }, { visitSignatureRequired: true })).toBe(false);
		expect(visitNeedsSignature({ signatureRequired: true }, { visitSignatureRequired: false })).toBe(true);
	});
});
