// Issue 11, item 5: an open `_changes` feed ends with the session that opened it — on sign-out,
// deactivation and removal from the team — and delivers nothing written after that; no feed
// lives forever; a user cannot hold an unbounded number of them.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { testObservation } from '../../support/documents.ts';
import { login, remoteDb, seedTwoTeams, startTestServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const DB = 'team-pflege-a';
const OTHER_DB = 'team-pflege-b';
/** Short enough that every ending shows within a test; the session check runs at each beat. */
const HEARTBEAT_MS = 100;
/** Long enough that no feed here ends by its inactivity timeout. */
const TIMEOUT_MS = 60_000;
/** How long a feed may take to notice an ending: a few heartbeats, generously. */
const END_WITHIN_MS = 3000;
const MAX_FEEDS_PER_USER = 3;
const SHORT_LIFETIME_MS = 800;

const FEEDS = ['continuous', 'eventsource', 'longpoll'] as const;
type Feed = (typeof FEEDS)[number];

let server: TestServer;
let shortLived: TestServer;
let adminToken: string;
let users = 0;
const cleanups: (() => unknown)[] = [];

beforeAll(async () => {
	[server, shortLived] = await Promise.all([
		startTestServer({ maxFeedsPerUser: MAX_FEEDS_PER_USER, feedSessionCheckMs: 200 }),
		startTestServer({ feedMaxLifetimeMs: SHORT_LIFETIME_MS })
	]);
	await Promise.all([seedTwoTeams(server.app), seedTwoTeams(shortLived.app)]);
	adminToken = await login(server.url, 'admin');
});
afterEach(async () => {
	for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(() => Promise.all([server.close(), shortLived.close()]));

/** A fresh nurse of team A (and B when asked), signed in with a bearer token. */
async function newNurse(target: TestServer, teams = ['pflege-a']): Promise<{ username: string; token: string }> {
	const username = `feed-nurse-${++users}`;
	await target.app.accounts.createUser({ username, displayName: username, role: 'nurse', teams, password: TEST_PASSWORD });
	return { username, token: await login(target.url, username) };
}

const write = (target: TestServer, key: string, db = DB) => target.app.storage.database(db).put(testObservation(key, 'nurse.a') as never);

/** An open feed: what it has sent so far, and whether the server ended it. */
class OpenFeed {
	text = '';
	ended = false;
	status = 0;
	readonly #controller = new AbortController();

	static async open(url: string, token: string, query = `heartbeat=${HEARTBEAT_MS}&timeout=${TIMEOUT_MS}`): Promise<OpenFeed> {
		const feed = new OpenFeed();
		// A server that never sends the headers fails the test instead of hanging it.
		const noHeaders = setTimeout(() => feed.#controller.abort(), END_WITHIN_MS);
		const res = await fetch(`${url}&${query}`, { headers: { authorization: `Bearer ${token}` }, signal: feed.#controller.signal });
		clearTimeout(noHeaders);
		feed.status = res.status;
		cleanups.push(() => feed.close());
		const reader = res.body!.getReader();
		void (async () => {
			try {
				for (;;) {
					const { value, done } = await reader.read();
					if (done) break;
					feed.text += new TextDecoder().decode(value);
				}
				feed.ended = true;
			} catch {
				// aborted by the test
			}
		})();
		return feed;
	}

	close(): void {
		this.#controller.abort();
	}

	async waitFor(what: string, predicate: () => boolean, withinMs = END_WITHIN_MS): Promise<void> {
		await expect.poll(predicate, { timeout: withinMs, interval: 20, message: what }).toBe(true);
	}
}

const feedUrl = (target: TestServer, feed: Feed, db = DB) => `${target.url}/db/${db}/_changes?feed=${feed}&since=now&include_docs=true`;

const ENDINGS = {
	'sign-out': async (user: { token: string }) => {
		const res = await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { authorization: `Bearer ${user.token}` } });
		expect(res.status).toBe(200);
	},
	deactivation: async (user: { username: string }) => {
		const res = await fetch(`${server.url}/api/admin/users/${user.username}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
			body: JSON.stringify({ disabled: true })
		});
		expect(res.status).toBe(200);
	},
	'removal from the team': async (user: { username: string }) => {
		const res = await fetch(`${server.url}/api/admin/users/${user.username}`, {
			method: 'PATCH',
			headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
			body: JSON.stringify({ teams: ['pflege-b'] })
		});
		expect(res.status).toBe(200);
	}
} as const;

describe('an open _changes feed does not outlive its session', () => {
	for (const feed of FEEDS) {
		for (const [ending, end] of Object.entries(ENDINGS)) {
			it(`${feed}: refuses to deliver anything written after ${ending}, and ends`, async () => {
				const user = await newNurse(server, ['pflege-a', 'pflege-b']);
				const open = await OpenFeed.open(feedUrl(server, feed), user.token);
				expect(open.status).toBe(200);
				if (feed !== 'longpoll') {
					// The feed works: a change before the ending arrives (a longpoll would answer with it).
					await write(server, `${feed}-${ending}-before`);
					await open.waitFor('the change before the ending', () => open.text.includes(`${feed}-${ending}-before`));
				}
				await end(user);
				await write(server, `${feed}-${ending}-after`);
				await open.waitFor('the end of the feed', () => open.ended);
				expect(open.text).not.toContain(`${feed}-${ending}-after`);
			});
		}
	}

	it('removal from one team leaves the feed of the other team open', async () => {
		const user = await newNurse(server, ['pflege-a', 'pflege-b']);
		const kept = await OpenFeed.open(feedUrl(server, 'continuous', OTHER_DB), user.token);
		const ended = await OpenFeed.open(feedUrl(server, 'continuous', DB), user.token);
		await ENDINGS['removal from the team'](user);
		await ended.waitFor('the end of the team A feed', () => ended.ended);
		await write(server, 'still-in-team-b', OTHER_DB);
		await kept.waitFor('the team B change', () => kept.text.includes('observation:still-in-team-b'));
		expect(kept.ended).toBe(false);
	});

	it('without a heartbeat the session is still checked, on a fixed interval', async () => {
		const user = await newNurse(server);
		const open = await OpenFeed.open(feedUrl(server, 'continuous'), user.token, `timeout=${TIMEOUT_MS}`);
		await ENDINGS['sign-out'](user);
		await open.waitFor('the end of the feed', () => open.ended);
	});
});

describe('a feed lives no longer than the maximum lifetime', () => {
	for (const feed of ['continuous', 'eventsource'] as const) {
		it(`${feed}: refuses to stay open past its lifetime, although changes keep arriving`, async () => {
			const user = await newNurse(shortLived);
			const open = await OpenFeed.open(feedUrl(shortLived, feed), user.token);
			let n = 0;
			const writer = setInterval(() => void write(shortLived, `busy-${feed}-${n++}`), 50);
			cleanups.push(() => clearInterval(writer));
			await open.waitFor('the end of the busy feed', () => open.ended, SHORT_LIFETIME_MS + END_WITHIN_MS);
			expect(open.text).toContain(`busy-${feed}-`);
		});
	}

	it('stock PouchDB live replication keeps receiving changes across forced ends', async () => {
		const user = await newNurse(shortLived);
		const emptyAnswers: number[] = [];
		const realFetch = PouchDB.fetch;
		// Counts longpolls the server ended without a change: those ends are the lifetime's.
		vi.spyOn(PouchDB, 'fetch').mockImplementation(async (input, init) => {
			const res = await realFetch(input, init);
			if (String(input).includes('feed=longpoll')) {
				void res
					.clone()
					.text()
					.then((text) => (JSON.parse(text.trim()) as { results: unknown[] }).results.length === 0 && emptyAnswers.push(Date.now()))
					.catch(() => undefined);
			}
			return res;
		});
		cleanups.push(() => vi.restoreAllMocks());
		const device = new PouchDB(`device-${Math.random()}`, { adapter: 'memory' });
		const errors: unknown[] = [];
		const replication = device.replicate
			.from(remoteDb(shortLived.url, DB, user.token), { live: true, retry: true })
			.on('error', (err) => errors.push(err))
			.on('denied', (err) => errors.push(err));
		cleanups.push(() => replication.cancel());

		await write(shortLived, 'replicated-before');
		await expect.poll(() => device.get('observation:replicated-before').then(() => true, () => false), { timeout: 5000 }).toBe(true);
		const forcedBefore = emptyAnswers.length;
		await expect.poll(() => emptyAnswers.length - forcedBefore, { timeout: 4 * SHORT_LIFETIME_MS + END_WITHIN_MS }).toBeGreaterThanOrEqual(2);
		await write(shortLived, 'replicated-after');
		await expect.poll(() => device.get('observation:replicated-after').then(() => true, () => false), { timeout: 5000 }).toBe(true);
		expect(errors).toEqual([]);
	});
});

describe('open feeds per user', () => {
	it(`refuses feed number ${MAX_FEEDS_PER_USER + 1} of one user with a CouchDB-shaped 429, not a hang`, async () => {
		const user = await newNurse(server);
		const open: OpenFeed[] = [];
		for (let i = 0; i < MAX_FEEDS_PER_USER; i++) open.push(await OpenFeed.open(feedUrl(server, i % 2 ? 'eventsource' : 'continuous'), user.token));
		expect(open.map((f) => f.status)).toEqual(Array(MAX_FEEDS_PER_USER).fill(200));

		const refused = await fetch(`${feedUrl(server, 'longpoll')}&timeout=${TIMEOUT_MS}`, {
			headers: { authorization: `Bearer ${user.token}` },
			signal: AbortSignal.timeout(END_WITHIN_MS)
		});
		expect(refused.status).toBe(429);
		expect(await refused.json()).toEqual({ error: 'too_many_requests', reason: expect.any(String) });

		// Another user is not affected, and a closed feed frees its place.
		const other = await newNurse(server);
		expect((await OpenFeed.open(feedUrl(server, 'continuous'), other.token)).status).toBe(200);
		open[0].close();
		await expect
			.poll(async () => {
				const again = await OpenFeed.open(feedUrl(server, 'continuous'), user.token);
				if (again.status !== 200) again.close();
				return again.status;
			}, { timeout: END_WITHIN_MS })
			.toBe(200);
	});

	it('counts no normal (one-shot) _changes request against the cap', async () => {
		const user = await newNurse(server);
		for (let i = 0; i < MAX_FEEDS_PER_USER; i++) await OpenFeed.open(feedUrl(server, 'continuous'), user.token);
		const normal = await fetch(`${server.url}/db/${DB}/_changes?since=0&limit=1`, { headers: { authorization: `Bearer ${user.token}` } });
		expect(normal.status).toBe(200);
	});
});
