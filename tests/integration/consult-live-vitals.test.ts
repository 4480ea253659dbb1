// Live vital signs in a consult (issue 14): what the field device saves reaches the physician who
// holds the consult as an `observation` event on /api/live, with the time it was taken; readings a
// device saved while offline arrive all together when it replicates again; a physician's stream
// that reconnects with Last-Event-ID gets what it missed.
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { describe, expect, it } from 'vitest';
import type { LiveObservationEvent } from '../../src/lib/domain/index.ts';
import { ago, api, consultDoc, HOUR, observationOf, requestConsult } from '../support/consults.ts';
import { consultSuite } from '../support/consult-suite.ts';
import { SseClient } from '../support/sse-client.ts';
import { remoteDb } from '../support/test-server.ts';

PouchDB.plugin(memoryAdapter);

const TEAM_DB = 'team-pflege-a';
const MINUTE = 60_000;
const ARRIVAL_MS = 10_000;

const suite = consultSuite({ patients: true });
const { onDuty } = suite;

const received = (client: SseClient): LiveObservationEvent[] => client.events.filter((e) => e.event === 'observation').map((e) => JSON.parse(e.data) as LiveObservationEvent);

async function held(key: string, patientKey: string): Promise<string> {
	const consult = consultDoc(key, 'anna', { patientId: `patient:${patientKey}` });
	await requestConsult(suite.server, suite.tokens.anna, TEAM_DB, consult);
	expect((await api(suite.server, suite.tokens['dr.berg'], 'POST', `/api/consults/${encodeURIComponent(consult._id)}/accept`)).status).toBe(200);
	return consult._id;
}

describe('live vital signs to the physician', () => {
	it('brings a saved observation of the consult\'s patient, with its consult and the time it was taken', async () => {
		const berg = await onDuty('dr.berg');
		const consultId = await held('lv1', 'lv1');
		const takenAt = ago(MINUTE);
		const device = new PouchDB(`lv-device-${Math.random()}`, { adapter: 'memory' });
		const sync = device.sync(remoteDb(suite.server.url, TEAM_DB, suite.tokens.anna), { live: true, retry: true });
		try {
			await device.put(observationOf('lv1', 'bp', takenAt, 142));
			const [event] = await berg.until(() => (received(berg).length > 0 ? received(berg) : undefined), ARRIVAL_MS, 'observation');
			expect(event).toMatchObject({ db: TEAM_DB, consultId, observation: { _id: 'observation:lv1:bp', value: 142, effectiveAt: takenAt, createdBy: 'anna' } });
		} finally {
			sync.cancel();
			await device.destroy();
		}
	});

	it('brings every reading a device saved while offline, once it replicates again, with their own times', async () => {
		const berg = await onDuty('dr.berg');
		await held('lv2', 'lv2');
		const device = new PouchDB(`lv-offline-${Math.random()}`, { adapter: 'memory' });
		const times = [5, 4, 3, 2, 1].map((minutes) => ago(minutes * MINUTE));
		for (const [i, at] of times.entries()) await device.put(observationOf('lv2', `offline-${i}`, at, 100 + i));
		await device.replicate.to(remoteDb(suite.server.url, TEAM_DB, suite.tokens.anna));
		await berg.until(() => received(berg).length === times.length || undefined, ARRIVAL_MS, 'five observations');
		expect(received(berg).map((e) => e.observation.effectiveAt).sort()).toEqual(times);
		await device.destroy();
	});

	it('catches up after the physician\'s own stream dropped (Last-Event-ID)', async () => {
		const first = await onDuty('dr.berg');
		await held('lv3', 'lv3');
		await first.until(() => first.events.find((e) => e.event === 'consult' && e.data.includes('consult:lv3')), ARRIVAL_MS, 'accepted notice');
		const position = first.events.filter((e) => e.id).at(-1)?.id ?? '';
		first.close();
		await api(suite.server, suite.tokens.anna, 'POST', `/db/${TEAM_DB}/_bulk_docs`, { docs: [observationOf('lv3', 'while-away', ago(HOUR / 2), 66)] });
		const again = await onDuty('dr.berg', { headers: { 'last-event-id': position } });
		await again.until(() => received(again).find((e) => e.observation._id === 'observation:lv3:while-away'), ARRIVAL_MS, 'missed observation');
	});

	it('relays an unconfirmed reading to the physician as it arrives on the device, then that it was settled; nothing is stored', async () => {
		const berg = await onDuty('dr.berg');
		const consultId = await held('lv4', 'lv4');
		const takenAt = ago(0);
		const pending = { readingId: 'cuff-1', state: 'pending', takenAt, device: 'Blutdruck', values: [{ code: '8480-6', value: 151, unit: 'mm[Hg]' }] };
		const res = await api(suite.server, suite.tokens.anna, 'POST', `/api/consults/${encodeURIComponent(consultId)}/readings`, pending);
		expect(res.status).toBe(202);
		expect(res.body).toEqual({ ok: true, streams: 1 });
		const event = await berg.waitFor((e) => e.event === 'reading', ARRIVAL_MS, 'reading');
		expect(event.id).toBeUndefined(); // not a change of the database: the resume position stays
		expect(JSON.parse(event.data)).toEqual({ consultId, from: 'anna', reading: pending });
		await api(suite.server, suite.tokens.anna, 'POST', `/api/consults/${encodeURIComponent(consultId)}/readings`, { readingId: 'cuff-1', state: 'settled' });
		await berg.until(() => berg.events.filter((e) => e.event === 'reading').length === 2 || undefined, ARRIVAL_MS, 'settled');
		const stored = await suite.server.app.storage.database(TEAM_DB).allDocs({ startkey: 'observation:lv4:', endkey: 'observation:lv4:\ufff0' });
		expect(stored.rows).toEqual([]);
	});
});
