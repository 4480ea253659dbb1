// A tablet that kept its team database in PouchDB's old `idb` adapter moves it to the `indexeddb`
// adapter over the next two starts, offline, with its unsent entries (a copy beside the first
// session, which works on the old database; the switch at the second); then an observation older than the
// device's window leaves the tablet but stays on the server and on another device, an old entry the
// server refused stays, a later sync does not bring it back (a newer revision on the server does),
// and the app works offline after both.
import path from 'node:path';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docId } from '../../src/lib/domain/index.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { idbHolds, signIn, waitForServiceWorker, waitUpToDate } from '../support/browser.ts';
import { testObservation } from '../support/documents.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';
import { login, remoteDb, type TestServer } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const TEAM = 'team-pflege-saalfeld';
const NURSE = 'schwester.anna';
const OLD_NAME = `fc-${NURSE}-${TEAM}`;
const NEW_IDB = `_pouch_${OLD_NAME}~indexeddb`;
const DAY_MS = 86_400_000;
/** Well outside the device's window (90 days for field events until the team's window is merged). */
const LONG_AGO = new Date(Date.now() - 200 * DAY_MS).toISOString();
const RECENTLY = new Date(Date.now() - 2 * DAY_MS).toISOString();
/** PouchDB 9's browser build, as the app bundled it, to lay out the old database as the previous app version left it. */
const POUCHDB_DIST = path.resolve('node_modules/pouchdb/dist/pouchdb.min.js');

let server: TestServer;
let browser: Browser;
let patientId: string;

beforeAll(async () => {
	({ server, browser } = await startE2eApp({ demo: true }));
	const patients = await server.app.storage.database(TEAM).allDocs({ startkey: 'patient:', endkey: 'patient:\ufff0', limit: 1 });
	patientId = patients.rows[0].id;
});
afterAll(() => stopE2eApp({ server, browser }));

function observation(key: string, createdAt: string, createdBy = NURSE): Record<string, unknown> {
	return { ...testObservation(key, createdBy), _id: docId('observation', key), patientId, createdAt, effectiveAt: createdAt };
}

async function serverDoc(id: string): Promise<Record<string, unknown> | undefined> {
	return (await server.app.storage.database(TEAM).get(id).catch(() => undefined)) as Record<string, unknown> | undefined;
}

const phase = (page: Page) => page.getByTestId('sync-indicator').getAttribute('data-phase');

/** Ids of the documents held in the tablet's team database (the `indexeddb` adapter's store, read raw). */
const deviceHolds = (page: Page, ids: string[]) => idbHolds(page, NEW_IDB, ids);

const idbNames = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''));

type DeviceRequest = { get: string } | { getAll: true } | { put: { key: string; value: unknown } };

/** One request on a table of the device database (`fieldcare-device`), made raw, as a test sees the device. */
const deviceTable = <T>(page: Page, table: 'settings' | 'syncLog', request: DeviceRequest) =>
	page.evaluate(
		({ table, request }) =>
			new Promise<unknown>((resolve, reject) => {
				const open = indexedDB.open('fieldcare-device');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const tx = open.result.transaction(table, 'put' in request ? 'readwrite' : 'readonly');
					const store = tx.objectStore(table);
					const done = 'get' in request ? store.get(request.get) : 'getAll' in request ? store.getAll() : store.put(request.put);
					tx.oncomplete = () => (open.result.close(), resolve(done.result));
					tx.onerror = () => reject(tx.error);
				};
			}),
		{ table, request }
	) as Promise<T>;

/** The state of the move to the `indexeddb` adapter (db/adapter-migration.ts), a device setting. */
const moveState = async (page: Page) => (await deviceTable<{ value?: unknown } | undefined>(page, 'settings', { get: `adapterMigration:${NURSE}:${TEAM}` }))?.value;

/** The device's sync log entries of aging out. */
const agedOutLog = async (page: Page) =>
	(await deviceTable<{ event: string; detail: string }[]>(page, 'syncLog', { getAll: true })).filter((e) => e.event === 'aged-out').map((e) => e.detail);

describe('aging out of the device', () => {
	it('moves an old tablet to the new storage with its unsent entries, then old history leaves the tablet but not the server', async () => {
		const old = observation('aged-1', LONG_AGO);
		const recent = observation('recent-1', RECENTLY);
		await server.app.storage.database(TEAM).bulkDocs([old, recent]);

		// bypassCSP: only so that the test can load PouchDB's own build into the page beside the app.
		const context = await browser.newContext({ locale: 'de-DE', bypassCSP: true });
		const page = await context.newPage();
		await signIn(page, server.url, NURSE, DEMO_PASSWORD, '/heute');
		await waitUpToDate(page);
		await waitForServiceWorker(page);
		// This start's own pass (on the new storage) is over before the old database is laid out.
		await expect.poll(() => agedOutLog(page), { timeout: 20_000 }).toHaveLength(1);

		// The previous app version's database: the team's documents in `idb`, as its sync left them,
		// then two entries the server never got: one written offline, one old one it will refuse.
		await page.addScriptTag({ path: POUCHDB_DIST });
		const unsent = observation('offline-1', new Date().toISOString());
		const refused = observation('refused-1', LONG_AGO, 'pfleger.tom');
		const pushedSeq = await page.evaluate(
			async ({ name, team, docs, oldId }) => {
				const Pouch = (window as unknown as { PouchDB: PouchDB.Static }).PouchDB;
				const db = new Pouch(name, { adapter: 'idb' });
				await db.replicate.from(`${location.origin}/db/${team}`);
				// That version pulled the whole history; today's server feeds a window, so the old
				// observation is read as a document and stored as replication stores it.
				const held = await (await fetch(`${location.origin}/db/${team}/${encodeURIComponent(oldId)}?revs=true`)).json();
				await db.bulkDocs([held], { new_edits: false });
				const seq = Number((await db.info()).update_seq);
				await db.bulkDocs(docs);
				await db.close();
				return seq;
			},
			{ name: OLD_NAME, team: TEAM, docs: [unsent, refused], oldId: old._id as string }
		);
		await deviceTable(page, 'settings', { put: { key: `pushedSeq:${NURSE}:${TEAM}`, value: pushedSeq } });
		expect(await idbNames(page)).toContain(`_pouch_${OLD_NAME}`);

		// Next start, without signal: nobody waits for the move. The app works on the old database (the
		// two entries wait to be sent) while the copy is made beside it.
		await context.setOffline(true);
		await page.reload();
		await expect.poll(() => phase(page), { timeout: 15_000 }).toBe('offline');
		await expect.poll(() => page.getByTestId('sync-pending').textContent(), { timeout: 15_000 }).toContain('2');
		await page.getByRole('link', { name: 'Patienten' }).click();
		await expect.poll(() => page.getByTestId('patient-list').locator('li').count(), { timeout: 15_000 }).toBeGreaterThan(5);
		await expect.poll(() => moveState(page), { timeout: 30_000 }).toMatchObject({ copied: true, done: false });
		expect(await idbNames(page)).toContain(`_pouch_${OLD_NAME}`);

		// The start after: the switch catches up, the two entries still wait to be sent, the old database is gone.
		await page.reload();
		await expect.poll(() => phase(page), { timeout: 15_000 }).toBe('offline');
		await expect.poll(() => page.getByTestId('sync-pending').textContent(), { timeout: 15_000 }).toContain('2');
		expect(await moveState(page)).toMatchObject({ done: true });
		expect(await idbNames(page)).not.toContain(`_pouch_${OLD_NAME}`);
		expect(await deviceHolds(page, [old._id as string, recent._id as string, unsent._id as string, refused._id as string])).toHaveLength(4);
		await page.getByRole('link', { name: 'Patienten' }).click();
		await expect.poll(() => page.getByTestId('patient-list').locator('li').count(), { timeout: 15_000 }).toBeGreaterThan(5);

		// Signal again: the offline entry reaches the server, the refused one stays on the tablet; once
		// the sync has settled the aged-out observation leaves the tablet.
		await context.setOffline(false);
		await expect.poll(async () => (await serverDoc(unsent._id as string))?.createdBy, { timeout: 20_000 }).toBe(NURSE);
		await expect.poll(async () => (await agedOutLog(page)).slice(1), { timeout: 30_000 }).toEqual(['1 removed, 1 unsent kept']);
		expect(await deviceHolds(page, [old._id as string, recent._id as string, unsent._id as string, refused._id as string])).toEqual([
			recent._id,
			unsent._id,
			refused._id
		]);
		expect(await serverDoc(refused._id as string)).toBeUndefined();

		// The server keeps it, not deleted, and a device that holds it keeps it after syncing: no
		// tombstone went up (the feed would send a deletion whatever the window).
		expect(await serverDoc(old._id as string)).toMatchObject({ createdAt: LONG_AGO });
		const tom = remoteDb(server.url, TEAM, await login(server.url, 'pfleger.tom', DEMO_PASSWORD));
		const otherDevice = new PouchDB(`other-${Math.random()}`, { adapter: 'memory' });
		await otherDevice.bulkDocs([await tom.get(old._id as string, { revs: true })], { new_edits: false });
		await otherDevice.replicate.from(tom);
		expect(await otherDevice.get(old._id as string)).toMatchObject({ createdAt: LONG_AGO });

		// A later sync does not bring it back, and the app still works without signal.
		await page.reload();
		await waitUpToDate(page);
		await expect.poll(async () => (await agedOutLog(page)).slice(2), { timeout: 30_000 }).toEqual(['0 removed, 1 unsent kept']);
		expect(await deviceHolds(page, [old._id as string])).toEqual([]);
		// A newer revision of it written on the server stays outside the window: the server does not send it
		// (a value written at the same time inside the window arrives, so the sync did run).
		const stored = await server.app.storage.database(TEAM).get(old._id as string);
		const fresh = observation('fresh-1', new Date().toISOString());
		await server.app.storage.database(TEAM).bulkDocs([{ ...stored, value: 99 }, fresh]);
		await expect.poll(() => deviceHolds(page, [fresh._id as string]), { timeout: 20_000 }).toEqual([fresh._id]);
		expect(await deviceHolds(page, [old._id as string])).toEqual([]);
		await context.setOffline(true);
		await page.reload();
		await page.getByRole('link', { name: 'Patienten' }).click();
		await expect.poll(() => page.getByTestId('patient-list').locator('li').count(), { timeout: 15_000 }).toBeGreaterThan(5);
		await context.close();
	});
});
