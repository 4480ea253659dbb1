// The "other" live clients of the live benchmark, in a process of their own: N PouchDB _changes
// feeds (longpoll loops, as live replication keeps them) on one database. Args: url db token n.
import PouchDB from 'pouchdb';

const [url, db, token, n] = process.argv.slice(2);
let deliveries = 0;
const remote = () =>
	new PouchDB(`${url}/db/${db}`, {
		fetch: (input: string | Request, init?: RequestInit) => {
			const headers = new Headers(init?.headers);
			headers.set('authorization', `Bearer ${token}`);
			return PouchDB.fetch(input, { ...init, headers });
		}
	} as PouchDB.Configuration.RemoteDatabaseConfiguration);
const feeds = Array.from({ length: Number(n) }, () => remote().changes({ live: true, since: 'now' }).on('change', () => deliveries++));
process.send?.({ ready: true });
process.on('message', (message: { stop?: boolean }) => {
	if (!message.stop) return;
	for (const feed of feeds) feed.cancel();
	process.send?.({ deliveries }, () => process.exit(0));
});
