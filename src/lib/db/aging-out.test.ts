import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { describe, expect, it } from 'vitest';
import { ageOut, type KeepOnDevice } from './aging-out.ts';
import type { LocalDatabase } from './local-databases.ts';
import { observationSeries } from './observation-series.ts';

PouchDB.plugin(memoryAdapter);
const fresh = (name: string) => new PouchDB(`${name}-${Math.random()}`, { adapter: 'memory' }) as unknown as LocalDatabase;

const NOW = new Date('2026-11-24T10:00:00.000Z');
const OLD = '2026-06-01T08:00:00.000Z';
const RECENT = '2026-11-20T08:00:00.000Z';
/** Stands in for the team's retention window: anything created before October ages out. */
const keepRecent: KeepOnDevice = (doc, now) => {
	expect(now).toBe(NOW);
	return String(doc.createdAt) >= '2026-10-01';
};

const note = (key: string, createdAt: string) => ({ _id: `note:${key}`, type: 'note', createdAt, text: key });

/** A device that has synced `docs` with the server and settled: returns the pushed sequence. */
async function syncedDevice(docs: Record<string, unknown>[]) {
	const local = fresh('device');
	const server = fresh('server');
	await local.bulkDocs(docs);
	await local.replicate.to(server);
	const pushedSeq = Number((await local.info()).update_seq);
	const purged: string[] = [];
	const purge = async (id: string, rev: string) => void purged.push(`${id}@${rev.split('-')[0]}`);
	return { local, server, pushedSeq, purged, purge };
}

describe('aging out', () => {
	it('removes an aged-out document the server holds and keeps the ones inside the window', async () => {
		const device = await syncedDevice([note('old', OLD), note('recent', RECENT), note('old-2', OLD)]);
		const result = await ageOut({ ...device, remote: () => device.server, keep: keepRecent, now: NOW });
		expect(device.purged.sort()).toEqual(['note:old-2@1', 'note:old@1']);
		expect(result).toEqual({ removed: 2, keptUnsent: 0, scanned: 3 });
	});

	it('never removes an old entry changed after the last settled sync', async () => {
		const device = await syncedDevice([note('old', OLD), note('old-edited', OLD)]);
		const edited = await device.local.get('note:old-edited');
		await device.local.put({ ...edited, text: 'changed offline' });
		const result = await ageOut({ ...device, remote: () => device.server, keep: keepRecent, now: NOW });
		expect(device.purged).toEqual(['note:old@1']);
		expect(result).toMatchObject({ removed: 1, keptUnsent: 1 });
	});

	it('never removes an old entry the server does not hold, whatever the pushed sequence says (a refused write)', async () => {
		const device = await syncedDevice([note('old', OLD)]);
		await device.local.put(note('refused', OLD));
		const pushedSeq = Number((await device.local.info()).update_seq);
		const result = await ageOut({ ...device, pushedSeq, remote: () => device.server, keep: keepRecent, now: NOW });
		expect(device.purged).toEqual(['note:old@1']);
		expect(result).toMatchObject({ removed: 1, keptUnsent: 1 });
	});

	it('keeps an old document with an unresolved conflict', async () => {
		const device = await syncedDevice([note('old', OLD)]);
		await device.local.bulkDocs([{ ...note('old', OLD), text: 'other device', _rev: '1-ffffffffffffffffffffffffffffffff' }], { new_edits: false });
		await device.local.replicate.to(device.server);
		const pushedSeq = Number((await device.local.info()).update_seq);
		const result = await ageOut({ ...device, pushedSeq, remote: () => device.server, keep: keepRecent, now: NOW });
		expect(device.purged).toEqual([]);
		expect(result).toMatchObject({ removed: 0, keptUnsent: 1 });
	});

	it('removes every leaf of a settled conflict, the winner last', async () => {
		const device = await syncedDevice([note('old', OLD)]);
		await device.local.bulkDocs([{ ...note('old', OLD), text: 'other device', _rev: '1-00000000000000000000000000000000' }], { new_edits: false });
		await device.local.remove('note:old', '1-00000000000000000000000000000000');
		await device.local.replicate.to(device.server);
		const pushedSeq = Number((await device.local.info()).update_seq);
		const result = await ageOut({ ...device, pushedSeq, remote: () => device.server, keep: keepRecent, now: NOW });
		expect(device.purged).toHaveLength(2);
		expect(device.purged.at(-1)).toBe(`note:old@1`);
		expect(device.purged[0]).toBe('note:old@2');
		expect(result).toMatchObject({ removed: 1, keptUnsent: 0 });
	});

	it('keeps a document whose purge PouchDB refuses (edited between reading and removing)', async () => {
		const device = await syncedDevice([note('old', OLD), note('busy', OLD)]);
		const purge = async (id: string, rev: string) => {
			if (id === 'note:busy') throw Object.assign(new Error('The requested revision is not a leaf'), { status: 400 });
			await device.purge(id, rev);
		};
		const result = await ageOut({ ...device, purge, remote: () => device.server, keep: keepRecent, now: NOW });
		expect(device.purged).toEqual(['note:old@1']);
		expect(result).toMatchObject({ removed: 1, keptUnsent: 1 });
	});

	it('works in small steps, giving the main thread back between them, and stops when cancelled', async () => {
		const docs = Array.from({ length: 25 }, (_, i) => note(`n${String(i).padStart(2, '0')}`, OLD));
		const device = await syncedDevice(docs);
		let breaths = 0;
		const all = await ageOut({ ...device, remote: () => device.server, keep: keepRecent, now: NOW, batchSize: 10, breathe: async () => void breaths++ });
		expect(all.removed).toBe(25);
		expect(breaths).toBe(2);

		device.purged.length = 0;
		let steps = 0;
		const cancelled = await ageOut({
			...device,
			remote: () => device.server,
			keep: keepRecent,
			now: NOW,
			batchSize: 10,
			breathe: async () => void steps++,
			cancelled: () => steps >= 1
		});
		expect(cancelled.removed).toBe(10);
	});

	it('drops the kept trend series of a patient whose observation aged out, and only that one', async () => {
		const observation = (key: string, patient: string, createdAt: string) => ({
			_id: `observation:${patient}:${key}`,
			type: 'observation',
			patientId: `patient:${patient}`,
			createdAt,
			effectiveAt: createdAt,
			code: '8867-4',
			value: 70,
			unit: '/min'
		});
		const device = await syncedDevice([observation('01', 'p1', OLD), observation('02', 'p1', RECENT), observation('03', 'p2', RECENT)]);
		await observationSeries(device.local, 'patient:p1');
		await observationSeries(device.local, 'patient:p2');
		await ageOut({ ...device, remote: () => device.server, keep: keepRecent, now: NOW });
		expect(device.purged).toEqual(['observation:p1:01@1']);
		await expect(device.local.get('_local/series:patient:p1')).rejects.toMatchObject({ status: 404 });
		expect(await device.local.get('_local/series:patient:p2')).toBeTruthy();
	});
});
