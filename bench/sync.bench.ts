// Replication throughput: a fresh client pushes N observations (~400 bytes) to a real server on
// loopback, a second fresh client pulls them; the floor is the same replication PouchDB→PouchDB
// (memory → LevelDB, the server's storage) in one process without HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { testObservation } from '../tests/support/documents.ts';
import { seedTeamInDataDir } from '../tests/support/accounts.ts';
import { startServerProcess } from '../tests/support/server-process.ts';
import { login, remoteDb } from '../tests/support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const DOCS = Number(process.env.BENCH_SYNC_DOCS ?? 10_000);

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
		return {
			docs: DOCS,
			pushMs,
			pullMs,
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
