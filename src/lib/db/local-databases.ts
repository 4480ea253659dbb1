// The device's copies of the user's team databases (PouchDB on IndexedDB): the composition root.
import type { UserProfile } from '../domain/index.ts';
import { copyForMove, finishMove, type AdapterMigrationOptions, type AdapterMigrationOutcome, type AdapterMigrationState, type BackgroundCopy } from './adapter-migration.ts';
import { getSetting, setSetting } from './device-store.ts';
import { PouchDB } from './pouchdb.ts';
import { replicationFetch } from './replication-fetch.ts';

const MAX_LISTENERS = 100;
/**
 * The adapter that can purge (documents that age out leave without a tombstone); the older `idb`
 * cannot. Both name their IndexedDB database `_pouch_<name>`, so the new ones get a suffix.
 */
export const LOCAL_ADAPTER = 'indexeddb';
const LOCAL_SUFFIX = '~indexeddb';
/** IndexedDB's name of a PouchDB database in the browser (both adapters). */
const IDB_PREFIX = '_pouch_';

let legacyAdapter: Promise<void> | undefined;
/** The `idb` adapter, loaded for a device that still holds a database of it (or cannot tell). */
function loadLegacyAdapter(): Promise<void> {
	legacyAdapter ??= import('pouchdb-adapter-idb').then(
		({ default: idbAdapter }) => void PouchDB.plugin(idbAdapter),
		(err: unknown) => {
			legacyAdapter = undefined;
			throw err;
		}
	);
	return legacyAdapter;
}

export type LocalDatabase = PouchDB.Database<Record<string, unknown>>;

/** Local names carry the user, so two people sharing a tablet never share data (before the adapter move: `idb`). */
function legacyName(username: string, dbName: string): string {
	return `fc-${username}-${dbName}`;
}

function localName(username: string, dbName: string): string {
	return `${legacyName(username, dbName)}${LOCAL_SUFFIX}`;
}

/** The device setting that holds the local sequence known to be on the server (sync/team-sync.ts). */
export function pushedSeqKey(username: string, dbName: string): string {
	return `pushedSeq:${username}:${dbName}`;
}

function openLocal(name: string, adapter: 'indexeddb' | 'idb' = LOCAL_ADAPTER): LocalDatabase {
	const db = new PouchDB(name, { adapter, auto_compaction: true } as PouchDB.Configuration.LocalDatabaseConfiguration);
	// Every live query and the sync hold a changes feed, each a listener: more than Node's default 10 is normal.
	db.setMaxListeners(MAX_LISTENERS);
	return db;
}

async function idbDatabaseExists(name: string): Promise<boolean> {
	return (await indexedDB.databases()).some((db) => db.name === `${IDB_PREFIX}${name}`);
}

async function openLegacy(username: string, dbName: string): Promise<LocalDatabase> {
	await loadLegacyAdapter();
	return openLocal(legacyName(username, dbName), 'idb');
}

/** A database still on `idb`, and its copy to `indexeddb` made beside the session (adapter-migration.ts). */
interface Move {
	copy: BackgroundCopy;
	/** The copy's database, removed with the user's data on sign-out. */
	target: string;
}

/**
 * Opens one team database: on `indexeddb`, switched over from `idb` first when the copy of an
 * earlier session is ready (adapter-migration.ts); else on `idb`, with the copy started beside it.
 */
async function openMigrated(username: string, dbName: string): Promise<{ db: LocalDatabase; move?: Move }> {
	// Without a list of databases (Firefox before 126) an old one cannot be found without creating
	// it: such a browser stays on `idb`, complete but without aging out.
	if (typeof indexedDB.databases !== 'function') return { db: await openLegacy(username, dbName) };
	const name = localName(username, dbName);
	const stateKey = `adapterMigration:${username}:${dbName}`;
	const pushedKey = pushedSeqKey(username, dbName);
	// Two tabs starting at once: the second waits, then finds the old database gone.
	const exclusively = async (run: () => Promise<AdapterMigrationOutcome>): Promise<AdapterMigrationOutcome> => (navigator.locks ? await navigator.locks.request(`fieldcare-move:${name}`, run) : await run());
	const options: AdapterMigrationOptions = {
		sourceExists: async () => {
			const exists = await idbDatabaseExists(legacyName(username, dbName));
			// The old adapter is loaded when there is something of it to open (openSource, below).
			if (exists) await loadLegacyAdapter();
			return exists;
		},
		openSource: () => openLocal(legacyName(username, dbName), 'idb'),
		openTarget: () => openLocal(name),
		loadState: () => getSetting<AdapterMigrationState>(stateKey),
		saveState: (state) => setSetting(stateKey, state),
		loadPushedSeq: async () => (await getSetting<number>(pushedKey)) ?? 0,
		savePushedSeq: (seq) => setSetting(pushedKey, seq)
	};
	let outcome: AdapterMigrationOutcome;
	try {
		outcome = await exclusively(() => finishMove(options));
	} catch (err) {
		// The old database stays the truth: this session works on it, the switch is tried at the next start.
		console.warn('local database switch to the indexeddb adapter failed', (err as Error).name);
		return { db: await openLegacy(username, dbName) };
	}
	if (outcome !== 'not-copied') return { db: openLocal(name) };
	const db = await openLegacy(username, dbName);
	const copy = copyForMove(db, options);
	copy.finished.catch((err: unknown) => console.warn('local database copy to the indexeddb adapter failed', (err as Error).name));
	return { db, move: { copy, target: name } };
}

export class LocalDatabases {
	readonly #dbs = new Map<string, LocalDatabase>();
	readonly #moves: Move[];
	readonly username: string;

	private constructor(username: string, dbs: [string, LocalDatabase][], moves: Move[]) {
		this.username = username;
		for (const [name, db] of dbs) this.#dbs.set(name, db);
		this.#moves = moves;
	}

	/** Opens the user's team databases, on the adapter that can purge where the move to it is through (adapter-migration.ts). */
	static async open(profile: UserProfile): Promise<LocalDatabases> {
		const dbs: [string, LocalDatabase][] = [];
		const moves: Move[] = [];
		for (const name of profile.databases) {
			const { db, move } = await openMigrated(profile.username, name);
			dbs.push([name, db]);
			if (move) moves.push(move);
		}
		return new LocalDatabases(profile.username, dbs, moves);
	}

	/** Settles when the background copies of this session are made or stopped (tests, sign-out). */
	async copiesSettled(): Promise<void> {
		await Promise.allSettled(this.#moves.map(({ copy }) => copy.finished));
	}

	async #stopCopies(): Promise<void> {
		for (const { copy } of this.#moves) copy.cancel();
		await this.copiesSettled();
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
		// A copy stopped here resumes from its checkpoint in the next session.
		await this.#stopCopies();
		await Promise.all([...this.#dbs.values()].map((db) => db.close()));
		this.#dbs.clear();
	}

	/** Sign-out: the user's clinical data leaves the device, a copy of it being made for the move too. */
	async destroy(): Promise<void> {
		await this.#stopCopies();
		await Promise.all([...this.#dbs.values()].map((db) => db.destroy()));
		await Promise.all(this.#moves.map(({ target }) => openLocal(target).destroy()));
		this.#dbs.clear();
	}
}

export function remoteUrl(origin: string, dbName: string): string {
	return `${origin}/db/${dbName}`;
}

export function openRemote(origin: string, dbName: string): LocalDatabase {
	return new PouchDB(remoteUrl(origin, dbName), { skip_setup: true, fetch: replicationFetch } as PouchDB.Configuration.RemoteDatabaseConfiguration);
}
