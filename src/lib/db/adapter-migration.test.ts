import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { describe, expect, it } from 'vitest';
import { AdapterMigrationError, copyForMove, finishMove, type AdapterMigrationOptions, type AdapterMigrationState } from './adapter-migration.ts';
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
		openTarget: () => open(`new-${id}`),
		loadState: async () => settings.state,
		saveState: async (state) => void (settings.state = state),
		loadPushedSeq: async () => settings.pushedSeq,
		savePushedSeq: async (seq) => void (settings.pushedSeq = seq)
	};
	/** The session's handle on the old database, as the app keeps working on it during the copy. */
	const session = open(`old-${id}`);
	return { options, settings, session, target: () => open(`new-${id}`), exists: () => exists };
}

const unsentIn = async (db: LocalDatabase, since: number) => [...new Set((await db.changes({ since })).results.map((c) => c.id))].sort();

describe('moving a team database to the adapter that can purge', () => {
	it('opens the old database and copies beside the session; the next start switches, keeping exactly the unsent entries unsent', async () => {
		const device = await oldDevice([note('a'), note('b'), note('c')], [note('offline-1')]);
		expect(await finishMove(device.options)).toBe('not-copied');
		const copy = copyForMove(device.session, device.options);
		// The session goes on offline: an entry written during the copy, and one after it.
		await device.session.put(note('during-copy'));
		expect(await copy.finished).toBe('copied');
		expect(device.settings.state).toMatchObject({ copied: true, done: false });
		await device.session.put(note('offline-2'));
		expect(device.exists()).toBe(true);

		expect(await finishMove(device.options)).toBe('moved');
		const target = device.target();
		expect((await target.info()).doc_count).toBe(6);
		expect(await unsentIn(target, device.settings.pushedSeq)).toEqual(['note:during-copy', 'note:offline-1', 'note:offline-2']);
		expect(device.exists()).toBe(false);
		expect(device.settings.state).toMatchObject({ done: true });
		expect(await finishMove(device.options)).toBe('nothing-to-move');
	});

	it('keeps an old document edited offline unsent, with its whole history', async () => {
		const device = await oldDevice([note('a'), note('b')], []);
		const a = await device.session.get('note:a');
		await device.session.put({ ...a, text: 'edited offline' });
		await copyForMove(device.session, device.options).finished;
		await finishMove(device.options);
		const target = device.target();
		expect(await unsentIn(target, device.settings.pushedSeq)).toEqual(['note:a']);
		const moved = await target.get('note:a', { revs: true });
		expect(moved.text).toBe('edited offline');
		expect((moved._revisions as { ids: string[] }).ids).toHaveLength(2);
	});

	it('keeps conflicts for a person to settle', async () => {
		const device = await oldDevice([note('a')], []);
		await device.session.bulkDocs([{ ...note('a', 'other device'), _rev: '1-ffffffffffffffffffffffffffffffff' }], { new_edits: false });
		await copyForMove(device.session, device.options).finished;
		await finishMove(device.options);
		const moved = await device.target().get('note:a', { conflicts: true });
		expect(moved._conflicts).toHaveLength(1);
	});

	it('a copy stopped with the session resumes from its checkpoint in the next', async () => {
		const device = await oldDevice(Array.from({ length: 1200 }, (_, i) => note(`n${i}`)), []);
		const first = copyForMove(device.session, device.options);
		// Stopped once its first batch (500 of 1,200) is in the new database.
		const copiedSoFar = async () => (device.settings.state?.copying ? (await device.target().info()).doc_count : 0);
		while ((await copiedSoFar()) === 0) await new Promise((resolve) => setTimeout(resolve, 1));
		first.cancel();
		expect(await first.finished).toBe('cancelled');
		expect(device.settings.state).toMatchObject({ copying: true, done: false });
		expect(device.settings.state?.copiedSeq).toBeGreaterThanOrEqual(500);
		expect((await device.target().info()).doc_count).toBeLessThan(1200);
		// A mark in the partial copy: resumed, it is still there after the copy; started afresh, it would be gone.
		await device.target().put({ _id: '_local/mark' });
		expect(await finishMove(device.options)).toBe('not-copied');
		expect(await copyForMove(device.session, device.options).finished).toBe('copied');
		await expect(device.target().get('_local/mark')).resolves.toMatchObject({ _id: '_local/mark' });
		expect(await finishMove(device.options)).toBe('moved');
		expect((await device.target().info()).doc_count).toBe(1200);
	});

	it('starts a copy afresh when the new database holds something that is not a copy begun before', async () => {
		const device = await oldDevice([note('a')], []);
		await device.target().put(note('left-from-another-session'));
		await copyForMove(device.session, device.options).finished;
		expect(await finishMove(device.options)).toBe('moved');
		expect((await device.target().allDocs()).rows.map((row) => row.id)).toEqual(['note:a']);
	});

	it('leaves the old database the truth when the copy does not match it', async () => {
		const device = await oldDevice([note('a')], [note('offline')]);
		await copyForMove(device.session, device.options).finished;
		// Something else in the new database (it is not the old one's copy).
		await device.target().put(note('stranger'));
		const pushedBefore = device.settings.pushedSeq;
		await expect(finishMove(device.options)).rejects.toBeInstanceOf(AdapterMigrationError);
		expect(device.exists()).toBe(true);
		expect(device.settings.pushedSeq).toBe(pushedBefore);
	});

	it('puts the pushed sequence back into the old numbers after an earlier version\'s switch died half-way', async () => {
		const device = await oldDevice([note('a'), note('b')], [note('offline')]);
		const oldPushedSeq = device.settings.pushedSeq;
		device.settings.state = { oldPushedSeq, done: false };
		device.settings.pushedSeq = 999;
		expect(await finishMove(device.options)).toBe('not-copied');
		expect(device.settings.pushedSeq).toBe(oldPushedSeq);
		expect(device.settings.state).toEqual({ done: false });
	});

	it('only removes the old database when the switch was done before', async () => {
		const device = await oldDevice([note('a')], []);
		device.settings.state = { copied: true, oldPushedSeq: 1, done: true };
		device.settings.pushedSeq = 7;
		expect(await finishMove(device.options)).toBe('old-removed');
		expect(device.exists()).toBe(false);
		expect(device.settings.pushedSeq).toBe(7);
	});
});
