import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { IdbDatabase } from './idb-store.ts';

interface Row {
	id: string;
	owner: string;
	at: string;
	note?: string;
}

interface LogRow {
	id?: number;
	at: string;
}

const NAME = 'idb-store-test';
const SCHEMA = { rows: { key: 'id', indexes: ['owner', 'at'] }, log: { key: 'id', autoIncrement: true, indexes: ['at'] } } as const;

const opened: IdbDatabase<typeof SCHEMA>[] = [];
function database(version = 2): IdbDatabase<typeof SCHEMA> {
	const db = new IdbDatabase(NAME, version, SCHEMA);
	opened.push(db);
	return db;
}

function deleteDatabase(name: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const req = indexedDB.deleteDatabase(name);
		req.onsuccess = () => resolve();
		req.onerror = () => reject(req.error);
	});
}

afterEach(async () => {
	for (const db of opened.splice(0)) db.close();
	await deleteDatabase(NAME);
	await deleteDatabase('fieldcare-device');
});

const row = (id: string, owner: string, at: string): Row => ({ id, owner, at });

describe('IdbTable', () => {
	it('writes, reads, changes and deletes rows, each in its own transaction', async () => {
		const rows = database().table<Row, string>('rows');
		expect(await rows.put(row('b', 'anna', '2026-01-02'))).toBe('b');
		await rows.put(row('a', 'ben', '2026-01-03'));
		await rows.put(row('c', 'anna', '2026-01-01'));
		expect(await rows.get('a')).toEqual(row('a', 'ben', '2026-01-03'));
		expect(await rows.get('x')).toBeUndefined();
		expect((await rows.all()).map((r) => r.id)).toEqual(['a', 'b', 'c']);
		expect(await rows.keys()).toEqual(['a', 'b', 'c']);
		expect(await rows.count()).toBe(3);

		expect(await rows.update('a', { owner: 'carla', note: 'changed' })).toBe(true);
		expect(await rows.get('a')).toEqual({ ...row('a', 'carla', '2026-01-03'), note: 'changed' });
		expect(await rows.update('x', { note: 'nobody' })).toBe(false);
		expect(await rows.get('x')).toBeUndefined();

		await rows.delete('a');
		await rows.bulkDelete(['b', 'missing']);
		expect(await rows.keys()).toEqual(['c']);
		await rows.clear();
		expect(await rows.count()).toBe(0);
	});

	it('answers by index: equal values in key order, limited; ordered both ways; deletes by index', async () => {
		const rows = database().table<Row, string>('rows');
		for (const r of [row('d', 'anna', '2026-01-04'), row('b', 'anna', '2026-01-02'), row('a', 'ben', '2026-01-01'), row('c', 'anna', '2026-01-03')]) await rows.put(r);
		expect((await rows.where('owner', 'anna')).map((r) => r.id)).toEqual(['b', 'c', 'd']);
		expect((await rows.where('owner', 'anna', 2)).map((r) => r.id)).toEqual(['b', 'c']);
		expect(await rows.where('owner', 'nobody')).toEqual([]);
		expect((await rows.orderedBy('at')).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
		expect((await rows.orderedBy('at', 'descending')).map((r) => r.id)).toEqual(['d', 'c', 'b', 'a']);
		expect(await rows.firstKeysBy('at', 2)).toEqual(['a', 'b']);
		await rows.deleteWhere('owner', 'anna');
		expect(await rows.keys()).toEqual(['a']);
	});

	it('generates keys for an auto-increment table and sets them on the stored row', async () => {
		const log = database().table<LogRow, number>('log');
		const first = await log.add({ at: '2026-01-01' });
		const second = await log.add({ at: '2026-01-02' });
		expect(second).toBe(first + 1);
		expect(await log.get(second)).toEqual({ id: second, at: '2026-01-02' });
	});

	it('rejects a failed write with the storage error and keeps what was there', async () => {
		const rows = database().table<Row, string>('rows');
		await rows.add(row('a', 'anna', '2026-01-01'));
		await expect(rows.add(row('a', 'ben', '2026-02-02'))).rejects.toMatchObject({ name: 'ConstraintError' });
		expect(await rows.get('a')).toEqual(row('a', 'anna', '2026-01-01'));
		// The table stays usable after the failure.
		await rows.put(row('b', 'ben', '2026-01-02'));
		expect(await rows.count()).toBe(2);
	});
});

describe('IdbDatabase', () => {
	it('adds the tables and indexes a newer schema names, keeping the rows of the older one', async () => {
		const older = new IdbDatabase(NAME, 1, { rows: { key: 'id', indexes: ['owner'] } });
		opened.push(older as never);
		await older.table<Row, string>('rows').put(row('a', 'anna', '2026-01-01'));
		older.close();

		const db = database(2);
		expect((await db.open()).version).toBe(20);
		const rows = db.table<Row, string>('rows');
		expect(await rows.get('a')).toEqual(row('a', 'anna', '2026-01-01'));
		expect(await rows.firstKeysBy('at', 1)).toEqual(['a']);
		expect(await db.table<LogRow, number>('log').count()).toBe(0);
	});

	it('opens a database a newer app version raised, and refuses one that lacks its tables', async () => {
		const newer = new IdbDatabase(NAME, 3, { ...SCHEMA, extra: { key: 'id' } });
		opened.push(newer as never);
		await newer.table<Row, string>('rows').put(row('a', 'anna', '2026-01-01'));
		newer.close();
		const db = database(2);
		expect((await db.open()).version).toBe(30);
		expect(await db.table<Row, string>('rows').get('a')).toEqual(row('a', 'anna', '2026-01-01'));
		db.close();
		await deleteDatabase(NAME);

		const stranger = new IdbDatabase(NAME, 5, { other: { key: 'id' } });
		opened.push(stranger as never);
		await stranger.open();
		stranger.close();
		await expect(database(2).open()).rejects.toThrow(/lacks tables rows, log/);
	});

	it('lets another connection delete the database, and opens a new one on the next use', async () => {
		const db = database();
		const rows = db.table<Row, string>('rows');
		await rows.put(row('a', 'anna', '2026-01-01'));
		// Without closing on `versionchange` this would wait forever (a sign-out in another tab).
		await deleteDatabase(NAME);
		expect(await rows.get('a')).toBeUndefined();
		await rows.put(row('b', 'ben', '2026-01-02'));
		expect(await rows.keys()).toEqual(['b']);
	});
});

describe('the device store on a device that Dexie wrote', () => {
	it('reads every table Dexie left, and Dexie reads what the device store wrote', async () => {
		// The app's schema before the change, as Dexie declared it (device-store.ts until stop 24).
		const dexie = new Dexie('fieldcare-device');
		dexie.version(1).stores({ sessions: 'username', settings: 'key', syncLog: '++id, at' });
		dexie.version(2).stores({ pairedDevices: 'id, driverId' });
		dexie.version(3).stores({ mapAreas: 'id, createdAt' });
		dexie.version(4).stores({ drafts: 'key, username' });
		await dexie.table('settings').put({ key: 'deviceId', value: 'dev-1' });
		await dexie.table('sessions').put({ username: 'anna', signedInAt: '2026-01-01T08:00:00Z' });
		await dexie.table('syncLog').add({ at: '2026-01-01T08:00:00Z', database: 'team-a', event: 'up-to-date', detail: '' });
		await dexie.table('drafts').put({ key: 'note|v1|anna', form: 'note', recordId: 'v1', username: 'anna', value: 'Text', updatedAt: '2026-01-01T08:00:00Z' });
		dexie.close();

		const { deviceStore, getSetting, logSync, forgetUser } = await import('./device-store.ts');
		expect(await getSetting('deviceId')).toBe('dev-1');
		expect(await deviceStore.sessions.get('anna')).toMatchObject({ signedInAt: '2026-01-01T08:00:00Z' });
		expect(await deviceStore.drafts.get('note|v1|anna')).toMatchObject({ value: 'Text' });
		await logSync({ at: '2026-01-01T09:00:00Z', database: 'team-a', event: 'error', detail: 'offline' });
		expect((await deviceStore.syncLog.all()).map((entry) => [entry.id, entry.event])).toEqual([
			[1, 'up-to-date'],
			[2, 'error']
		]);
		await forgetUser('anna');
		expect(await deviceStore.drafts.count()).toBe(0);
		deviceStore.database.close();

		const again = new Dexie('fieldcare-device');
		again.version(4).stores({ sessions: 'username', settings: 'key', syncLog: '++id, at', pairedDevices: 'id, driverId', mapAreas: 'id, createdAt', drafts: 'key, username' });
		expect(await again.table('settings').get('deviceId')).toEqual({ key: 'deviceId', value: 'dev-1' });
		expect(await again.table('sessions').count()).toBe(0);
		again.close();
	});
});
