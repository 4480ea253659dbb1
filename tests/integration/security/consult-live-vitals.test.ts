// Live vital signs on a physician's stream (/api/live, `observation` events) are the observations of
// the subject of a consult that physician accepted and has not closed — nothing of another
// physician's consult, of a request nobody accepted, of a closed consult, or of another patient.
// Each refusal is shown against a value that is delivered after it on the same feed: the feed is in
// order, so once the later value has arrived the refused one would have arrived before it.
// Unconfirmed readings relayed by the field device (POST /api/consults/:id/readings) follow the same
// rule: only the consult's own field team, only while it is accepted and open, only to its physician.
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../src/lib/domain/index.ts';
import { ago, api, consultDoc, observationOf, requestConsult } from '../../support/consults.ts';
import { consultSuite } from '../../support/consult-suite.ts';
import { SseClient } from '../../support/sse-client.ts';

const TEAM_DB = 'team-pflege-a';
const ARRIVAL_MS = 5000;

const suite = consultSuite({ patients: true });
const { onDuty } = suite;

/** The nurse's device replicates an observation into the team database. */
async function measured(observation: Observation): Promise<void> {
	const res = await api(suite.server, suite.tokens.anna, 'POST', `/db/${TEAM_DB}/_bulk_docs`, { docs: [observation] });
	expect(res.status).toBe(201);
}

async function accept(physician: string, consultId: string): Promise<void> {
	expect((await api(suite.server, suite.tokens[physician], 'POST', `/api/consults/${encodeURIComponent(consultId)}/accept`)).status).toBe(200);
}

async function close(physician: string, consultId: string): Promise<void> {
	expect((await api(suite.server, suite.tokens[physician], 'POST', `/api/consults/${encodeURIComponent(consultId)}/close`)).status).toBe(200);
}

const observationIds = (client: SseClient): string[] => client.events.filter((e) => e.event === 'observation').map((e) => (JSON.parse(e.data) as { observation: { _id: string } }).observation._id);

/** Waits until `id` arrived on the stream. */
async function arrived(client: SseClient, id: string): Promise<void> {
	await client.until(() => observationIds(client).includes(id), ARRIVAL_MS, `observation ${id}`);
}

/** A consult of patient `patientKey` accepted by `physician`, its stream open before anything is measured. */
async function heldBy(physician: string, key: string, patientKey: string): Promise<string> {
	const consult = consultDoc(key, 'anna', { patientId: `patient:${patientKey}` });
	await requestConsult(suite.server, suite.tokens.anna, TEAM_DB, consult);
	await accept(physician, consult._id);
	return consult._id;
}

describe('live vital signs on a physician\'s stream', () => {
	it('refuses the observations of a consult another physician accepted', async () => {
		const hain = await onDuty('dr.hain');
		const berg = await onDuty('dr.berg');
		await heldBy('dr.berg', 'other-doc', 'od1');
		const own = await heldBy('dr.hain', 'own-doc', 'od2');
		await measured(observationOf('od1', 'for-berg', ago(0), 90));
		await measured(observationOf('od2', 'for-hain', ago(0), 91));
		await arrived(hain, 'observation:od2:for-hain');
		await arrived(berg, 'observation:od1:for-berg');
		expect(observationIds(hain)).toEqual(['observation:od2:for-hain']);
		expect(observationIds(berg)).toEqual(['observation:od1:for-berg']);
		await close('dr.hain', own);
	});

	it('refuses the observations of a request nobody has accepted yet', async () => {
		const berg = await onDuty('dr.berg');
		await requestConsult(suite.server, suite.tokens.anna, TEAM_DB, consultDoc('unaccepted', 'anna', { patientId: 'patient:na1' }));
		await measured(observationOf('na1', 'before-accept', ago(0), 80));
		await heldBy('dr.berg', 'marker-na', 'na2');
		await measured(observationOf('na2', 'marker', ago(0), 81));
		await arrived(berg, 'observation:na2:marker');
		expect(observationIds(berg)).not.toContain('observation:na1:before-accept');
	});

	it('refuses the observations of a closed consult, from the moment it is closed', async () => {
		const berg = await onDuty('dr.berg');
		const id = await heldBy('dr.berg', 'to-close', 'cl1');
		await measured(observationOf('cl1', 'while-open', ago(0), 70));
		await arrived(berg, 'observation:cl1:while-open');
		await close('dr.berg', id);
		await measured(observationOf('cl1', 'after-close', ago(0), 71));
		await heldBy('dr.berg', 'marker-cl', 'cl2');
		await measured(observationOf('cl2', 'marker', ago(0), 72));
		await arrived(berg, 'observation:cl2:marker');
		expect(observationIds(berg)).not.toContain('observation:cl1:after-close');

		// A stream opened after the close does not catch up on it either.
		const later = await onDuty('dr.berg');
		await measured(observationOf('cl1', 'later', ago(0), 73));
		await measured(observationOf('cl2', 'marker-later', ago(0), 74));
		await arrived(later, 'observation:cl2:marker-later');
		expect(observationIds(later)).toEqual(['observation:cl2:marker-later']);
	});

	it('refuses the observations of another patient of the team while a consult is held', async () => {
		const berg = await onDuty('dr.berg');
		await heldBy('dr.berg', 'subject', 'sb1');
		await measured(observationOf('p2', 'other-patient', ago(0), 123));
		await measured(observationOf('sb1', 'subject', ago(0), 95));
		await arrived(berg, 'observation:sb1:subject');
		expect(observationIds(berg)).not.toContain('observation:p2:other-patient');
		expect(berg.events.map((e) => e.data).join('\n')).not.toContain('Fremdpatientin');
	});

	it('refuses the observations of a consult whose acceptance a field user forged', async () => {
		const berg = await onDuty('dr.berg');
		const forged = consultDoc('forged-accept', 'anna', { patientId: 'patient:fa1', acceptedBy: 'dr.berg', acceptedAt: ago(0) });
		const res = await api(suite.server, suite.tokens.anna, 'PUT', `/db/${TEAM_DB}/${encodeURIComponent(forged._id)}`, forged);
		expect(res.status).toBe(403);
		await measured(observationOf('fa1', 'after-forgery', ago(0), 99));
		await heldBy('dr.berg', 'marker-fa', 'fa2');
		await measured(observationOf('fa2', 'marker', ago(0), 98));
		await arrived(berg, 'observation:fa2:marker');
		expect(observationIds(berg)).not.toContain('observation:fa1:after-forgery');
	});

	it('refuses every other document of the held consult\'s patient (notes, the patient itself) as live events', async () => {
		const berg = await onDuty('dr.berg');
		await heldBy('dr.berg', 'docs-only', 'dk1');
		const note = { _id: 'note:dk1:n1', type: 'note', schemaVersion: 1, createdAt: ago(0), createdBy: 'anna', deviceId: 'test-device', patientId: 'patient:dk1', text: 'Privat' };
		expect((await api(suite.server, suite.tokens.anna, 'POST', `/db/${TEAM_DB}/_bulk_docs`, { docs: [note] })).status).toBe(201);
		await measured(observationOf('dk1', 'after-note', ago(0), 77));
		await arrived(berg, 'observation:dk1:after-note');
		expect(berg.events.map((e) => e.event).filter((name) => name !== 'observation' && name !== 'consult' && name !== 'ready')).toEqual([]);
		expect(berg.events.map((e) => e.data).join('\n')).not.toContain('Privat');
	});
});

const reading = (readingId: string, value = 120) => ({ readingId, state: 'pending', takenAt: ago(0), device: 'Cuff', values: [{ code: '8480-6', value, unit: 'mm[Hg]' }] });
const relay = (user: string, consultId: string, body: unknown) => api(suite.server, suite.tokens[user], 'POST', `/api/consults/${encodeURIComponent(consultId)}/readings`, body);
const relayed = (client: SseClient): string[] => client.events.filter((e) => e.event === 'reading').map((e) => (JSON.parse(e.data) as { reading: { readingId: string } }).reading.readingId);

describe('unconfirmed readings relayed to the physician', () => {
	it('refuses a reading from a field user of another team, and the physician gets nothing', async () => {
		const berg = await onDuty('dr.berg');
		const id = await heldBy('dr.berg', 'relay-team', 'rt1');
		const res = await relay('fern', id, reading('from-far'));
		expect(res.status).toBe(404);
		expect(res.body).toEqual({ error: 'not_found', reason: 'missing' });
		expect((await relay('anna', id, reading('marker'))).status).toBe(202);
		await berg.until(() => relayed(berg).includes('marker') || undefined, ARRIVAL_MS, 'marker reading');
		expect(relayed(berg)).toEqual(['marker']);
		await close('dr.berg', id);
	});

	it('refuses a reading for a consult nobody has accepted', async () => {
		const consult = consultDoc('relay-open', 'anna', { patientId: 'patient:ro1' });
		await requestConsult(suite.server, suite.tokens.anna, TEAM_DB, consult);
		const res = await relay('anna', consult._id, reading('r1'));
		expect(res.status).toBe(409);
		expect(res.body.error).toBe('conflict');
	});

	it('refuses a reading for a closed consult', async () => {
		const id = await heldBy('dr.berg', 'relay-closed', 'rc1');
		await close('dr.berg', id);
		const res = await relay('anna', id, reading('r1'));
		expect(res.status).toBe(409);
		expect(res.body.reason).toContain('closed');
	});

	it('refuses a reading relayed by a physician, even the one holding the consult', async () => {
		const id = await heldBy('dr.berg', 'relay-role', 'rr1');
		expect((await relay('dr.berg', id, reading('r1'))).status).toBe(403);
		expect((await relay('dr.hain', id, reading('r1'))).status).toBe(403);
		await close('dr.berg', id);
	});

	it('refuses to hand a reading to another physician\'s stream', async () => {
		const hain = await onDuty('dr.hain');
		const berg = await onDuty('dr.berg');
		const id = await heldBy('dr.berg', 'relay-other', 'rx1');
		expect((await relay('anna', id, reading('for-berg'))).status).toBe(202);
		await berg.until(() => relayed(berg).includes('for-berg') || undefined, ARRIVAL_MS, 'reading');
		const own = await heldBy('dr.hain', 'relay-own', 'rx2');
		expect((await relay('anna', own, reading('for-hain'))).status).toBe(202);
		await hain.until(() => relayed(hain).includes('for-hain') || undefined, ARRIVAL_MS, 'reading');
		expect(relayed(hain)).toEqual(['for-hain']);
		await close('dr.berg', id);
		await close('dr.hain', own);
	});

	it('refuses a reading with fields beyond the relay\'s (a patient of its choosing) or without values', async () => {
		const id = await heldBy('dr.berg', 'relay-shape', 'rs1');
		const extra = await relay('anna', id, { ...reading('r1'), patientId: 'patient:p2' });
		expect(extra.status).toBe(400);
		expect(extra.body.error).toBe('bad_request');
		expect((await relay('anna', id, { readingId: 'r2', state: 'pending' })).status).toBe(400);
		expect((await relay('anna', 'observation:x', reading('r3'))).status).toBe(400);
		await close('dr.berg', id);
	});

	// Last: it leaves rtw1 over the limit for the rest of the window.
	it('refuses a flood of relayed readings with 429, and none of the refused reaches the physician', async () => {
		const berg = await onDuty('dr.berg');
		const consult = consultDoc('relay-flood', 'rtw1', { patientId: undefined, missionId: 'mission:flood' });
		await requestConsult(suite.server, suite.tokens.rtw1, 'team-wache-a', consult);
		await accept('dr.berg', consult._id);
		const statuses: number[] = [];
		for (let i = 0; i < 55; i++) statuses.push((await relay('rtw1', consult._id, reading(`f${i}`))).status);
		expect(statuses.slice(0, 50).every((status) => status === 202)).toBe(true);
		expect(statuses.slice(50)).toEqual([429, 429, 429, 429, 429]);
		const refused = await relay('rtw1', consult._id, reading('f-last'));
		expect(refused.body.error).toBe('too_many_requests');
		await berg.until(() => relayed(berg).length >= 50 || undefined, ARRIVAL_MS, 'fifty readings');
		expect(relayed(berg)).toHaveLength(50);
		await close('dr.berg', consult._id);
	});
});
