import { describe, expect, it } from 'vitest';
import { sampleDocument } from '../../../tests/support/documents.ts';
import { addLiveVital, consultSubjects, HeldConsults, newestLiveVitals, observationSubject } from './consult-live.ts';
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
