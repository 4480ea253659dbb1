import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { describe, expect, it } from 'vitest';
import type { LocalDatabase } from './local-databases.ts';
import { createMission, recentPositionReports, recordStatus, statusPresses } from './missions.ts';

PouchDB.plugin(memoryAdapter);
const fresh = () => new PouchDB(`missions-${Math.random()}`, { adapter: 'memory' }) as unknown as LocalDatabase;
const crew = (minute: number) => ({ username: 'rtw1', deviceId: 'dev-1', now: new Date(Date.UTC(2026, 10, 25, 9, minute)) });

describe('status events', () => {
	it('keeps position reports out of the presses, and reads recent ones newest first', async () => {
		const db = fresh();
		const mission = await createMission(db, { keyword: 'RD 1', priority: 1, address: 'Markt 1', unitId: 'rtw1' }, crew(0));
		const position = { lat: 50.6, lon: 11.3, accuracyM: 10 };
		await recordStatus(db, { unitId: 'rtw1', status: 2 }, crew(1));
		await recordStatus(db, { unitId: 'rtw1', status: 3, missionId: mission._id }, crew(2));
		await recordStatus(db, { unitId: 'rtw1', status: 3, missionId: mission._id, report: 'position', position }, crew(3));
		await recordStatus(db, { unitId: 'rtw1', status: 3, missionId: mission._id, report: 'position', position }, crew(10));
		await recordStatus(db, { unitId: 'rtw1', status: 4, missionId: mission._id }, crew(11));

		expect((await statusPresses(db)).map((e) => e.status).sort()).toEqual([2, 3, 4]);
		const recent = await recentPositionReports(db, new Date(Date.UTC(2026, 10, 25, 9, 5)), 10);
		expect(recent.map((e) => e.at)).toEqual(['2026-11-25T09:10:00.000Z']);
		expect((await recentPositionReports(db, new Date(Date.UTC(2026, 10, 25, 9, 0)), 10)).map((e) => e.at)).toEqual(['2026-11-25T09:10:00.000Z', '2026-11-25T09:03:00.000Z']);
		expect(await recentPositionReports(db, new Date(Date.UTC(2026, 10, 25, 9, 0)), 1)).toHaveLength(1);
	});
});
