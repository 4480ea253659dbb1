// The device's copies of the user's team databases (PouchDB on IndexedDB): the composition root.
import PouchDB from 'pouchdb-browser';
import type { UserProfile } from '../domain/index.ts';
import { deviceFetch } from './device-fetch.ts';

const MAX_LISTENERS = 100;

export type LocalDatabase = PouchDB.Database<Record<string, unknown>>;

/** Local names carry the user, so two people sharing a tablet never share data. */
function localName(username: string, dbName: string): string {
	return `fc-${username}-${dbName}`;
}

export class LocalDatabases {
	readonly #dbs = new Map<string, LocalDatabase>();
	readonly username: string;

	constructor(profile: UserProfile) {
		this.username = profile.username;
		for (const name of profile.databases) {
			const db = new PouchDB(localName(profile.username, name), { auto_compaction: true });
			// Every live query and the sync hold a changes feed, each a listener: more than Node's default 10 is normal.
			db.setMaxListeners(MAX_LISTENERS);
			this.#dbs.set(name, db);
		}
	}

	get names(): string[] {
		return [...this.#dbs.keys()];
	}

	get(name: string): LocalDatabase {
		const db = this.#dbs.get(name);
		if (!db) throw new Error(`no local database ${name}`);
		return db;
	}

	entries(): [string, LocalDatabase][] {
		return [...this.#dbs.entries()];
	}

	async close(): Promise<void> {
		await Promise.all([...this.#dbs.values()].map((db) => db.close()));
		this.#dbs.clear();
	}

	/** Sign-out: the user's clinical data leaves the device. */
	async destroy(): Promise<void> {
		await Promise.all([...this.#dbs.values()].map((db) => db.destroy()));
		this.#dbs.clear();
	}
}

export function remoteUrl(origin: string, dbName: string): string {
	return `${origin}/db/${dbName}`;
}

export function openRemote(origin: string, dbName: string): LocalDatabase {
	return new PouchDB(remoteUrl(origin, dbName), { skip_setup: true, fetch: deviceFetch } as PouchDB.Configuration.RemoteDatabaseConfiguration);
}
