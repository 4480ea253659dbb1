import { describe, expect, it } from 'vitest';
import { DispatchBoard } from './dispatch-board.ts';
import type { Alarm, Mission, StatusEvent, Tour, Visit } from './documents.ts';

const meta = { schemaVersion: 1 as const, createdAt: '2026-11-25T08:00:00.000Z', createdBy: 'x', deviceId: 'd' };
const status = (n: number, unitId: string, code: number, at: string, extra: Partial<StatusEvent> = {}): StatusEvent => ({
	...meta,
	_id: `status:${unitId}:${n}`,
	_rev: '1-a',
	type: 'status',
	unitId,
	status: code,
	at: `2026-11-25T${at}:00.000Z`,
	...extra
});
const mission = (id: string, priority: 1 | 2 | 3, state: Mission['state'], alarmedAt: string, rev = '1-a'): Mission => ({
	...meta,
	_id: `mission:${id}`,
	_rev: rev,
	type: 'mission',
	keyword: 'RD 1',
	priority,
	address: 'Markt 1',
	state,
	alarmedAt: `2026-11-25T${alarmedAt}:00.000Z`
});

describe('DispatchBoard', () => {
	it('shows a unit’s latest status by press time, also when an offline press arrives late', () => {
		const board = new DispatchBoard();
		board.apply('team-rw', status(1, 'rtw1', 3, '08:00', { missionId: 'mission:a' }));
		board.apply('team-rw', status(3, 'rtw1', 7, '08:30', { missionId: 'mission:a' }));
		// Pressed offline at 08:20, synced after 08:30's: the unit still shows 7.
		board.apply('team-rw', status(2, 'rtw1', 4, '08:20', { missionId: 'mission:a' }));
		expect(board.units.get('rtw1')).toMatchObject({ status: 7, since: '2026-11-25T08:30:00.000Z', missionId: 'mission:a', database: 'team-rw' });
		board.apply('team-rw', status(4, 'rtw1', 1, '09:00'));
		expect(board.units.get('rtw1')).toMatchObject({ status: 1, missionId: undefined });
		expect(board.availableUnits().map((u) => u.unitId)).toEqual(['rtw1']);
	});
	it('a position report moves the unit and counts as seen, without changing its status', () => {
		const board = new DispatchBoard();
		board.apply('team-rw', status(1, 'rtw1', 3, '08:00'));
		board.apply('team-rw', status(2, 'rtw1', 3, '08:05', { report: 'position', position: { lat: 50.6, lon: 11.3, accuracyM: 20 } }));
		expect(board.units.get('rtw1')).toMatchObject({ status: 3, since: '2026-11-25T08:00:00.000Z', lastSeenAt: '2026-11-25T08:05:00.000Z', position: { lat: 50.6, lon: 11.3 } });
	});
	it('applies each revision once; an older revision never overwrites a newer one', () => {
		const board = new DispatchBoard();
		expect(board.apply('team-rw', mission('a', 2, 'assigned', '08:00', '2-b'))).toBe(true);
		expect(board.apply('team-rw', mission('a', 2, 'assigned', '08:00', '2-b'))).toBe(false);
		expect(board.apply('team-rw', mission('a', 2, 'open', '08:00', '1-a'))).toBe(false);
		expect(board.missions.get('mission:a')?.state).toBe('assigned');
		expect(board.apply('team-rw', { _id: 'mission:a', _rev: '3-c', _deleted: true })).toBe(true);
		expect(board.missions.size).toBe(0);
		expect(board.apply('team-rw', status(1, 'rtw1', 3, '08:00'))).toBe(true);
		expect(board.apply('team-rw', { ...status(1, 'rtw1', 3, '08:00'), _rev: undefined })).toBe(false);
	});
	it('lists open missions by priority, then by alarm time', () => {
		const board = new DispatchBoard();
		board.apply('d', mission('late-urgent', 1, 'open', '09:00'));
		board.apply('d', mission('early-minor', 3, 'assigned', '07:00'));
		board.apply('d', mission('early-urgent', 1, 'active', '08:00'));
		board.apply('d', mission('closed', 1, 'closed', '06:00'));
		expect(board.openMissions().map((m) => m._id)).toEqual(['mission:early-urgent', 'mission:late-urgent', 'mission:early-minor']);
	});
	it('an acknowledgement (a later alarm that replaces the raised one) takes the alarm off the open list', () => {
		const board = new DispatchBoard();
		const raised: Alarm = { ...meta, _id: 'alarm:1', type: 'alarm', kind: 'news2', severity: 'high', message: 'NEWS2 7' };
		board.apply('team-p', raised);
		expect(board.openAlarms()).toHaveLength(1);
		board.apply('team-p', { ...raised, _id: 'alarm:2', replaces: 'alarm:1', acknowledgedBy: 'leitstelle', acknowledgedAt: '2026-11-25T08:10:00.000Z' });
		expect(board.openAlarms()).toHaveLength(0);
		expect(board.acknowledgements.get('alarm:1')?.acknowledgedBy).toBe('leitstelle');
	});
	it('finds units silent for too long, except those at the station or not ready', () => {
		const board = new DispatchBoard();
		board.apply('d', status(1, 'rtw1', 3, '08:00'));
		board.apply('d', status(2, 'rtw2', 2, '07:00'));
		board.apply('d', status(3, 'rtw3', 4, '08:50'));
		const nine = new Date('2026-11-25T09:00:00.000Z');
		expect(board.silentUnits(nine, 30).map((u) => u.unitId)).toEqual(['rtw1']);
		// Acknowledged: quiet until the unit is seen again and falls silent anew.
		board.apply('d', { ...meta, _id: 'alarm:s1', type: 'alarm', kind: 'device-silent', unitId: 'rtw1', severity: 'medium', message: 'rtw1 silent', acknowledgedBy: 'leitstelle', acknowledgedAt: '2026-11-25T09:00:00.000Z' });
		expect(board.silentUnits(nine, 30)).toEqual([]);
		board.apply('d', status(4, 'rtw1', 3, '09:10'));
		expect(board.silentUnits(new Date('2026-11-25T09:50:00.000Z'), 30).map((u) => u.unitId)).toEqual(['rtw1', 'rtw3']);
	});
	it('follows the nurses’ tour progress', () => {
		const board = new DispatchBoard();
		const visit = (n: number, state: Visit['status'], endedAt?: string) => ({ ...meta, _id: `visit:2026-11-25:${n}`, type: 'visit', status: state, endedAt, date: '2026-11-25' }) as Visit;
		board.apply('team-p', { ...meta, _id: 'tour:2026-11-25:anna', type: 'tour', date: '2026-11-25', nurse: 'anna', visitIds: ['visit:2026-11-25:1', 'visit:2026-11-25:2', 'visit:2026-11-25:3'], shiftStart: '06:00', shiftEnd: '14:00' } as Tour);
		board.apply('team-p', visit(1, 'done', '2026-11-25T07:30:00.000Z'));
		board.apply('team-p', visit(2, 'done', '2026-11-25T08:30:00.000Z'));
		board.apply('team-p', visit(3, 'planned'));
		expect(board.tourProgress('2026-11-25')).toEqual([{ nurse: 'anna', database: 'team-p', total: 3, done: 2, lastDoneVisitId: 'visit:2026-11-25:2' }]);
	});
});
