// Two devices syncing live through a server: does a write on one arrive on the other?
import PouchDB from 'pouchdb';

type Db = PouchDB.Database<Record<string, unknown>>;

/** Writes `doc` on device A and resolves with its id once device B has it; both sync live via `remote()`. */
export async function writeAndAwaitOnOtherDevice(remote: () => PouchDB.Database, doc: { _id: string }, timeoutMs = 10_000): Promise<string> {
	const a = new PouchDB(`live-a-${Math.random()}`, { adapter: 'memory' }) as Db;
	const b = new PouchDB(`live-b-${Math.random()}`, { adapter: 'memory' }) as Db;
	const syncs = [a.sync(remote(), { live: true, retry: true }), b.sync(remote(), { live: true, retry: true })];
	try {
		const arrived = new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`${doc._id} did not arrive within ${timeoutMs} ms`)), timeoutMs);
			const feed = b.changes({ live: true, since: 'now', doc_ids: [doc._id] }).on('change', (change) => {
				clearTimeout(timer);
				feed.cancel();
				resolve(change.id);
			});
		});
		await a.put(doc as never);
		return await arrived;
	} finally {
		for (const sync of syncs) sync.cancel();
	}
}
