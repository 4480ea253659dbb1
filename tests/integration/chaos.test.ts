// Chaos, bounded and on loopback: three nurses' devices write 1,000 documents each, go offline at
// random, edit the same patients concurrently, and the server is killed with SIGKILL mid-push and
// restarted. After convergence every side holds every document, the same winning revision and the
// same conflicts, and every revision any device wrote is on the server (as a leaf, an ancestor, or a
// conflict leaf the server closed after merging its values).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, describe, expect, it } from 'vitest';
import { MERGE_AUTHOR, mulberry32 } from '../../src/lib/domain/index.ts';
import { testObservation, testPatient } from '../support/documents.ts';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process.ts';
import { seedTeamInDataDir } from '../support/accounts.ts';
import { login, remoteDb } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const CLIENTS = 3;
const DOCS_PER_CLIENT = 1000;
const ROUNDS = 10;
const SHARED_PATIENTS = 20;
const KILL_IN_ROUNDS = new Set([3, 7]);
const DB = 'team-chaos';

const SEED = Number(process.env.CHAOS_SEED ?? 20261124);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-chaos-'));
let server: ServerProcess | undefined;
afterAll(async () => {
	server?.child.kill('SIGKILL');
	await rm(dataDir, { recursive: true, force: true });
});

type Db = PouchDB.Database<Record<string, unknown>>;
interface Device {
	user: string;
	db: Db;
	token: string;
}

/** One push and one pull; a failure (server gone) is what offline devices live with. */
async function trySync(device: Device, url: string): Promise<boolean> {
	const remote = remoteDb(url, DB, device.token) as unknown as Db;
	try {
		await device.db.replicate.to(remote);
		await device.db.replicate.from(remote);
		return true;
	} catch {
		return false;
	} finally {
		await remote.close().catch(() => undefined);
	}
}

async function editPatient(device: Device, id: string, random: () => number): Promise<void> {
	const doc = await device.db.get(id);
	await device.db.put({ ...doc, phone: `03671 ${Math.floor(random() * 1e6)}`, updatedAt: new Date().toISOString(), updatedBy: device.user });
}

async function state(db: Db): Promise<Map<string, string>> {
	const all = await db.allDocs({ include_docs: true, conflicts: true });
	return new Map(all.rows.map((row) => [row.id, `${row.value.rev} ${JSON.stringify(((row.doc as { _conflicts?: string[] })._conflicts ?? []).sort())}`]));
}

describe('chaos: offline devices, concurrent edits, a killed server', () => {
	it('converges with zero lost writes', { timeout: 240_000 }, async () => {
		const random = mulberry32(SEED);
		await seedTeamInDataDir(dataDir, 'chaos', CLIENTS);
		const port = String(await freePort());
		const start = () => startServerProcess({ DATA_DIR: dataDir, PORT: port, DEMO_DATA: '0' });
		server = await start();
		const url = server.url;

		const devices: Device[] = [];
		for (let i = 1; i <= CLIENTS; i++) {
			const user = `nurse.${i}`;
			devices.push({ user, token: await login(url, user), db: new PouchDB(`chaos-${i}-${SEED}-${Math.random()}`, { adapter: 'memory' }) });
		}
		const shared = Array.from({ length: SHARED_PATIENTS }, (_, i) => testPatient(`shared-${i}`, 'nurse.1'));
		const sharedIds = shared.map((doc) => doc._id);
		await devices[0].db.bulkDocs(shared);
		for (const device of devices) expect(await trySync(device, url)).toBe(true);
		for (const device of devices) expect(await trySync(device, url)).toBe(true);

		const perRound = DOCS_PER_CLIENT / ROUNDS;
		let kills = 0;
		let interrupted = 0;
		for (let round = 0; round < ROUNDS; round++) {
			await Promise.all(
				devices.map(async (device) => {
					const docs = Array.from({ length: perRound }, (_, k) => {
						const key = `${device.user}-r${round}-${k}`;
						return k % 10 === 0 ? testPatient(key, device.user) : testObservation(key, device.user);
					});
					await device.db.bulkDocs(docs);
					for (let e = 0; e < 3; e++) await editPatient(device, shared[Math.floor(random() * SHARED_PATIENTS)]._id, random);
				})
			);
			// In a kill round everyone is online, so the kill lands in the middle of their pushes.
			const online = KILL_IN_ROUNDS.has(round) ? devices : devices.filter(() => random() < 0.6);
			const syncing = Promise.all(online.map((device) => trySync(device, url)));
			if (KILL_IN_ROUNDS.has(round)) {
				await new Promise((resolve) => setTimeout(resolve, 10 + random() * 40));
				server.child.kill('SIGKILL');
				await server.exited;
				kills++;
				interrupted += (await syncing).filter((ok) => !ok).length;
				server = await start();
			} else await syncing;
		}
		expect(kills).toBe(KILL_IN_ROUNDS.size);
		expect(interrupted).toBeGreaterThan(0); // the kills did cut replications short

		// Every revision each device holds now must survive convergence.
		const localLeaves = await Promise.all(
			devices.map(async (device) => {
				const all = await device.db.allDocs({ include_docs: true, conflicts: true });
				return all.rows.flatMap((row) => [row.value.rev, ...((row.doc as { _conflicts?: string[] })._conflicts ?? [])].map((rev) => [row.id, rev] as const));
			})
		);

		for (let pass = 0; pass < 3; pass++) for (const device of devices) expect(await trySync(device, url)).toBe(true);

		const serverDb = remoteDb(url, DB, devices[0].token) as unknown as Db;
		const serverState = await state(serverDb);
		expect(serverState.size).toBe(CLIENTS * DOCS_PER_CLIENT + SHARED_PATIENTS);
		for (const device of devices) expect(await state(device.db)).toEqual(serverState);

		// The concurrent edits really did collide, and the server merged them field by field.
		const sharedNow = await serverDb.allDocs({ keys: sharedIds, include_docs: true });
		const merged = sharedNow.rows.filter((row) => 'doc' in row && (row.doc as { updatedBy?: string }).updatedBy === MERGE_AUTHOR);
		expect(merged.length).toBeGreaterThan(0);

		for (const leaves of localLeaves) {
			const wanted: Record<string, string[]> = {};
			for (const [id, rev] of leaves) (wanted[id] ??= []).push(rev);
			const missing = await serverDb.revsDiff(wanted);
			expect(Object.keys(missing)).toEqual([]);
		}
	});
});
