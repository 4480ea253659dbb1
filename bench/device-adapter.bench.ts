// The device's storage in real headless Chromium (issue 12): a first pull of N observations from a
// server on loopback into PouchDB's `idb` adapter (before) and `indexeddb` adapter (now, it can
// purge), the device storage after (`navigator.storage.estimate()`), the one-time local move
// idb → indexeddb, and aging out three quarters of the documents by purge with the storage after.
//   npm run bench -- adapter   (BENCH_ADAPTER_DOCS, default 10,000)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { chromium, type Page } from 'playwright-core';
import { testObservation } from '../tests/support/documents.ts';
import { seedTeamInDataDir } from '../tests/support/accounts.ts';
import { CHROME_PATH } from '../tests/support/browser.ts';
import { startServerProcess } from '../tests/support/server-process.ts';
import { login, remoteDb } from '../tests/support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const DOCS = Number(process.env.BENCH_ADAPTER_DOCS ?? 10_000);
/** As the app replicates (sync/team-sync.ts REPLICATION_BATCH) and ages out (db/aging-out.ts AGE_OUT_BATCH). */
const REPLICATION_BATCH = 500;
const AGE_OUT_BATCH = 200;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DIST = (file: string) => path.resolve('node_modules/pouchdb/dist', file);
const MB = 1024 * 1024;

type Adapter = 'idb' | 'indexeddb';

interface PageFigures {
	pullMs: number;
	storageMB: number;
	moveMs?: number;
	purgeMs?: number;
	purged?: number;
	agedOutStorageMB?: number;
	reopenedStorageMB?: number;
}

/** PouchDB's browser build in a page of the server's origin (IndexedDB needs a real origin). */
async function pageWithPouch(url: string): Promise<{ page: Page; close: () => Promise<void> }> {
	const dir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-bench-adapter-'));
	// A persistent profile: an off-the-record one keeps IndexedDB in memory and would estimate nothing real.
	const context = await chromium.launchPersistentContext(dir, { executablePath: CHROME_PATH, headless: true, args: CHROMIUM_ARGS, bypassCSP: true });
	const page = context.pages()[0] ?? (await context.newPage());
	await page.goto(`${url}/db/`);
	await page.addScriptTag({ path: DIST('pouchdb.min.js') });
	await page.addScriptTag({ path: DIST('pouchdb.indexeddb.min.js') });
	// tsx keeps function names with a helper `__name` that the page does not have.
	await page.evaluate('globalThis.__name = (fn) => fn');
	return { page, close: async () => (await context.close(), await rm(dir, { recursive: true, force: true })) };
}

async function pull(page: Page, adapter: Adapter, remoteUrl: string, token: string): Promise<PageFigures> {
	return page.evaluate(
		async ({ adapter, remoteUrl, token, batch, mb }) => {
			const Pouch = (window as unknown as { PouchDB: PouchDB.Static }).PouchDB;
			const remote = new Pouch(remoteUrl, {
				fetch: (input: string | Request, init?: RequestInit) => {
					const headers = new Headers(init?.headers);
					headers.set('authorization', `Bearer ${token}`);
					return Pouch.fetch(input, { ...init, headers });
				}
			} as PouchDB.Configuration.RemoteDatabaseConfiguration);
			const local = new Pouch(`bench-${adapter}`, { adapter, auto_compaction: true } as PouchDB.Configuration.LocalDatabaseConfiguration);
			const start = performance.now();
			await local.replicate.from(remote, { batch_size: batch });
			const pullMs = performance.now() - start;
			const storageMB = ((await navigator.storage.estimate()).usage ?? 0) / mb;
			await local.close();
			return { pullMs, storageMB };
		},
		{ adapter, remoteUrl, token, batch: REPLICATION_BATCH, mb: MB }
	);
}

/** The move the app makes once (db/adapter-migration.ts), then aging out three of four documents. */
async function moveAndAgeOut(page: Page): Promise<PageFigures> {
	return page.evaluate(
		async ({ batch, ageBatch, mb }) => {
			const Pouch = (window as unknown as { PouchDB: PouchDB.Static }).PouchDB;
			const estimate = async () => ((await navigator.storage.estimate()).usage ?? 0) / mb;
			const old = new Pouch('bench-idb', { adapter: 'idb' } as PouchDB.Configuration.LocalDatabaseConfiguration);
			const moved = new Pouch('bench-moved', { adapter: 'indexeddb', auto_compaction: true } as PouchDB.Configuration.LocalDatabaseConfiguration);
			let start = performance.now();
			await old.replicate.to(moved, { batch_size: batch });
			const moveMs = performance.now() - start;
			await old.destroy();
			const movedStorageMB = await estimate();

			const db = moved;
			const purgeable = db as unknown as { purge(id: string, rev: string): Promise<unknown> };
			let purged = 0;
			start = performance.now();
			let since: number | string = 0;
			for (;;) {
				const page: PouchDB.Core.ChangesResponse<object> = await db.changes({ since, limit: ageBatch });
				if (page.results.length === 0) break;
				since = page.last_seq;
				for (const [i, change] of page.results.entries()) {
					if (i % 4 === 0) continue;
					await purgeable.purge(change.id, change.changes[0].rev);
					purged++;
				}
				await db.remove(await db.get('_local/purges'));
			}
			const purgeMs = performance.now() - start;
			const agedOutStorageMB = await estimate();
			await db.close();
			return { pullMs: 0, storageMB: movedStorageMB, moveMs, purgeMs, purged, agedOutStorageMB };
		},
		{ batch: REPLICATION_BATCH, ageBatch: AGE_OUT_BATCH, mb: MB }
	);
}

export async function benchDeviceAdapter(): Promise<Record<string, number>> {
	const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-bench-adapter-server-'));
	const [user] = await seedTeamInDataDir(dataDir, 'bench', 1);
	const server = await startServerProcess({ DATA_DIR: dataDir, DEMO_DATA: '0' });
	try {
		const token = await login(server.url, user);
		const source = new PouchDB(`bench-adapter-source-${Math.random()}`, { adapter: 'memory' });
		await source.bulkDocs(Array.from({ length: DOCS }, (_, i) => testObservation(`o${String(i).padStart(6, '0')}`, user, `p${i % 40}`)));
		await source.replicate.to(remoteDb(server.url, 'team-bench', token));
		const remoteUrl = `${server.url}/db/team-bench`;

		const figures: Record<string, number> = { docs: DOCS };
		for (const adapter of ['idb', 'indexeddb'] as const) {
			const { page, close } = await pageWithPouch(server.url);
			try {
				const { pullMs, storageMB } = await pull(page, adapter, remoteUrl, token);
				Object.assign(figures, { [`${adapter}.pullMs`]: Math.round(pullMs), [`${adapter}.storageMB`]: storageMB });
			} finally {
				await close();
			}
		}
		// One profile: the old database moves to the new adapter, then three quarters age out.
		const { page, close } = await pageWithPouch(server.url);
		try {
			await pull(page, 'idb', remoteUrl, token);
			const after = await moveAndAgeOut(page);
			// The storage estimate after a reload of the page: LevelDB under IndexedDB compacts lazily.
			await page.reload();
			await page.waitForTimeout(2_000);
			const reopened = (await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0)) / MB;
			Object.assign(figures, {
				'move.storageMB': after.storageMB,
				'move.ms': Math.round(after.moveMs ?? 0),
				'ageOut.purged': after.purged ?? 0,
				'ageOut.ms': Math.round(after.purgeMs ?? 0),
				'ageOut.msPerDoc': (after.purgeMs ?? 0) / Math.max(1, after.purged ?? 0),
				'ageOut.storageMB': after.agedOutStorageMB ?? 0,
				'ageOut.reloadedMB': reopened
			});
		} finally {
			await close();
		}
		return figures;
	} finally {
		server.child.kill('SIGINT');
		await server.exited;
		await rm(dataDir, { recursive: true, force: true });
	}
}
