// Console fan-out: a paramedic's status documents reaching 50 dispatcher consoles through
// GET /api/live (Server-Sent Events). Target: p99 delivery under 500 ms on loopback. The server,
// the consoles and the writer run in three processes; latency is from the moment the writer sends
// a document to the moment a console has read its event (wall clock, shared by the processes).
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { docId, SCHEMA_VERSION, type StatusEvent } from '../src/lib/domain/index.ts';
import { buildApp } from '../sync-server/src/app.ts';
import { readConfig } from '../sync-server/src/config.ts';
import { startServerProcess } from '../tests/support/server-process.ts';
import { login, TEST_PASSWORD } from '../tests/support/test-server.ts';

const CONSOLES = Number(process.env.BENCH_FANOUT_CONSOLES ?? 50);
const WRITES = Number(process.env.BENCH_FANOUT_WRITES ?? 200);
const WRITES_PER_SECOND = Number(process.env.BENCH_FANOUT_RATE ?? 20);
/** Dispatcher accounts the consoles share: the server allows 8 streams per user. */
const DISPATCHERS = Math.ceil(CONSOLES / 5);
const REGION = 'bench';
const AMBULANCE = 'rw-fanout';
/** A region's databases: every console follows all three, the writes land in one. */
const TEAMS = [
	{ id: AMBULANCE, name: 'Rettungswache Fanout', kind: 'ambulance' },
	{ id: 'pflege-fanout', name: 'Pflege Fanout', kind: 'nursing' },
	{ id: 'leitstelle-fanout', name: 'Leitstelle Fanout', kind: 'dispatch' }
] as const;
/** How long to wait for the last deliveries after the last write. */
const SETTLE_MS = 3000;

const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function seed(dataDir: string): Promise<{ paramedic: string; dispatchers: string[] }> {
	const app = await buildApp({ ...readConfig({ DEMO_DATA: '0', LOG_LEVEL: 'warn' }), dataDir, staticDir: undefined });
	try {
		for (const team of TEAMS) await app.accounts.saveTeam({ ...team, region: REGION });
		const paramedic = 'sani.1';
		await app.accounts.createUser({ username: paramedic, displayName: paramedic, role: 'paramedic', teams: [AMBULANCE], password: TEST_PASSWORD });
		const dispatchers = Array.from({ length: DISPATCHERS }, (_, i) => `disp.${i + 1}`);
		for (const username of dispatchers) {
			await app.accounts.createUser({ username, displayName: username, role: 'dispatcher', teams: TEAMS.map((t) => t.id), password: TEST_PASSWORD });
		}
		return { paramedic, dispatchers };
	} finally {
		await app.fastify.close();
	}
}

function statusEvent(i: number, createdBy: string): StatusEvent {
	const at = new Date().toISOString();
	return {
		_id: docId('status', `fanout-${String(i).padStart(4, '0')}`),
		type: 'status',
		schemaVersion: SCHEMA_VERSION,
		createdAt: at,
		createdBy,
		deviceId: 'bench-device',
		unitId: `rtw-${(i % 4) + 1}`,
		status: [3, 4, 7, 8, 1][i % 5],
		at
	};
}

export async function benchConsoleFanout(): Promise<Record<string, number>> {
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-fanout-'));
	const { paramedic, dispatchers } = await seed(dataDir);
	const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_DATA: '0' });
	const consoles = fork(new URL('./console-fanout-clients.ts', import.meta.url), [server.url, String(CONSOLES)], { execArgv: ['--import', 'tsx'] });
	try {
		const tokens: string[] = [];
		for (const username of dispatchers) tokens.push(await login(server.url, username));
		const writerToken = await login(server.url, paramedic);
		const ready = new Promise((resolve) => consoles.once('message', resolve));
		consoles.send({ tokens });
		await Promise.race([ready, sleep(15_000).then(() => Promise.reject(new Error('consoles did not connect')))]);

		// Writes go out on a fixed schedule (not one after another), as field devices would send them.
		const sentAt = new Map<string, number>();
		const ackMs: number[] = [];
		const started = now();
		const writes: Promise<void>[] = [];
		for (let i = 0; i < WRITES; i++) {
			await sleep(Math.max(0, started + (i * 1000) / WRITES_PER_SECOND - now()));
			const doc = statusEvent(i, paramedic);
			const sent = now();
			sentAt.set(doc._id, sent);
			writes.push(
				fetch(`${server.url}/db/team-${AMBULANCE}/${encodeURIComponent(doc._id)}`, {
					method: 'PUT',
					headers: { authorization: `Bearer ${writerToken}`, 'content-type': 'application/json' },
					body: JSON.stringify(doc)
				}).then(async (res) => {
					if (res.status !== 201) throw new Error(`write ${doc._id}: HTTP ${res.status} ${await res.text()}`);
					ackMs.push(now() - sent);
				})
			);
		}
		await Promise.all(writes);
		const writeSeconds = (now() - started) / 1000;
		await sleep(SETTLE_MS);

		const report = new Promise<{ arrivals: Record<string, number>[]; failures: number }>((resolve) =>
			consoles.once('message', (message) => resolve(message as never))
		);
		consoles.send({ stop: true });
		const { arrivals, failures } = await report;
		const latencies: number[] = [];
		let missing = 0;
		for (const received of arrivals) {
			for (const [id, sent] of sentAt) {
				const at = received?.[id];
				if (at === undefined) missing++;
				else latencies.push(at - sent);
			}
		}
		latencies.sort((a, b) => a - b);
		ackMs.sort((a, b) => a - b);
		return {
			clients: arrivals.filter(Boolean).length,
			writes: WRITES,
			writesPerSecond: WRITES / writeSeconds,
			deliveries: latencies.length,
			missing,
			failedConsoles: failures,
			p50Ms: percentile(latencies, 50),
			p99Ms: percentile(latencies, 99),
			maxMs: latencies.at(-1) ?? NaN,
			writeAckP50Ms: percentile(ackMs, 50)
		};
	} finally {
		if (consoles.exitCode === null) consoles.kill();
		server.child.kill('SIGINT');
		await server.exited;
		await rm(dataDir, { recursive: true, force: true });
	}
}
