// `allDocs({ keys })` on LevelDB by one lookup per document instead of one range scan per key.
// PouchDB's LevelDB adapter answers a keys query with a read stream (a LevelDB iterator opened and
// closed) for every key; pouchdb-find fetches the documents of every Mango query so, and the
// retention window's snapshot and its count read a device's whole window through it. Measured on a
// year's team database (2,000 observations): 270–580 ms that way, 90–110 ms by `get`.

type Database = PouchDB.Database<Record<string, unknown>>;
type AllDocsOptions = PouchDB.Core.AllDocsWithKeysOptions & Record<string, unknown>;
type AllDocsResult = PouchDB.Core.AllDocsResponse<Record<string, unknown>>;
type Row = AllDocsResult['rows'][number];

/** Options this path answers itself: the shape pouchdb-find and `_all_docs?keys` ask; anything else goes to PouchDB. */
const HANDLED = new Set(['keys', 'include_docs']);
/** Missing, deleted, or an id `get` refuses ('', '_x'): PouchDB's own answer says which. A storage error is none of these. */
const isAboutTheKey = (err: unknown) => {
	const status = (err as { status?: number } | null)?.status;
	return status !== undefined && status >= 400 && status < 500;
};

/** Replaces `db.allDocs` for keys queries with per-document reads; same rows, same order, same errors. */
export function withDirectKeyReads(db: Database): Database {
	const original = db.allDocs.bind(db) as (...args: unknown[]) => Promise<AllDocsResult>;
	const direct = async (options: AllDocsOptions): Promise<AllDocsResult> => {
		const keys = options.keys;
		const includeDocs = options.include_docs === true;
		// Keys `get` does not answer with a document are read again the PouchDB way (rare).
		const unresolved: string[] = [];
		const rows = await Promise.all(
			keys.map(async (key): Promise<Row | undefined> => {
				try {
					const doc = await db.get(key);
					return { id: key, key, value: { rev: doc._rev }, ...(includeDocs ? { doc } : {}) } as Row;
				} catch (err) {
					if (!isAboutTheKey(err)) throw err;
					unresolved.push(key);
					return undefined;
				}
			})
		);
		const fallback = unresolved.length > 0 ? await original({ keys: unresolved, include_docs: includeDocs }) : undefined;
		const byKey = new Map(fallback?.rows.map((row) => [row.key, row]));
		const info = await db.info();
		return { total_rows: info.doc_count, offset: 0, rows: rows.map((row, i) => row ?? byKey.get(keys[i]) ?? ({ key: keys[i], error: 'not_found' } as unknown as Row)) };
	};
	const allDocs = (...args: [options?: AllDocsOptions, callback?: (err: unknown, result?: AllDocsResult) => void]) => {
		const [options, callback] = args;
		const handled =
			options !== undefined &&
			Array.isArray(options.keys) &&
			options.keys.every((key) => typeof key === 'string' && !key.startsWith('_local/')) &&
			Object.keys(options).every((name) => HANDLED.has(name) || options[name] === undefined || options[name] === false);
		// Everything else exactly as called (PouchDB tells `allDocs()` from `allDocs(undefined, cb)` by its arguments).
		if (!handled) return original(...args);
		const result = direct(options);
		if (typeof callback === 'function') result.then((res) => callback(null, res), (err) => callback(err));
		return result;
	};
	Object.defineProperty(db, 'allDocs', { value: allDocs, configurable: true, writable: true });
	return db;
}
