// A small typed layer over IndexedDB for the device's own tables (device-store.ts, access-log.ts).
// It replaced Dexie: the device store is a handful of key-value tables, and Dexie's code (99 KB,
// compiled at every start), its schema set-up and its transaction zones cost the signed-in start
// 60–90 ms of main-thread time (issue 13, `npm run bench -- lighthouse`). The databases keep
// Dexie's layout, so a device's existing data opens unchanged: IndexedDB version = schema version
// × 10, one object store per table, each index named after the property it indexes.

/** One table: its primary key (`++` = generated number), its indexed properties. */
export interface TableSchema {
	key: string;
	autoIncrement?: boolean;
	indexes?: readonly string[];
}

export type Schema = Record<string, TableSchema>;

/** Dexie stored schema version n as IndexedDB version n × 10; the same numbers keep its databases. */
const DEXIE_VERSION_FACTOR = 10;

function request<T>(req: IDBRequest<T>): Promise<T> {
	return new Promise((resolve, reject) => {
		req.onsuccess = () => resolve(req.result);
		req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
	});
}

function completion(tx: IDBTransaction): Promise<void> {
	return new Promise((resolve, reject) => {
		tx.oncomplete = () => resolve();
		tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
		tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
	});
}

/** Creates what the schema names and the database lacks; never removes anything (older versions read it). */
function upgrade(db: IDBDatabase, tx: IDBTransaction, schema: Schema): void {
	for (const [name, table] of Object.entries(schema)) {
		const store = db.objectStoreNames.contains(name) ? tx.objectStore(name) : db.createObjectStore(name, { keyPath: table.key, autoIncrement: table.autoIncrement ?? false });
		for (const index of table.indexes ?? []) {
			if (!store.indexNames.contains(index)) store.createIndex(index, index);
		}
	}
}

/** A database of device tables, opened on first use and again after the browser or another tab closed it. */
export class IdbDatabase<S extends Schema> {
	readonly name: string;
	readonly #version: number;
	readonly #schema: S;
	#open: Promise<IDBDatabase> | undefined;

	constructor(name: string, schemaVersion: number, schema: S) {
		this.name = name;
		this.#version = schemaVersion * DEXIE_VERSION_FACTOR;
		this.#schema = schema;
	}

	/** The open database (opened now if it is not). */
	open(): Promise<IDBDatabase> {
		if (this.#open) return this.#open;
		const opening = this.#connect();
		this.#open = opening;
		// A failed open is tried again at the next use (unless a newer one took its place).
		opening.catch(() => {
			if (this.#open === opening) this.#open = undefined;
		});
		return opening;
	}

	/** Closes the connection (e.g. before the database is deleted); the next use opens it again. */
	close(): void {
		const open = this.#open;
		this.#open = undefined;
		void open?.then((db) => db.close(), () => undefined);
	}

	table<T, K extends IDBValidKey = IDBValidKey>(name: keyof S & string): IdbTable<T, K> {
		return new IdbTable<T, K>(this, name);
	}

	async #connect(): Promise<IDBDatabase> {
		let db: IDBDatabase;
		try {
			db = await this.#openAt(this.#version);
		} catch (err) {
			// A newer app version raised the version on this device (and was rolled back): open what is there.
			if (!(err instanceof DOMException && err.name === 'VersionError')) throw err;
			db = await this.#openAt(undefined);
		}
		const missing = Object.keys(this.#schema).filter((table) => !db.objectStoreNames.contains(table));
		if (missing.length > 0) {
			db.close();
			throw new Error(`Device database ${this.name} lacks tables ${missing.join(', ')}`);
		}
		// Another tab upgrading or deleting the database (sign-out) must not wait on this one.
		db.onversionchange = () => {
			db.close();
			this.#forget(db);
		};
		db.onclose = () => this.#forget(db);
		return db;
	}

	#forget(db: IDBDatabase): void {
		void this.#open?.then((current) => {
			if (current === db) this.#open = undefined;
		}, () => undefined);
	}

	#openAt(version: number | undefined): Promise<IDBDatabase> {
		const req = version === undefined ? indexedDB.open(this.name) : indexedDB.open(this.name, version);
		req.onupgradeneeded = () => {
			if (req.transaction) upgrade(req.result, req.transaction, this.#schema);
		};
		return request(req);
	}
}

/** One table: the operations the device store needs, each one transaction. */
export class IdbTable<T, K extends IDBValidKey = IDBValidKey> {
	readonly #db: IdbDatabase<Schema>;
	readonly #name: string;

	constructor(db: IdbDatabase<Schema>, name: string) {
		this.#db = db;
		this.#name = name;
	}

	/** Runs `work` on the table in one transaction; resolves with its result once the transaction is complete. */
	async #run<R>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => Promise<R> | R): Promise<R> {
		const db = await this.#db.open();
		const tx = db.transaction(this.#name, mode);
		const done = completion(tx);
		try {
			const result = await work(tx.objectStore(this.#name));
			await done;
			return result;
		} catch (err) {
			done.catch(() => undefined);
			if (!tx.error) {
				try {
					tx.abort();
				} catch {
					// Already finished: nothing to undo.
				}
			}
			throw err;
		}
	}

	get(key: K): Promise<T | undefined> {
		return this.#run('readonly', (store) => request(store.get(key)) as Promise<T | undefined>);
	}

	/** All rows, in key order. */
	all(): Promise<T[]> {
		return this.#run('readonly', (store) => request(store.getAll()) as Promise<T[]>);
	}

	keys(): Promise<K[]> {
		return this.#run('readonly', (store) => request(store.getAllKeys()) as Promise<K[]>);
	}

	count(): Promise<number> {
		return this.#run('readonly', (store) => request(store.count()));
	}

	/** Rows whose indexed property equals `value`, in key order (the first `limit`). */
	where(index: string, value: IDBValidKey, limit?: number): Promise<T[]> {
		return this.#run('readonly', (store) => request(store.index(index).getAll(value, limit)) as Promise<T[]>);
	}

	/** Rows ordered by an indexed property (rows without it are not in the index). */
	async orderedBy(index: string, direction: 'ascending' | 'descending' = 'ascending'): Promise<T[]> {
		const rows = await this.#run('readonly', (store) => request(store.index(index).getAll()) as Promise<T[]>);
		return direction === 'ascending' ? rows : rows.reverse();
	}

	/** The keys of the first `limit` rows by an indexed property. */
	firstKeysBy(index: string, limit: number): Promise<K[]> {
		return this.#run('readonly', (store) => request(store.index(index).getAllKeys(null, limit)) as Promise<K[]>);
	}

	/** Writes a row (replacing one with its key); resolves with the key. */
	put(row: T): Promise<K> {
		return this.#run('readwrite', (store) => request(store.put(row)) as Promise<K>);
	}

	/** Adds a row; fails if its key exists. A generated key is set on the stored row. */
	add(row: T): Promise<K> {
		return this.#run('readwrite', (store) => request(store.add(row)) as Promise<K>);
	}

	/** Changes some properties of a row, read and written in one transaction; false if there is no such row. */
	update(key: K, changes: Partial<T>): Promise<boolean> {
		return this.#run('readwrite', async (store) => {
			const row = (await request(store.get(key))) as T | undefined;
			if (row === undefined) return false;
			await request(store.put({ ...row, ...changes }));
			return true;
		});
	}

	delete(key: K): Promise<void> {
		return this.#run('readwrite', (store) => request(store.delete(key)));
	}

	bulkDelete(keys: readonly K[]): Promise<void> {
		return this.#run('readwrite', async (store) => {
			await Promise.all(keys.map((key) => request(store.delete(key))));
		});
	}

	/** Deletes the rows whose indexed property equals `value`. */
	deleteWhere(index: string, value: IDBValidKey): Promise<void> {
		return this.#run('readwrite', async (store) => {
			const keys = await request(store.index(index).getAllKeys(value));
			await Promise.all(keys.map((key) => request(store.delete(key))));
		});
	}

	clear(): Promise<void> {
		return this.#run('readwrite', (store) => request(store.clear()));
	}
}
