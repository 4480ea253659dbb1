// The consult call is signalled through the server only between its two parties: the field user who
// asked for the consult and the physician who accepted it, while it is open. Every other account —
// a colleague on the same team, another physician, a dispatcher, a physician of another region —
// is refused (403, CouchDB-shaped) and hears nothing; malformed and oversized messages are refused
// before anything is relayed, and nothing is stored.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SIGNAL_BYTES, type CallSignalEnvelope } from '../../../src/lib/domain/index.ts';
import { MAX_SIGNALS_PER_WINDOW } from '../../../sync-server/src/routes/consult-call.ts';
import { api, consultDoc, requestConsult, seedConsultTeams } from '../../support/consults.ts';
import { SseClient } from '../../support/sse-client.ts';
import { login, startTestServer, TEST_PASSWORD, type TestServer } from '../../support/test-server.ts';

const ICE = [{ urls: 'turn:turn.example.org:3478', username: 'fieldcare', credential: 'turn-secret' }];
const FROM = 'peer-anna-000001';
const OFFER = { kind: 'description', from: FROM, description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } };

let server: TestServer;
let tokens: Record<string, string>;
const clients: SseClient[] = [];
const path = (id: string, rest: string) => `/api/consults/${encodeURIComponent(id)}${rest}`;

beforeAll(async () => {
	server = await startTestServer({ iceServers: ICE });
	tokens = await seedConsultTeams(server);
	const { accounts } = server.app;
	await accounts.saveTeam({ id: 'wache-far', name: 'Wache Fern', kind: 'ambulance', region: 'jena' });
	const others = [
		['tom', 'nurse', ['pflege-a']],
		['leitstelle', 'dispatcher', ['pflege-a', 'wache-a']],
		['dr.fern', 'arzt', ['pflege-far', 'wache-far']],
		['admin', 'admin', []]
	] as const;
	for (const [username, role, teams] of others) {
		await accounts.createUser({ username, displayName: username, role, teams: [...teams], password: TEST_PASSWORD });
		tokens[username] = await login(server.url, username);
	}
	await requestConsult(server, tokens.anna, 'team-pflege-a', consultDoc('call', 'anna'));
	await requestConsult(server, tokens.anna, 'team-pflege-a', consultDoc('waiting', 'anna'));
	await requestConsult(server, tokens.anna, 'team-pflege-a', consultDoc('closed', 'anna'));
	await requestConsult(server, tokens.rtw1, 'team-wache-a', consultDoc('mission', 'rtw1', { patientId: undefined, missionId: 'mission:m1' }));
	for (const id of ['consult:call', 'consult:closed', 'consult:mission']) expect((await api(server, tokens['dr.berg'], 'POST', path(id, '/accept'))).status).toBe(200);
	expect((await api(server, tokens['dr.berg'], 'POST', path('consult:closed', '/close'))).status).toBe(200);
});
afterEach(() => {
	for (const client of clients.splice(0)) client.close();
});
afterAll(() => server.close());

async function listen(user: string, query = '?events=signal'): Promise<SseClient> {
	const client = await SseClient.open(`${server.url}/api/live${query}`, { authorization: `Bearer ${tokens[user]}` });
	clients.push(client);
	await client.waitFor((e) => e.event === 'ready');
	return client;
}

const signals = (client: SseClient): CallSignalEnvelope[] => client.events.filter((e) => e.event === 'signal').map((e) => JSON.parse(e.data) as CallSignalEnvelope);

async function signal(user: string, id: string, body: unknown) {
	return api(server, tokens[user], 'POST', path(id, '/signal'), body);
}

function expectRefused(res: { status: number; text: string }): void {
	expect(res.status).toBe(403);
	expect(JSON.parse(res.text)).toMatchObject({ error: 'forbidden', reason: expect.any(String) });
	expect(res.text).not.toContain('turn-secret');
}

/** Refused, and the parties' streams heard nothing of it. */
async function expectRefusedUnheard(user: string, id = 'consult:call'): Promise<void> {
	const [anna, berg] = await Promise.all([listen('anna'), listen('dr.berg')]);
	expectRefused(await signal(user, id, { ...OFFER, from: 'peer-intruder-01' }));
	// A signal the parties send each other after it arrives in order behind anything relayed before.
	expect((await signal('anna', 'consult:call', { kind: 'hangup', from: FROM })).status).toBe(200);
	await berg.until(() => signals(berg).length > 0, 3000, 'the party\'s own signal');
	expect(signals(berg)).toEqual([{ consultId: 'consult:call', sender: 'anna', signal: { kind: 'hangup', from: FROM } }]);
	expect(signals(anna)).toEqual([]);
}

describe('the two parties of an accepted, open consult', () => {
	it('relays the field user\'s offer to the physician\'s stream, and the answer back', async () => {
		const [anna, berg] = await Promise.all([listen('anna'), listen('dr.berg')]);
		const sent = await signal('anna', 'consult:call', OFFER);
		expect(sent.status).toBe(200);
		expect(sent.body).toEqual({ ok: true, delivered: 1 });
		await berg.until(() => signals(berg).length > 0, 3000, 'offer');
		expect(signals(berg)).toEqual([{ consultId: 'consult:call', sender: 'anna', signal: OFFER }]);
		const answer = { kind: 'description', from: 'peer-berg-000001', description: { type: 'answer', sdp: 'v=0\r\n' } };
		expect((await signal('dr.berg', 'consult:call', answer)).status).toBe(200);
		await anna.until(() => signals(anna).length > 0, 3000, 'answer');
		expect(signals(anna)).toEqual([{ consultId: 'consult:call', sender: 'dr.berg', signal: answer }]);
	});

	it('relays on the field user\'s full live stream too, beside its database changes, when it asks (events=all)', async () => {
		const anna = await listen('anna', '?events=all');
		expect((await signal('dr.berg', 'consult:call', { kind: 'media', from: 'peer-berg-000001', audioOnly: true })).status).toBe(200);
		const event = await anna.waitFor((e) => e.event === 'signal', 3000, 'signal');
		expect(event.id).toBeUndefined();
		expect(JSON.parse(event.data)).toMatchObject({ sender: 'dr.berg', signal: { kind: 'media', audioOnly: true } });
	});

	it('relays between a crew and the physician of its mission\'s consult', async () => {
		const berg = await listen('dr.berg');
		expect((await signal('rtw1', 'consult:mission', { kind: 'hangup', from: 'peer-rtw1-000001' })).body).toEqual({ ok: true, delivered: 1 });
		await berg.until(() => signals(berg).length > 0, 3000, 'hang-up');
		expect(signals(berg)[0]).toMatchObject({ consultId: 'consult:mission', sender: 'rtw1' });
	});

	it('sends nothing to a stream that did not ask for signals, and does not count it as delivered', async () => {
		const berg = await listen('dr.berg', '');
		expect((await signal('anna', 'consult:call', OFFER)).body).toEqual({ ok: true, delivered: 0 });
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(signals(berg)).toEqual([]);
	});

	it('answers delivered 0 when the other party has no stream open, and stores nothing', async () => {
		const db = server.app.storage.database('team-pflege-a');
		const before = (await db.info()).update_seq;
		expect((await signal('anna', 'consult:call', OFFER)).body).toEqual({ ok: true, delivered: 0 });
		expect((await db.info()).update_seq).toEqual(before);
	});

	it('serves the configured ICE servers to both parties', async () => {
		for (const user of ['anna', 'dr.berg']) {
			const res = await api(server, tokens[user], 'GET', path('consult:call', '/ice'));
			expect(res.status).toBe(200);
			expect(res.body).toEqual({ ok: true, iceServers: ICE });
		}
	});
});

describe('signalling refuses a third party', () => {
	it('refuses another nurse of the same team', async () => {
		await expectRefusedUnheard('tom');
	});

	it('refuses another physician serving the same teams', async () => {
		await expectRefusedUnheard('dr.hain');
	});

	it('refuses a dispatcher of the region', async () => {
		await expectRefusedUnheard('leitstelle');
	});

	it('refuses a physician of another region', async () => {
		await expectRefusedUnheard('dr.fern');
	});

	it('refuses a nurse of another team', async () => {
		await expectRefusedUnheard('fern');
	});

	it('refuses the crew of another team (a consult of the nursing team)', async () => {
		await expectRefusedUnheard('rtw1');
	});

	it('refuses an admin', async () => {
		await expectRefusedUnheard('admin');
	});

	it('refuses the ICE servers (and their TURN credential) to a third party', async () => {
		for (const user of ['tom', 'dr.hain', 'leitstelle', 'dr.fern', 'fern', 'admin']) expectRefused(await api(server, tokens[user], 'GET', path('consult:call', '/ice')));
	});

	it('refuses a signal without a session', async () => {
		const res = await fetch(`${server.url}${path('consult:call', '/signal')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OFFER) });
		expect(res.status).toBe(401);
	});

	it('refuses a stream with signals to a dispatcher and an admin', async () => {
		for (const [user, events] of [['leitstelle', 'signal'], ['leitstelle', 'all'], ['admin', 'signal']]) {
			const res = await api(server, tokens[user], 'GET', `/api/live?events=${events}`);
			expect(res.status).toBe(403);
			expect(res.body).toMatchObject({ error: 'forbidden' });
		}
	});
});

describe('signalling outside an accepted, open consult', () => {
	it('refuses the field user before a physician accepted', async () => {
		expectRefused(await signal('anna', 'consult:waiting', OFFER));
	});

	it('refuses both parties once the consult is closed', async () => {
		expectRefused(await signal('anna', 'consult:closed', OFFER));
		expectRefused(await signal('dr.berg', 'consult:closed', OFFER));
		expectRefused(await api(server, tokens['dr.berg'], 'GET', path('consult:closed', '/ice')));
	});

	it('refuses an unknown consult as it refuses another\'s', async () => {
		expectRefused(await signal('anna', 'consult:nosuch', OFFER));
	});

	it('refuses an id that is no consult', async () => {
		const res = await signal('anna', 'patient:p1', OFFER);
		expect(res.status).toBe(400);
		expect(res.body).toMatchObject({ error: 'bad_request' });
	});
});

describe('signalling refuses malformed and oversized messages', () => {
	it('refuses a message of an unknown kind', async () => {
		const res = await signal('anna', 'consult:call', { kind: 'ring', from: FROM });
		expect(res.status).toBe(400);
		expect(res.body).toMatchObject({ error: 'bad_request' });
	});

	it('refuses a message with fields beyond the schema', async () => {
		const res = await signal('anna', 'consult:call', { ...OFFER, patient: 'Muster' });
		expect(res.status).toBe(400);
		expect(res.text).not.toContain('Muster');
	});

	it('refuses a body that is no JSON', async () => {
		const res = await fetch(`${server.url}${path('consult:call', '/signal')}`, { method: 'POST', headers: { authorization: `Bearer ${tokens.anna}`, 'content-type': 'application/json' }, body: '{"kind":' });
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ error: 'bad_request' });
	});

	it('refuses a message larger than the limit with 413, relaying nothing', async () => {
		const berg = await listen('dr.berg');
		const big = { kind: 'description', from: FROM, description: { type: 'offer', sdp: 'a'.repeat(MAX_SIGNAL_BYTES) } };
		const res = await signal('anna', 'consult:call', big);
		expect(res.status).toBe(413);
		expect(res.body).toMatchObject({ error: 'too_large' });
		expect((await signal('anna', 'consult:call', { kind: 'hangup', from: FROM })).status).toBe(200);
		await berg.until(() => signals(berg).length > 0, 3000, 'hang-up');
		expect(signals(berg).map((s) => s.signal.kind)).toEqual(['hangup']);
	});
});

describe('signalling refuses a flood', () => {
	it('refuses signals past the limit per window with 429 and Retry-After, relaying none of them', async () => {
		// A crew of its own, so that no other test's signals count.
		await server.app.accounts.createUser({ username: 'rtw2', displayName: 'rtw2', role: 'paramedic', teams: ['wache-a'], password: TEST_PASSWORD });
		tokens.rtw2 = await login(server.url, 'rtw2');
		await requestConsult(server, tokens.rtw2, 'team-wache-a', consultDoc('flood', 'rtw2', { patientId: undefined, missionId: 'mission:m2' }));
		expect((await api(server, tokens['dr.berg'], 'POST', path('consult:flood', '/accept'))).status).toBe(200);
		const berg = await listen('dr.berg');
		const hangup = { kind: 'hangup', from: 'peer-rtw2-000001' };
		for (let sent = 0; sent < MAX_SIGNALS_PER_WINDOW; sent += 50) {
			const batch = await Promise.all(Array.from({ length: 50 }, () => signal('rtw2', 'consult:flood', hangup)));
			expect(batch.map((res) => res.status).filter((status) => status !== 200)).toEqual([]);
		}
		const res = await fetch(`${server.url}${path('consult:flood', '/signal')}`, { method: 'POST', headers: { authorization: `Bearer ${tokens.rtw2}`, 'content-type': 'application/json' }, body: JSON.stringify(hangup) });
		expect(res.status).toBe(429);
		expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(await res.json()).toMatchObject({ error: 'too_many_requests' });
		await berg.until(() => signals(berg).length >= MAX_SIGNALS_PER_WINDOW, 5000, 'the signals within the limit');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(signals(berg)).toHaveLength(MAX_SIGNALS_PER_WINDOW);
	});
});
