// Physicians on duty hear of consults through /api/live: a new request of a team they serve as it
// arrives, "taken" when another physician accepts it — and nothing else of the team's database.
import { describe, expect, it } from 'vitest';
import { testObservation } from '../support/documents.ts';
import { ago, api, consultDoc, HOUR, requestConsult } from '../support/consults.ts';
import { consultSuite } from '../support/consult-suite.ts';
import { SseClient } from '../support/sse-client.ts';
import { login, TEST_PASSWORD } from '../support/test-server.ts';

const suite = consultSuite();
const { onDuty } = suite;

type Notice = { kind: string; id?: string; team?: string; entry?: { id: string; requestedAt: string; urgency: string; state: string } };
const notices = (client: SseClient): Notice[] => client.events.filter((e) => e.event === 'consult').map((e) => JSON.parse(e.data) as Notice);

describe('a physician\'s live stream', () => {
	it('brings a new request to every physician on duty, with the time it was asked on the device', async () => {
		const [berg, hain] = await Promise.all([onDuty('dr.berg'), onDuty('dr.hain')]);
		const requestedAt = ago(2 * HOUR);
		await requestConsult(suite.server, suite.tokens.rtw1, 'team-wache-a', consultDoc('live1', 'rtw1', { urgency: 'sofort', requestedAt, patientId: undefined, missionId: 'mission:m1' }));
		for (const client of [berg, hain]) {
			const event = await client.waitFor((e) => e.event === 'consult', 3000, 'consult notice');
			expect(JSON.parse(event.data)).toMatchObject({ kind: 'requested', db: 'team-wache-a', entry: { id: 'consult:live1', team: 'wache-a', urgency: 'sofort', requestedAt, state: 'requested', on: 'mission' } });
		}
	});

	it('tells the others "taken" when one physician accepts, and the accepting one "accepted"', async () => {
		await requestConsult(suite.server, suite.tokens.anna, 'team-pflege-a', consultDoc('live2', 'anna'));
		const [berg, hain] = await Promise.all([onDuty('dr.berg'), onDuty('dr.hain')]);
		expect((await api(suite.server, suite.tokens['dr.berg'], 'POST', `/api/consults/${encodeURIComponent('consult:live2')}/accept`)).status).toBe(200);
		await hain.until(() => notices(hain).find((n) => n.kind === 'taken'), 3000, 'taken notice');
		// Named by who took it (the seeded accounts' display names are their user names).
		expect(notices(hain)).toEqual([{ kind: 'taken', id: 'consult:live2', team: 'pflege-a', takenByName: 'dr.berg', db: 'team-pflege-a', seq: expect.anything() }]);
		await berg.until(() => notices(berg).find((n) => n.kind === 'accepted'), 3000, 'accepted notice');
		expect(notices(berg)[0]).toMatchObject({ kind: 'accepted', entry: { id: 'consult:live2', state: 'accepted' } });
	});

	it('carries nothing else of the team: no observations outside a held consult, no changes as documents', async () => {
		const berg = await onDuty('dr.berg');
		// Of a patient without a consult (dr.berg holds live2's patient p1: those come, consult-live-vitals.test.ts).
		const observation = await api(suite.server, suite.tokens.anna, 'POST', '/db/team-pflege-a/_bulk_docs', { docs: [testObservation('live-obs', 'anna', 'p-none')] });
		expect(observation.status).toBe(201);
		await requestConsult(suite.server, suite.tokens.anna, 'team-pflege-a', consultDoc('live3', 'anna'));
		await berg.waitFor((e) => e.event === 'consult', 3000, 'consult notice');
		expect(berg.events.filter((e) => e.event === 'change')).toEqual([]);
		expect(berg.events.map((e) => e.data).join('\n')).not.toContain('observation:live-obs');
		expect(berg.events.map((e) => e.data).join('\n')).not.toContain('vitals');
	});

	it('hears nothing of a team the physician does not serve', async () => {
		const berg = await onDuty('dr.berg');
		await requestConsult(suite.server, suite.tokens.fern, 'team-pflege-far', consultDoc('far', 'fern'));
		await requestConsult(suite.server, suite.tokens.anna, 'team-pflege-a', consultDoc('near', 'anna'));
		await berg.waitFor((e) => e.event === 'consult', 3000, 'consult notice');
		expect(notices(berg).map((n) => n.entry?.id)).toEqual(['consult:near']);
	});

	it('resumes with Last-Event-ID: a request made while the physician was away arrives on reconnect', async () => {
		const first = await onDuty('dr.hain');
		const position = first.events.find((e) => e.event === 'ready')?.id ?? '';
		first.close();
		await requestConsult(suite.server, suite.tokens.anna, 'team-pflege-a', consultDoc('while-away', 'anna', { requestedAt: ago(HOUR) }));
		const again = await onDuty('dr.hain', { headers: { 'last-event-id': position } });
		await again.until(() => notices(again).find((n) => n.entry?.id === 'consult:while-away'), 3000, 'missed request');
	});

	it('ends with expired when the physician no longer serves a team of the stream', async () => {
		await suite.server.app.accounts.createUser({ username: 'dr.moving', displayName: 'Dr. Moving', role: 'arzt', teams: ['pflege-a', 'wache-a'], password: TEST_PASSWORD });
		const token = await login(suite.server.url, 'dr.moving');
		const client = await onDuty('dr.moving', { token, query: '?heartbeat=100' });
		await suite.server.app.accounts.updateUser('dr.moving', { teams: ['wache-a'] });
		const expired = await client.waitFor((e) => e.event === 'expired', 3000, 'expired');
		expect(JSON.parse(expired.data)).toEqual({ reason: 'teams-changed' });
	});

	it('stays open across heartbeats while the teams stay the same', async () => {
		const client = await onDuty('dr.hain', { query: '?heartbeat=100' });
		await client.until(() => client.comments >= 4, 3000, 'four heartbeats');
		expect(client.events.some((e) => e.event === 'expired')).toBe(false);
	});

	it('refuses the stream to an account without teams to serve', async () => {
		await suite.server.app.accounts.createUser({ username: 'dr.none', displayName: 'Dr. None', role: 'arzt', teams: [], password: TEST_PASSWORD });
		const token = await login(suite.server.url, 'dr.none');
		const res = await fetch(`${suite.server.url}/api/live`, { headers: { authorization: `Bearer ${token}` } });
		expect(res.status).toBe(403);
	});
});
