// One PouchDB instance per database: LevelDB files in the data directory by default,
// or PouchDB's HTTP adapter against Apache CouchDB 3 when COUCHDB_URL is set.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import PouchDB from 'pouchdb';
import PouchDBFind from 'pouchdb-find';
import { withDirectKeyReads } from './key-reads.ts';

// Mango queries (the retention window's snapshot, history.ts): views on LevelDB, CouchDB's own `_find` over HTTP.
PouchDB.plugin(PouchDBFind);

export type Database = PouchDB.Database<Record<string, unknown>>;

export interface Storage {
	readonly kind: 'leveldb' | 'couchdb';
	/** The database, opened once and kept open. */
	database(name: string): Database;
	/** Creates the database if needed and limits it to members of `memberRole` (CouchDB `_security`). */
	ensureDatabase(name: string, memberRole: string): Promise<void>;
	/** Deletes the database; the next use of the name opens a new, empty one. */
	destroyDatabase(name: string): Promise<void>;
	close(): Promise<void>;
}

abstract class CachedStorage {
	readonly #open = new Map<string, Database>();

	protected abstract openDatabase(name: string): Database;

	database(name: string): Database {
		let db = this.#open.get(name);
		if (!db) {
			db = this.openDatabase(name);
			this.#open.set(name, db);
		}
		return db;
	}

	async destroyDatabase(name: string): Promise<void> {
		const db = this.database(name);
		this.#open.delete(name);
		await db.destroy();
	}

	async close(): Promise<void> {
		const dbs = [...this.#open.values()];
		this.#open.clear();
		await Promise.all(dbs.map(async (db) => (await closeViewDatabases(db), await db.close())));
	}
}

/**
 * pouchdb-find's views live in databases of their own, which PouchDB opens beside the source
 * (pouchdb-abstract-mapreduce's `_cachedViews`) and does not close with it: on LevelDB they would
 * stay locked for the rest of the process, and another process could not open the data directory.
 */
async function closeViewDatabases(db: Database): Promise<void> {
	const views = (db as { _cachedViews?: Record<string, Promise<{ db: Database }>> })._cachedViews ?? {};
	await Promise.all(Object.values(views).map((view) => view.then(({ db: viewDb }) => viewDb.close(), () => undefined)));
}

export class LevelStorage extends CachedStorage implements Storage {
	readonly kind = 'leveldb';
	readonly #dir: string;

	constructor(dir: string) {
		super();
		this.#dir = dir;
	}

	static async create(dir: string): Promise<LevelStorage> {
		await mkdir(dir, { recursive: true });
		return new LevelStorage(dir);
	}

	protected openDatabase(name: string): Database {
		return withDirectKeyReads(new PouchDB(path.join(this.#dir, name), { adapter: 'leveldb' }));
	}

	async ensureDatabase(name: string): Promise<void> {
		await this.database(name).info();
	}
}

export class CouchStorage extends CachedStorage implements Storage {
	readonly kind = 'couchdb';
	readonly #baseUrl: string;

	constructor(baseUrl: string) {
		super();
		this.#baseUrl = baseUrl;
	}

	protected openDatabase(name: string): Database {
		return new PouchDB(`${this.#baseUrl}/${encodeURIComponent(name)}`, { adapter: 'http', skip_setup: true });
	}

	async ensureDatabase(name: string, memberRole: string): Promise<void> {
		const url = new URL(`${this.#baseUrl}/${encodeURIComponent(name)}`);
		const headers: Record<string, string> = { 'content-type': 'application/json' };
		if (url.username) {
			headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
			url.username = '';
			url.password = '';
		}
		const created = await fetch(url, { method: 'PUT', headers });
		if (!created.ok && created.status !== 412) throw new Error(`CouchDB refused to create ${name}: HTTP ${created.status}`);
		// Only members of the team's role (and server admins, i.e. this gateway) may read it.
		const security = { admins: { names: [], roles: [] }, members: { names: [], roles: [memberRole] } };
		const secured = await fetch(`${url}/_security`, { method: 'PUT', headers, body: JSON.stringify(security) });
		if (!secured.ok) throw new Error(`CouchDB refused _security of ${name}: HTTP ${secured.status}`);
	}
}

export async function openStorage(options: { dataDir: string; couchdbUrl?: string }): Promise<Storage> {
	return options.couchdbUrl ? new CouchStorage(options.couchdbUrl) : LevelStorage.create(options.dataDir);
}
