// Replication throughput: a fresh client pushes N observations to a real server on loopback,
// a second fresh client pulls them; the floor is the same replication PouchDB→PouchDB without HTTP.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { testObservation } from '../tests/support/documents.ts';
import { login, remoteDb, seedTwoTeams, startTestServer } from '../tests/support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const DOCS = Number(process.env.BENCH_SYNC_DOCS ?? 10_000);

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
	const start = performance.now();
	const result = await run();
	return [performance.now() - start, result];
}

function observations(): ReturnType<typeof testObservation>[] {
	return Array.from({ length: DOCS }, (_, i) => testObservation(`o${String(i).padStart(6, '0')}`, 'nurse.a', `p${i % 40}`));
}

export async function benchSync(): Promise<Record<string, number>> {
	const memory = (name: string) => new PouchDB(`${name}-${Math.random()}`, { adapter: 'memory' });

	// Floor: the same replications, PouchDB to a LevelDB PouchDB in this process.
	const floorDir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-bench-'));
	const floorTarget = new PouchDB(path.join(floorDir, 'floor'));
	const floorSource = memory('floor-source');
	await floorSource.bulkDocs(observations());
	const [floorPushMs] = await timed(() => floorSource.replicate.to(floorTarget));
	const [floorPullMs] = await timed(() => memory('floor-pull').replicate.from(floorTarget));
	await floorTarget.close();
	await rm(floorDir, { recursive: true, force: true });

	const server = await startTestServer();
	try {
		await seedTwoTeams(server.app);
		const token = await login(server.url, 'nurse.a');
		const source = memory('source');
		await source.bulkDocs(observations());
		const [pushMs, push] = await timed(() => source.replicate.to(remoteDb(server.url, 'team-pflege-a', token)));
		const [pullMs, pull] = await timed(() => memory('pull').replicate.from(remoteDb(server.url, 'team-pflege-a', token)));
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
		await server.close();
	}
}
