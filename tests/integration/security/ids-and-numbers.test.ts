// Issue 11, item 8: one document must not stop a team's sync. Ids the schema accepts are ids every
// device can read; ids with control or bidi characters are refused; numbers JSON cannot hold are refused.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_ID_LENGTH } from '../../../src/lib/domain/index.ts';
import { sampleDocument } from '../../support/documents.ts';
import { login, remoteDb, startTwoTeamServer, type TestServer } from '../../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

let server: TestServer;
let token: string;
const DB = 'team-pflege-a';

beforeAll(async () => {
	server = await startTwoTeamServer();
	token = await login(server.url, 'nurse.a');
});
afterAll(() => server.close());

const localDb = (name: string) => new PouchDB(`${name}-${Math.random()}`, { adapter: 'memory' });
const stored = () => server.app.storage.database(DB);

/** A note with the given key, as the app writes it. */
function note(key: string): Record<string, unknown> {
	return { ...sampleDocument('note', 'k', 'nurse.a'), _id: `note:${key}` };
}

async function send(method: string, path: string, body?: unknown) {
	const res = await fetch(`${server.url}/db/${DB}/${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, json: JSON.parse(text) as unknown, text };
}

async function isStored(id: string): Promise<boolean> {
	return stored()
		.get(id)
		.then(() => true)
		.catch(() => false);
}

describe('id length: what the schema accepts, every device can read', () => {
	it('a 150-character id round-trips through PUT, GET and a stock PouchDB replication', async () => {
		const id = `note:${'a'.repeat(145)}`;
		expect(id).toHaveLength(150);
		const put = await send('PUT', encodeURIComponent(id), note('a'.repeat(145)));
		expect(put).toMatchObject({ status: 201, json: { ok: true, id } });
		const get = await send('GET', encodeURIComponent(id));
		expect(get).toMatchObject({ status: 200, json: { _id: id } });

		// A device writes another one offline and pushes it; a second device pulls the team.
		const device = localDb('device');
		const pushedId = `note:${'ü'.repeat(145)}`;
		await device.put(note('ü'.repeat(145)));
		const push = await device.replicate.to(remoteDb(server.url, DB, token));
		expect(push).toMatchObject({ ok: true, docs_written: 1, doc_write_failures: 0 });
		const other = localDb('other');
		const pull = await other.replicate.from(remoteDb(server.url, DB, token));
		expect(pull).toMatchObject({ ok: true, doc_write_failures: 0 });
		expect((await other.get(id))._id).toBe(id);
		expect((await other.get(pushedId))._id).toBe(pushedId);
	});

	it('an id of the longest length allowed, in 3-byte characters, is readable by id', async () => {
		const key = '€'.repeat(MAX_ID_LENGTH - 'note:'.length);
		expect((await send('PUT', encodeURIComponent(`note:${key}`), note(key))).status).toBe(201);
		expect(await send('GET', encodeURIComponent(`note:${key}`))).toMatchObject({ status: 200, json: { _id: `note:${key}` } });
	});

	it('a 250-character id is refused with a clear error, by PUT and _bulk_docs', async () => {
		const key = 'b'.repeat(245);
		// In a URL the router refuses it, naming the limit; in a body the write check does.
		const put = await send('PUT', encodeURIComponent(`note:${key}`), note(key));
		expect(put).toMatchObject({ status: 400, json: { error: 'bad_request', reason: expect.stringContaining(`longer than ${MAX_ID_LENGTH} characters`) } });
		const bulk = await send('POST', '_bulk_docs', { docs: [note(key)] });
		expect(bulk).toMatchObject({ status: 201, json: [{ error: 'forbidden', reason: expect.stringContaining(`at most ${MAX_ID_LENGTH} characters`) }] });
		expect(await isStored(`note:${key}`)).toBe(false);
		expect((await send('GET', encodeURIComponent(`note:${key}`))).status).toBe(400);
	});

	it('a path segment longer than any id is refused CouchDB-style, without echoing the path', async () => {
		const res = await send('GET', encodeURIComponent(`note:${'c'.repeat(5000)}`));
		expect(res).toMatchObject({ status: 400, json: { error: 'bad_request', reason: expect.any(String) } });
		expect(res.text).not.toContain('ccccc');
		expect(Object.keys(res.json as object).sort()).toEqual(['error', 'reason']);
	});

	it('a broken percent-encoding in an id is a CouchDB-shaped 400, without echoing the path', async () => {
		const res = await send('GET', 'note:secret-name%E0%A4%A');
		expect(res).toMatchObject({ status: 400, json: { error: 'bad_request' } });
		expect(res.text).not.toContain('secret-name');
	});
});

const BAD_CHARS = [
	['NUL', '\u0000'],
	['a carriage return', '\r'],
	['an escape', '\u001b'],
	['a C1 control', '\u009b'],
	['a right-to-left override', '\u202e'],
	['a right-to-left isolate', '\u2067'],
	['a left-to-right mark', '\u200e'],
	['the Arabic letter mark', '\u061c']
] as const;

describe('ids with control or bidi characters', () => {
	it.each(BAD_CHARS)('an id with %s is refused via PUT', async (_name, char) => {
		const key = `evil${char}fdp.exe`;
		const res = await send('PUT', encodeURIComponent(`note:${key}`), note(key));
		expect(res).toMatchObject({ status: 403, json: { error: 'forbidden', reason: expect.stringMatching(/^_id: /) } });
		expect(await isStored(`note:${key}`)).toBe(false);
	});

	it.each(BAD_CHARS)('an id with %s is refused via _bulk_docs, with and without new_edits:false', async (_name, char) => {
		const key = `bulk${char}x`;
		const edited = await send('POST', '_bulk_docs', { docs: [note(key)] });
		expect(edited).toMatchObject({ status: 201, json: [{ error: 'forbidden', reason: expect.stringMatching(/^_id: /) }] });
		const replicated = await send('POST', '_bulk_docs', {
			new_edits: false,
			docs: [{ ...note(key), _rev: '1-0123456789abcdef0123456789abcdef', _revisions: { start: 1, ids: ['0123456789abcdef0123456789abcdef'] } }]
		});
		expect(replicated).toMatchObject({ status: 201, json: [{ error: 'forbidden', reason: expect.stringMatching(/^_id: /) }] });
		expect(await isStored(`note:${key}`)).toBe(false);
	});

	it('a checkpoint (_local) id with a control character is refused', async () => {
		const res = await send('PUT', `_local/${encodeURIComponent('cp\u0007')}`, { last_seq: 1 });
		expect(res).toMatchObject({ status: 403, json: { error: 'forbidden' } });
		expect(await isStored('_local/cp\u0007')).toBe(false);
	});

	it('an id with an unpaired surrogate (which no client can put in a URL) is refused via _bulk_docs', async () => {
		const body = `{"docs":[${JSON.stringify(note('x')).replace('"note:x"', '"note:x\\ud800"')}]}`;
		expect(await send('POST', '_bulk_docs', body)).toMatchObject({ status: 201, json: [{ error: 'forbidden', reason: expect.stringContaining('surrogate') }] });
		expect(await isStored('note:x\ud800')).toBe(false);
	});
});

describe('numbers JSON cannot hold', () => {
	/** An alarm: its score is a number with no upper bound, so the schema alone lets Infinity through. */
	const alarmWithScore = (key: string, score: string) => JSON.stringify({ ...sampleDocument('alarm', key, 'nurse.a'), score: 7 }).replace('"score":7', `"score":${score}`);

	it('1e309 in a PUT body is refused with 400 and nothing is stored', async () => {
		const res = await send('PUT', 'alarm:inf-put', alarmWithScore('inf-put', '1e309'));
		expect(res).toMatchObject({ status: 400, json: { error: 'bad_request', reason: expect.stringContaining('finite') } });
		expect(await isStored('alarm:inf-put')).toBe(false);
	});

	it('-1e309 in a _bulk_docs body is refused with 400 and nothing of the batch is stored', async () => {
		const good = JSON.stringify(sampleDocument('alarm', 'inf-good', 'nurse.a'));
		const res = await send('POST', '_bulk_docs', `{"docs":[${good},${alarmWithScore('inf-bad', '-1e309')}]}`);
		expect(res).toMatchObject({ status: 400, json: { error: 'bad_request' } });
		expect(await isStored('alarm:inf-good')).toBe(false);
		expect(await isStored('alarm:inf-bad')).toBe(false);
	});

	it('1e309 nested in a replicated revision (new_edits:false) is refused with 400', async () => {
		const doc = alarmWithScore('inf-repl', '1E+309').replace(/^\{/, '{"_rev":"1-0123456789abcdef0123456789abcdef",');
		const res = await send('POST', '_bulk_docs', `{"new_edits":false,"docs":[${doc}]}`);
		expect(res).toMatchObject({ status: 400, json: { error: 'bad_request' } });
		expect(await isStored('alarm:inf-repl')).toBe(false);
	});

	it('the largest finite number still passes and is stored as it was sent', async () => {
		expect((await send('PUT', 'alarm:big', alarmWithScore('big', '1.7976931348623157e308'))).status).toBe(201);
		expect(((await stored().get('alarm:big')) as { score?: number }).score).toBe(Number.MAX_VALUE);
	});
});
