// Live-sync latency: a write on device A until device B has it, both syncing live through the
// server, while 200 other live clients hold their _changes feeds open. The server runs in its own
// process (as in production), and so do the 200 listeners: only A and B share this process.
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { seedTeamInDataDir } from '../tests/support/accounts.ts';
import { testObservation } from '../tests/support/documents.ts';
import { startServerProcess } from '../tests/support/server-process.ts';
import { login, remoteDb } from '../tests/support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const SAMPLES = Number(process.env.BENCH_LIVE_SAMPLES ?? 100);
const OTHER_CLIENTS = Number(process.env.BENCH_LIVE_CLIENTS ?? 200);
const DB = 'team-live';

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function benchLive(): Promise<Record<string, number>> {
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-live-'));
	const [userA, userB, listener] = await seedTeamInDataDir(dataDir, 'live', 3);
	// The other clients share one account here; real devices each have their own (MAX_FEEDS_PER_USER).
	const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_DATA: '0', MAX_FEEDS_PER_USER: String(OTHER_CLIENTS + 10) });
	const feeds: PouchDB.Core.Changes<object>[] = [];
	const syncs: PouchDB.Replication.Sync<object>[] = [];
	try {
		const listeners = fork(new URL('./live-listeners.ts', import.meta.url), [server.url, DB, await login(server.url, listener), String(OTHER_CLIENTS)], {
			execArgv: ['--import', 'tsx']
		});
		await new Promise((resolve) => listeners.once('message', resolve));
		const a = new PouchDB(`live-a-${Math.random()}`, { adapter: 'memory' });
		const b = new PouchDB(`live-b-${Math.random()}`, { adapter: 'memory' });
		syncs.push(a.sync(remoteDb(server.url, DB, await login(server.url, userA)), { live: true, retry: true }));
		syncs.push(b.sync(remoteDb(server.url, DB, await login(server.url, userB)), { live: true, retry: true }));
		await new Promise((resolve) => setTimeout(resolve, 1000)); // every feed connected

		const arrivals = new Map<string, () => void>();
		feeds.push(b.changes({ live: true, since: 'now' }).on('change', (change) => arrivals.get(change.id)?.()));
		const latencies: number[] = [];
		for (let i = 0; i < SAMPLES; i++) {
			const doc = testObservation(`live-${i}`, userA);
			const arrived = new Promise<void>((resolve) => arrivals.set(doc._id, resolve));
			const start = performance.now();
			await a.put(doc);
			await arrived;
			latencies.push(performance.now() - start);
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
		latencies.sort((x, y) => x - y);
		await new Promise((resolve) => setTimeout(resolve, 500));
		listeners.send({ stop: true });
		const { deliveries } = (await new Promise((resolve) => listeners.once('message', resolve))) as { deliveries: number };
		return {
			samples: SAMPLES,
			otherLiveClients: OTHER_CLIENTS,
			p50Ms: percentile(latencies, 50),
			p99Ms: percentile(latencies, 99),
			maxMs: latencies.at(-1)!,
			// Each write reaches every listener: the fan-out the server carried meanwhile.
			fanOutDeliveries: deliveries
		};
	} finally {
		for (const feed of feeds) feed.cancel();
		for (const sync of syncs) sync.cancel();
		server.child.kill('SIGINT');
		await server.exited;
		await rm(dataDir, { recursive: true, force: true });
	}
}
