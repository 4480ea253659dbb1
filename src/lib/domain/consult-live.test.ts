import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { sampleDocument } from '../../../tests/support/documents.ts';
import {
	addLiveVital,
	applyLiveReading,
	consultSubjects,
	freshReadings,
	HeldConsults,
	LiveReadingSchema,
	newestLiveVitals,
	observationSubject,
	UNCONFIRMED_MAX_AGE_MS,
	withoutSaved,
	type LiveReadingEvent
} from './consult-live.ts';
import type { Consult, Observation } from './documents.ts';

const AT = '2026-11-24T09:00:00.000Z';
const consult = (key: string, extra: Partial<Consult> = {}): Consult => ({ ...(sampleDocument('consult', key, 'anna') as Consult), patientId: 'patient:p1', ...extra });
const accepted = (key: string, physician: string, extra: Partial<Consult> = {}) => consult(key, { acceptedBy: physician, acceptedAt: AT, ...extra });

function observation(key: string, effectiveAt: string, extra: Partial<Observation> = {}): Observation {
	return { ...(sampleDocument('observation', key, 'anna') as Observation), patientId: 'patient:p1', effectiveAt, ...extra };
}

describe('which observations a physician\'s stream carries', () => {
	it('those of the subject of a consult the physician accepted and has not closed', () => {
		const held = new HeldConsults('dr.berg');
		held.update(accepted('c1', 'dr.berg'));
		expect(held.consultsOf(observation('o', AT))).toEqual(['consult:c1']);
	});

	it('none of a consult another physician accepted, or one not accepted yet', () => {
		const held = new HeldConsults('dr.berg');
		held.update(accepted('c1', 'dr.hain'));
		held.update(consult('c2'));
		expect(held.consultsOf(observation('o', AT))).toEqual([]);
		expect(held.size).toBe(0);
	});

	it('none once the consult is closed', () => {
		const held = new HeldConsults('dr.berg');
		held.update(accepted('c1', 'dr.berg'));
		held.update(accepted('c1', 'dr.berg', { closedAt: AT, closedBy: 'dr.berg' }));
		expect(held.consultsOf(observation('o', AT))).toEqual([]);
	});

	it('none of another patient of the team', () => {
		const held = new HeldConsults('dr.berg');
		held.update(accepted('c1', 'dr.berg'));
		expect(held.consultsOf(observation('o', AT, { patientId: 'patient:p2' }))).toEqual([]);
	});

	it('on a mission: the mission\'s observations, by the subject their id range follows (patient first)', () => {
		const held = new HeldConsults('dr.berg');
		held.update(accepted('c1', 'dr.berg', { patientId: undefined, missionId: 'mission:m1' }));
		expect(consultSubjects(accepted('c1', 'dr.berg', { patientId: undefined, missionId: 'mission:m1' }))).toEqual(['mission:m1']);
		expect(held.consultsOf(observation('o', AT, { patientId: undefined, missionId: 'mission:m1' }))).toEqual(['consult:c1']);
		expect(observationSubject({ patientId: 'patient:p9', missionId: 'mission:m1' })).toBe('patient:p9');
		expect(held.consultsOf(observation('o', AT, { patientId: 'patient:p9', missionId: 'mission:m1' }))).toEqual([]);
	});
});

describe('the live values on the physician\'s screen', () => {
	const received = new Date('2026-11-24T09:05:00.000Z');

	it('are kept in the order taken, whatever order they arrived in, each once', () => {
		let vitals = addLiveVital([], observation('late', '2026-11-24T09:03:00.000Z'), received);
		vitals = addLiveVital(vitals, observation('early', '2026-11-24T09:01:00.000Z'), received);
		vitals = addLiveVital(vitals, observation('mid', '2026-11-24T09:02:00.000Z'), received);
		vitals = addLiveVital(vitals, observation('early', '2026-11-24T09:01:00.000Z'), new Date('2026-11-24T09:06:00.000Z'));
		expect(vitals.map((v) => v.observation._id)).toEqual(['observation:early', 'observation:mid', 'observation:late']);
		expect(vitals[0].receivedAt).toBe(received.toISOString());
		expect(newestLiveVitals(vitals, 2).map((v) => v.observation._id)).toEqual(['observation:late', 'observation:mid']);
	});

	it('leave out a value superseded by a correction', () => {
		let vitals = addLiveVital([], observation('wrong', '2026-11-24T09:01:00.000Z'), received);
		vitals = addLiveVital(vitals, observation('right', '2026-11-24T09:01:00.000Z', { replaces: 'observation:wrong' }), received);
		expect(vitals.map((v) => v.observation._id)).toEqual(['observation:right']);
	});
});

describe('unconfirmed readings relayed from the field device', () => {
	const now = new Date('2026-11-24T09:05:00.000Z');
	const pending = (readingId: string, takenAt: string, value: number): LiveReadingEvent => ({
		consultId: 'consult:c1',
		from: 'anna',
		reading: { readingId, state: 'pending', takenAt, values: [{ code: '8480-6', value, unit: 'mm[Hg]' }], device: 'Cuff' }
	});

	it('are checked at the edge: a pending one needs its time and values, nothing else is accepted', () => {
		expect(v.safeParse(LiveReadingSchema, pending('r1', AT, 120).reading).success).toBe(true);
		expect(v.safeParse(LiveReadingSchema, { readingId: 'r1', state: 'settled' }).success).toBe(true);
		expect(v.safeParse(LiveReadingSchema, { readingId: 'r1', state: 'pending' }).success).toBe(false);
		expect(v.safeParse(LiveReadingSchema, { ...pending('r1', AT, 120).reading, patientId: 'patient:p2' }).success).toBe(false);
		expect(v.safeParse(LiveReadingSchema, { ...pending('r 1', AT, 120).reading }).success).toBe(false);
	});

	it('show the newest first, a repeated reading once, and leave when settled', () => {
		let readings = applyLiveReading([], pending('r1', '2026-11-24T09:01:00.000Z', 120), now);
		readings = applyLiveReading(readings, pending('r2', '2026-11-24T09:02:00.000Z', 130), now);
		readings = applyLiveReading(readings, pending('r1', '2026-11-24T09:01:00.000Z', 121), now);
		expect(readings.map((r) => [r.readingId, r.values[0].value])).toEqual([
			['r2', 130],
			['r1', 121]
		]);
		readings = applyLiveReading(readings, { consultId: 'consult:c1', from: 'anna', reading: { readingId: 'r2', state: 'settled' } }, now);
		expect(readings.map((r) => r.readingId)).toEqual(['r1']);
	});

	it('are dropped when nobody settles them in time', () => {
		const readings = applyLiveReading([], pending('r1', AT, 120), now);
		expect(freshReadings(readings, new Date(now.getTime() + UNCONFIRMED_MAX_AGE_MS))).toBe(readings);
		expect(freshReadings(readings, new Date(now.getTime() + UNCONFIRMED_MAX_AGE_MS + 1))).toEqual([]);
	});

	it('leave when their saved value arrives, even if the settle message was lost', () => {
		const readings = applyLiveReading([], pending('r1', AT, 120), now);
		expect(withoutSaved(readings, { createdBy: 'anna', effectiveAt: AT })).toEqual([]);
		expect(withoutSaved(readings, { createdBy: 'tom', effectiveAt: AT })).toBe(readings);
	});
});
