import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { describe, expect, it } from 'vitest';
import { migrateAdapter, type AdapterMigrationOptions, type AdapterMigrationState } from './adapter-migration.ts';
import type { LocalDatabase } from './local-databases.ts';

PouchDB.plugin(memoryAdapter);
const open = (name: string) => new PouchDB(name, { adapter: 'memory' }) as unknown as LocalDatabase;
const note = (key: string, text = key) => ({ _id: `note:${key}`, type: 'note', text });

/** An old-adapter database that synced `sent` and then got `unsent` offline; the settings as TeamSync left them. */
async function oldDevice(sent: Record<string, unknown>[], unsent: Record<string, unknown>[]) {
	const id = Math.random().toString(36).slice(2);
	const source = open(`old-${id}`);
	await source.bulkDocs(sent);
	const settings: { pushedSeq: number; state?: AdapterMigrationState } = { pushedSeq: Number((await source.info()).update_seq) };
	await source.bulkDocs(unsent);
	let exists = true;
	const options: AdapterMigrationOptions = {
		sourceExists: async () => exists,
		openSource: () => {
			const db = open(`old-${id}`);
			const destroy = db.destroy.bind(db);
			return Object.assign(db, { destroy: async () => ((exists = false), destroy()) }) as LocalDatabase;
		},
		openEmptyTarget: async () => {
			await open(`new-${id}`).destroy();
			return open(`new-${id}`);
		},
		loadState: async () => settings.state,
		saveState: async (state) => void (settings.state = state),
		loadPushedSeq: async () => settings.pushedSeq,
		savePushedSeq: async (seq) => void (settings.pushedSeq = seq)
	};
	return { options, settings, target: () => open(`new-${id}`), exists: () => exists };
}

const unsentIn = async (db: LocalDatabase, since: number) => (await db.changes({ since })).results.map((c) => c.id).sort();

describe('moving a team database to the adapter that can purge', () => {
	it('copies every document and keeps exactly the unsent ones unsent in the new numbering', async () => {
		const device = await oldDevice([note('a'), note('b'), note('c')], [note('offline-1'), note('offline-2')]);
		expect(await migrateAdapter(device.options)).toBe('moved');
		const target = device.target();
		expect((await target.info()).doc_count).toBe(5);
		expect(await unsentIn(target, device.settings.pushedSeq)).toEqual(['note:offline-1', 'note:offline-2']);
		expect(device.exists()).toBe(false);
		expect(await migrateAdapter(device.options)).toBe('nothing-to-move');
	});

	it('keeps an old document edited offline unsent, with its whole history', async () => {
		const device = await oldDevice([note('a'), note('b')], []);
		const source = device.options.openSource();
		const a = await source.get('note:a');
		await source.put({ ...a, text: 'edited offline' });
		await migrateAdapter(device.options);
		const target = device.target();
		expect(await unsentIn(target, device.settings.pushedSeq)).toEqual(['note:a']);
		const moved = await target.get('note:a', { revs: true });
		expect(moved.text).toBe('edited offline');
		expect((moved._revisions as { ids: string[] }).ids).toHaveLength(2);
	});

	it('keeps conflicts for a person to settle', async () => {
		const device = await oldDevice([note('a')], []);
		const source = device.options.openSource();
		await source.bulkDocs([{ ...note('a', 'other device'), _rev: '1-ffffffffffffffffffffffffffffffff' }], { new_edits: false });
		await migrateAdapter(device.options);
		const moved = await device.target().get('note:a', { conflicts: true });
		expect(moved._conflicts).toHaveLength(1);
	});

	it('starts over from the old database after an interrupted move, with the old pushed sequence', async () => {
		const device = await oldDevice([note('a'), note('b')], [note('offline')]);
		const oldPushedSeq = device.settings.pushedSeq;
		// A move that died after copying everything in one go (the unsent entry among the first) and writing the new sequence.
		device.settings.state = { oldPushedSeq, done: false };
		const half = await device.options.openEmptyTarget();
		await half.bulkDocs([note('offline'), note('a'), note('b')]);
		device.settings.pushedSeq = 999;
		expect(await migrateAdapter(device.options)).toBe('moved');
		expect(await unsentIn(device.target(), device.settings.pushedSeq)).toEqual(['note:offline']);
		expect(device.settings.state).toEqual({ oldPushedSeq, done: true });
	});

	it('only removes the old database when the move was done before', async () => {
		const device = await oldDevice([note('a')], []);
		device.settings.state = { oldPushedSeq: 1, done: true };
		device.settings.pushedSeq = 7;
		expect(await migrateAdapter(device.options)).toBe('old-removed');
		expect(device.exists()).toBe(false);
		expect(device.settings.pushedSeq).toBe(7);
	});
});
