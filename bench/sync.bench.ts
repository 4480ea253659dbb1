// Replication throughput: a fresh client pushes N observations (~400 bytes) to a real server on
// loopback, a second fresh client pulls them; the floor is the same replication PouchDB→PouchDB
// (memory → LevelDB, the server's storage) in one process without HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { recordFieldEdits } from '../src/lib/domain/index.ts';
import { testObservation, testPatient } from '../tests/support/documents.ts';
import { seedTeamInDataDir } from '../tests/support/accounts.ts';
import { startServerProcess } from '../tests/support/server-process.ts';
import { login, remoteDb } from '../tests/support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const DOCS = Number(process.env.BENCH_SYNC_DOCS ?? 10_000);
/** Edits pushed after the creations: each is checked against the stored revision it grows from. */
const EDITS = Number(process.env.BENCH_SYNC_EDITS ?? 2_000);

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
	const start = performance.now();
	const result = await run();
	return [performance.now() - start, result];
}

function observations(author: string): ReturnType<typeof testObservation>[] {
	return Array.from({ length: DOCS }, (_, i) => testObservation(`o${String(i).padStart(6, '0')}`, author, `p${i % 40}`));
}

export async function benchSync(): Promise<Record<string, number>> {
	const memory = (name: string) => new PouchDB(`${name}-${Math.random()}`, { adapter: 'memory' });

	// Floor: the same replications, PouchDB to a LevelDB PouchDB in this process.
	const floorDir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-bench-'));
	const floorTarget = new PouchDB(path.join(floorDir, 'floor'));
	const floorSource = memory('floor-source');
	await floorSource.bulkDocs(observations('nurse.1'));
	const [floorPushMs] = await timed(() => floorSource.replicate.to(floorTarget));
	const [floorPullMs] = await timed(() => memory('floor-pull').replicate.from(floorTarget));
	await floorTarget.close();
	await rm(floorDir, { recursive: true, force: true });

	// The server in its own process, as in production: client and server each have a core.
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-bench-server-'));
	const [user] = await seedTeamInDataDir(dataDir, 'bench', 1);
	const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_DATA: '0' });
	try {
		const token = await login(server.url, user);
		const source = memory('source');
		await source.bulkDocs(observations(user));
		const [pushMs, push] = await timed(() => source.replicate.to(remoteDb(server.url, 'team-bench', token)));
		const [pullMs, pull] = await timed(() => memory('pull').replicate.from(remoteDb(server.url, 'team-bench', token)));
		if (push.docs_written !== DOCS || pull.docs_written !== DOCS) throw new Error(`replication incomplete: pushed ${push.docs_written}, pulled ${pull.docs_written}`);

		// Edits of existing patients, made offline the way the app makes them, then pushed.
		const editor = memory('editor');
		await editor.bulkDocs(Array.from({ length: EDITS }, (_, i) => testPatient(`e${i}`, user)));
		await editor.replicate.to(remoteDb(server.url, 'team-bench', token));
		const at = new Date().toISOString();
		const rows = await editor.allDocs({ include_docs: true });
		await editor.bulkDocs(
			rows.rows.map((row) => {
				const before = row.doc as unknown as Record<string, unknown>;
				const next: Record<string, unknown> = { ...before, phone: '03671 0000', updatedAt: at, updatedBy: user };
				return { ...next, fieldEdits: recordFieldEdits(before, next, { at, by: user }) };
			})
		);
		const [editPushMs, edited] = await timed(() => editor.replicate.to(remoteDb(server.url, 'team-bench', token)));
		if (edited.docs_written !== EDITS) throw new Error(`edits incomplete: ${edited.docs_written} of ${EDITS} (${edited.doc_write_failures} refused)`);
		return {
			docs: DOCS,
			pushMs,
			pullMs,
			edits: EDITS,
			editPushMs,
			floorPushMs,
			floorPullMs,
			pushRatio: pushMs / floorPushMs,
			pullRatio: pullMs / floorPullMs
		};
	} finally {
		server.child.kill('SIGINT');
		await server.exited;
		await rm(dataDir, { recursive: true, force: true });
	}
}
