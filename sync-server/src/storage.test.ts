import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { LevelStorage } from './storage.ts';

const run = promisify(execFile);
let dir: string | undefined;
afterEach(async () => {
	if (dir) await rm(dir, { recursive: true, force: true });
});

/** Opens a LevelDB database of PouchDB in another process, as a second server or the bench would. */
async function openElsewhere(dbPath: string): Promise<string> {
	const script = `const PouchDB = require('pouchdb'); new PouchDB(process.argv[1], { adapter: 'leveldb' }).info().then(() => console.log('opened'), (err) => console.log(err.name))`;
	const { stdout } = await run(process.execPath, ['-e', script, dbPath], { cwd: process.cwd() });
	return stdout.trim();
}

describe('LevelStorage', () => {
	it('closes the databases of pouchdb-find views with their database: another process can open them after close', async () => {
		dir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-storage-'));
		const storage = await LevelStorage.create(dir);
		const db = storage.database('team-a');
		await db.put({ _id: 'visit:1', type: 'visit', date: '2026-12-06' });
		await db.createIndex({ index: { fields: ['type', 'date'], name: 'by-date', ddoc: 'by-date' } });
		expect((await db.find({ selector: { type: 'visit', date: { $gte: '' } } })).docs).toHaveLength(1);
		const views = (await readdir(dir)).filter((name) => name.includes('-mrview-'));
		expect(views).toHaveLength(1);
		expect(await openElsewhere(path.join(dir, views[0]))).not.toBe('opened');
		await storage.close();
		expect(await openElsewhere(path.join(dir, views[0]))).toBe('opened');
		expect(await openElsewhere(path.join(dir, 'team-a'))).toBe('opened');
	});
});
