import { describe, expect, it } from 'vitest';
import type { Mission, StatusEvent } from '$lib/domain/index.ts';
import { currentMission, unitStatus } from './mission-view.ts';

const mission = (id: string, unitId: string, state: Mission['state'], alarmedAt: string) => ({ _id: id, unitId, state, alarmedAt, database: 'team-rw' }) as Mission & { database: string };
const event = (id: string, status: number, at: string, extra: Partial<StatusEvent> = {}) => ({ _id: id, unitId: 'rtw1', status, at, createdAt: at, ...extra }) as StatusEvent;

describe('currentMission', () => {
	it('is the newest alarmed or running mission of this unit', () => {
		const missions = [mission('m1', 'rtw1', 'active', '08:00'), mission('m2', 'rtw1', 'assigned', '09:00'), mission('m3', 'rtw2', 'assigned', '10:00'), mission('m4', 'rtw1', 'closed', '11:00')];
		expect(currentMission(missions, 'rtw1')?._id).toBe('m2');
		expect(currentMission(missions, 'rtw9')).toBeUndefined();
	});
});

describe('unitStatus', () => {
	it('is the last pressed status by press time, position reports aside', () => {
		const events = [event('s1', 3, '2026-11-25T08:00:00Z', { missionId: 'm1' }), event('s3', 7, '2026-11-25T08:30:00Z', { missionId: 'm1' }), event('s2', 4, '2026-11-25T08:10:00Z', { missionId: 'm1' }), event('p', 7, '2026-11-25T08:40:00Z', { report: 'position' })];
		expect(unitStatus(events, 'rtw1', 'm1')).toEqual({ status: 7, reachedDestination: false });
		expect(unitStatus([...events, event('s4', 8, '2026-11-25T08:50:00Z', { missionId: 'm1' })], 'rtw1', 'm1').reachedDestination).toBe(true);
	});
});
