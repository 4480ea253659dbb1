import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION, isInWindow, parseRetentionSetting, windowContextOf, windowForRole, windowKey } from './retention.ts';

const NOW = Date.parse('2026-06-15T10:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString();
const w = DEFAULT_RETENTION;

describe('isInWindow', () => {
	it('holds every patient, however old', () => {
		expect(isInWindow({ _id: 'patient:1', type: 'patient', createdAt: daysAgo(900) }, w, NOW)).toBe(true);
	});
	it('holds observations of 89 days, not of 91', () => {
		expect(isInWindow({ _id: 'observation:a', type: 'observation', effectiveAt: daysAgo(89) }, w, NOW)).toBe(true);
		expect(isInWindow({ _id: 'observation:b', type: 'observation', effectiveAt: daysAgo(91) }, w, NOW)).toBe(false);
		// A set by its latest value.
		expect(isInWindow({ _id: 'observationSet:p:a', type: 'observationSet', effectiveAt: daysAgo(89) }, w, NOW)).toBe(true);
		expect(isInWindow({ _id: 'observationSet:p:b', type: 'observationSet', effectiveAt: daysAgo(91) }, w, NOW)).toBe(false);
		expect(isInWindow({ _id: 'observationSet:m:c', type: 'observationSet', missionId: 'mission:open', effectiveAt: daysAgo(200) }, w, NOW, { openMissionIds: new Set(['mission:open']) })).toBe(true);
	});
	it('dates notes by createdAt', () => {
		expect(isInWindow({ _id: 'note:a', type: 'note', createdAt: daysAgo(10) }, w, NOW)).toBe(true);
		expect(isInWindow({ _id: 'note:b', type: 'note', createdAt: daysAgo(100) }, w, NOW)).toBe(false);
	});
	it('holds finished visits of 30 days by date, open visits and future ones always', () => {
		expect(isInWindow({ _id: 'visit:a', type: 'visit', status: 'done', date: '2026-05-20' }, w, NOW)).toBe(true);
		expect(isInWindow({ _id: 'visit:b', type: 'visit', status: 'done', date: '2026-05-01' }, w, NOW)).toBe(false);
		expect(isInWindow({ _id: 'visit:c', type: 'visit', status: 'planned', date: '2025-01-01' }, w, NOW)).toBe(true);
		expect(isInWindow({ _id: 'visit:d', type: 'visit', status: 'in-progress', date: '2025-01-01' }, w, NOW)).toBe(true);
		expect(isInWindow({ _id: 'visit:e', type: 'visit', status: 'cancelled', date: '2026-06-20' }, w, NOW)).toBe(true);
	});
	it('holds tours of today and later, past tours for 30 days', () => {
		expect(isInWindow({ _id: 'tour:a', type: 'tour', date: '2026-06-15' }, { ...w, tourDays: 0 }, NOW)).toBe(true);
		expect(isInWindow({ _id: 'tour:b', type: 'tour', date: '2026-04-01' }, w, NOW)).toBe(false);
	});
	it('holds open missions always, closed ones 7 days, with their status events and handovers', () => {
		const open = new Set(['mission:open']);
		expect(isInWindow({ _id: 'mission:open', type: 'mission', state: 'active', alarmedAt: daysAgo(40) }, w, NOW)).toBe(true);
		expect(isInWindow({ _id: 'mission:x', type: 'mission', state: 'closed', alarmedAt: daysAgo(6) }, w, NOW)).toBe(true);
		expect(isInWindow({ _id: 'mission:y', type: 'mission', state: 'cancelled', alarmedAt: daysAgo(8) }, w, NOW)).toBe(false);
		expect(isInWindow({ _id: 'status:a', type: 'status', missionId: 'mission:open', at: daysAgo(40) }, w, NOW, { openMissionIds: open })).toBe(true);
		expect(isInWindow({ _id: 'status:b', type: 'status', missionId: 'mission:y', at: daysAgo(8) }, w, NOW, { openMissionIds: open })).toBe(false);
		expect(isInWindow({ _id: 'handover:a', type: 'handover', missionId: 'mission:open', createdAt: daysAgo(40) }, w, NOW, { openMissionIds: open })).toBe(true);
		expect(isInWindow({ _id: 'handover:b', type: 'handover', missionId: 'mission:y', createdAt: daysAgo(8) }, w, NOW, { openMissionIds: open })).toBe(false);
	});
	it('holds what belongs to an open mission, of any age', () => {
		const open = new Set(['mission:open']);
		expect(isInWindow({ _id: 'observation:m', type: 'observation', missionId: 'mission:open', effectiveAt: daysAgo(200) }, w, NOW, { openMissionIds: open })).toBe(true);
		expect(isInWindow({ _id: 'status:p', type: 'status', report: 'position', missionId: 'mission:open', at: daysAgo(3) }, w, NOW, { openMissionIds: open })).toBe(true);
	});
	it('holds each unit\'s last status document, however old', () => {
		const latest = new Set(['status:last']);
		expect(isInWindow({ _id: 'status:last', type: 'status', unitId: 'rtw1', at: daysAgo(30) }, w, NOW, { latestStatusIds: latest })).toBe(true);
		expect(isInWindow({ _id: 'status:before', type: 'status', unitId: 'rtw1', at: daysAgo(31) }, w, NOW, { latestStatusIds: latest })).toBe(false);
	});
	it('holds position reports 24 hours, status presses 7 days', () => {
		expect(isInWindow({ _id: 'status:p1', type: 'status', report: 'position', at: daysAgo(0.9) }, w, NOW)).toBe(true);
		expect(isInWindow({ _id: 'status:p2', type: 'status', report: 'position', at: daysAgo(1.1) }, w, NOW)).toBe(false);
		expect(isInWindow({ _id: 'status:s', type: 'status', at: daysAgo(1.1) }, w, NOW)).toBe(true);
	});
	it('holds an unacknowledged alarm as long as notes, an acknowledged one for its days', () => {
		const acknowledged = new Set(['alarm:old-acked']);
		expect(isInWindow({ _id: 'alarm:old-open', type: 'alarm', createdAt: daysAgo(60) }, w, NOW, { acknowledgedAlarmIds: acknowledged })).toBe(true);
		expect(isInWindow({ _id: 'alarm:older-open', type: 'alarm', createdAt: daysAgo(95) }, w, NOW, { acknowledgedAlarmIds: acknowledged })).toBe(false);
		expect(isInWindow({ _id: 'alarm:old-acked', type: 'alarm', createdAt: daysAgo(60) }, w, NOW, { acknowledgedAlarmIds: acknowledged })).toBe(false);
		expect(isInWindow({ _id: 'alarm:ack', type: 'alarm', replaces: 'alarm:old-acked', acknowledgedBy: 'x', createdAt: daysAgo(60) }, w, NOW)).toBe(false);
	});
	it('never holds tombstones or design documents', () => {
		expect(isInWindow({ _id: 'patient:1', type: 'patient', _deleted: true }, w, NOW)).toBe(false);
		expect(isInWindow({ _id: '_design/idx', language: 'query' }, w, NOW)).toBe(false);
	});
	it('holds a document of a type it has no window for, as before windows', () => {
		expect(isInWindow({ _id: 'later:1', type: 'later', createdAt: daysAgo(900) }, w, NOW)).toBe(true);
	});
	it('turns a kind off with 0 days', () => {
		expect(isInWindow({ _id: 'observation:a', type: 'observation', effectiveAt: daysAgo(0) }, { ...w, observationDays: 0 }, NOW)).toBe(false);
	});
});

describe('windowForRole', () => {
	it('gives nurses no closed missions and crews the team setting', () => {
		expect(windowForRole(w, 'nurse').missionDays).toBe(0);
		expect(windowForRole(w, 'paramedic')).toEqual(w);
	});
	it('keeps the console first picture small', () => {
		const console = windowForRole(w, 'dispatcher');
		expect(console.positionHours).toBe(1);
		expect(console.observationDays).toBe(1);
	});
	it('gives a physician, who replicates nothing, no history at all', () => {
		expect(Object.values(windowForRole(w, 'arzt')).every((days) => days === 0)).toBe(true);
	});
});

describe('parseRetentionSetting', () => {
	it('accepts the defaults and refuses values out of bounds or unknown fields', () => {
		expect(parseRetentionSetting(DEFAULT_RETENTION).ok).toBe(true);
		expect(parseRetentionSetting({ ...DEFAULT_RETENTION, observationDays: -1 }).ok).toBe(false);
		expect(parseRetentionSetting({ ...DEFAULT_RETENTION, observationDays: 1.5 }).ok).toBe(false);
		expect(parseRetentionSetting({ ...DEFAULT_RETENTION, positionHours: 100000 }).ok).toBe(false);
		expect(parseRetentionSetting({ ...DEFAULT_RETENTION, extra: 1 }).ok).toBe(false);
		expect(parseRetentionSetting({ observationDays: 3 }).ok).toBe(false);
	});
});

describe('isInWindow: consults, orders and answers', () => {
	const openConsults = new Set(['consult:open']);
	it('holds a consult nobody closed whatever its age, a closed one with the notes\' days (by when it was asked)', () => {
		expect(isInWindow({ _id: 'consult:open', type: 'consult', requestedAt: daysAgo(200), createdAt: daysAgo(200) }, w, NOW)).toBe(true);
		expect(isInWindow({ _id: 'consult:a', type: 'consult', requestedAt: daysAgo(89), closedAt: daysAgo(1) }, w, NOW)).toBe(true);
		expect(isInWindow({ _id: 'consult:b', type: 'consult', requestedAt: daysAgo(91), closedAt: daysAgo(1) }, w, NOW)).toBe(false);
		expect(isInWindow({ _id: 'consult:c', type: 'consult', requestedAt: daysAgo(1), closedAt: daysAgo(1) }, { ...w, noteDays: 0 }, NOW)).toBe(false);
	});
	it('holds orders and answers of an open consult whatever their age, the others with the notes\' days', () => {
		for (const type of ['order', 'orderResponse']) {
			expect(isInWindow({ _id: `${type}:a`, type, consultId: 'consult:open', createdAt: daysAgo(200) }, w, NOW, { openConsultIds: openConsults })).toBe(true);
			expect(isInWindow({ _id: `${type}:b`, type, consultId: 'consult:closed', createdAt: daysAgo(200) }, w, NOW, { openConsultIds: openConsults })).toBe(false);
			expect(isInWindow({ _id: `${type}:c`, type, consultId: 'consult:closed', createdAt: daysAgo(10) }, w, NOW, { openConsultIds: openConsults })).toBe(true);
		}
	});
	it('holds what belongs to an open mission, as every document of it', () => {
		expect(isInWindow({ _id: 'order:m', type: 'order', consultId: 'consult:closed', missionId: 'mission:open', createdAt: daysAgo(200) }, w, NOW, { openMissionIds: new Set(['mission:open']) })).toBe(true);
	});
});

describe('windowKey', () => {
	it('changes with the window', () => {
		expect(windowKey(w)).toBe(windowKey({ ...w }));
		expect(windowKey(w)).not.toBe(windowKey({ ...w, noteDays: 91 }));
	});
});

describe('windowContextOf', () => {
	it('finds the open missions and consults, the acknowledged alarms and each unit\'s newest status among what a device holds', () => {
		const context = windowContextOf([
			{ _id: 'mission:open', type: 'mission', state: 'active' },
			{ _id: 'mission:closed', type: 'mission', state: 'closed' },
			{ _id: 'mission:gone', type: 'mission', state: 'open', _deleted: true },
			{ _id: 'alarm:ack', type: 'alarm', replaces: 'alarm:raised' },
			{ _id: 'alarm:raised', type: 'alarm' },
			{ _id: 'status:a1', type: 'status', unitId: 'rtw1', at: '2026-12-01T08:00:00.000Z' },
			{ _id: 'status:a2', type: 'status', unitId: 'rtw1', at: '2026-12-01T09:00:00.000Z' },
			{ _id: 'status:b1', type: 'status', unitId: 'rtw2', at: '2026-11-01T09:00:00.000Z' },
			{ _id: 'observation:x', type: 'observation', missionId: 'mission:open' },
			{ _id: 'consult:open', type: 'consult', requestedAt: '2026-12-01T08:00:00.000Z' },
			{ _id: 'consult:closed', type: 'consult', requestedAt: '2026-12-01T08:00:00.000Z', closedAt: '2026-12-01T09:00:00.000Z' }
		]);
		expect([...context.openMissionIds]).toEqual(['mission:open']);
		expect([...context.acknowledgedAlarmIds]).toEqual(['alarm:raised']);
		expect([...context.latestStatusIds].sort()).toEqual(['status:a2', 'status:b1']);
		expect([...context.openConsultIds]).toEqual(['consult:open']);
	});
});
