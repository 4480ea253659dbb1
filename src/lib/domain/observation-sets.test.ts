import { describe, expect, it } from 'vitest';
import { validateDocument, type ObservationSet } from './documents.ts';
import { isSetMemberId, MAX_SET_MEMBERS, setIdOfMember, setKeyMatchesSubject, setMemberId } from './observation-set-ids.ts';
import { latestEffectiveAt, observationsOfDocuments, observationsOfSet } from './observation-sets.ts';

const AT = '2026-11-24T09:00:00.000Z';
const LATER = '2026-11-24T09:02:00.000Z';

function set(overrides: Partial<ObservationSet> = {}): ObservationSet {
	return {
		_id: 'observationSet:P1:01KAAAAAAAAAAAAAAAAAAAAAAA',
		type: 'observationSet',
		schemaVersion: 1,
		createdAt: LATER,
		createdBy: 'schwester.anna',
		deviceId: 'dev-1',
		patientId: 'patient:P1',
		visitId: 'visit:V1',
		effectiveAt: LATER,
		members: [
			{ code: '8480-6', value: 142, unit: 'mm[Hg]', effectiveAt: AT, groupId: 'bp-1', device: { name: 'Omron M500', id: 'omron' } },
			{ code: '8462-4', value: 88, unit: 'mm[Hg]', effectiveAt: AT, groupId: 'bp-1' },
			{ code: '8310-5', value: 37.9, unit: 'Cel', effectiveAt: LATER, unusual: true }
		],
		...overrides
	};
}

const reasonOf = (doc: unknown) => {
	const result = validateDocument(doc);
	return result.ok ? 'ok' : result.reason;
};

describe('observation sets', () => {
	it('are valid as the app saves them', () => {
		expect(reasonOf(set())).toBe('ok');
		expect(reasonOf(set({ patientId: undefined, visitId: undefined, missionId: 'mission:P1' }))).toBe('ok');
	});

	it('refuse a set without values, with too many, or with a value the schema of an observation refuses', () => {
		expect(reasonOf(set({ members: [] }))).toMatch(/^members: must hold a value/);
		const many = Array.from({ length: MAX_SET_MEMBERS + 1 }, () => ({ code: '8867-4', value: 70, unit: '/min', effectiveAt: LATER }));
		expect(reasonOf(set({ members: many }))).toMatch(/^members: /);
		expect(reasonOf(set({ members: [{ code: 'pulse', value: 70, unit: '/min', effectiveAt: LATER }] }))).toMatch(/members\.0\.code: must be a LOINC code/);
		expect(reasonOf(set({ members: [{ code: '8867-4', value: Number.NaN, unit: '/min', effectiveAt: LATER }] }))).toMatch(/members\.0\.value/);
	});

	it('refuse a set whose id names another subject, or none', () => {
		expect(reasonOf(set({ _id: 'observationSet:P2:01KAAAAAAAAAAAAAAAAAAAAAAA' }))).toBe("the id's key must be the subject's key");
		expect(reasonOf(set({ _id: 'observationSet:P1:01KA:1' }))).toBe("the id's key must be the subject's key");
		expect(reasonOf(set({ patientId: undefined, visitId: undefined }))).toMatch(/patientId or missionId is required/);
	});

	it("refuse an effectiveAt other than the latest value's: the window keeps a set by it", () => {
		expect(reasonOf(set({ effectiveAt: AT }))).toBe("effectiveAt must be the latest member's");
		expect(reasonOf(set({ effectiveAt: '2026-12-24T09:00:00.000Z' }))).toBe("effectiveAt must be the latest member's");
		// The same instant written with an offset is the same time.
		expect(reasonOf(set({ effectiveAt: '2026-11-24T10:02:00.000+01:00' }))).toBe('ok');
	});

	it('refuse a single observation whose id has the form of a member: it would shadow that value', () => {
		const single = { ...observationsOfSet(set())[0] };
		expect(reasonOf(single)).toBe('must not have the form of an observation set member id');
		expect(reasonOf({ ...single, _id: 'observation:P1:01KAAAAAAAAAAAAAAAAAAAAAAB' })).toBe('ok');
	});

	it('read as observations with ids of their own, the set\'s subject and author, each valid as an observation', () => {
		const observations = observationsOfSet(set());
		expect(observations.map((o) => o._id)).toEqual(['observation:P1:01KAAAAAAAAAAAAAAAAAAAAAAA:0', 'observation:P1:01KAAAAAAAAAAAAAAAAAAAAAAA:1', 'observation:P1:01KAAAAAAAAAAAAAAAAAAAAAAA:2']);
		expect(observations[0]).toEqual({
			_id: 'observation:P1:01KAAAAAAAAAAAAAAAAAAAAAAA:0',
			type: 'observation',
			schemaVersion: 1,
			createdAt: LATER,
			createdBy: 'schwester.anna',
			deviceId: 'dev-1',
			patientId: 'patient:P1',
			visitId: 'visit:V1',
			code: '8480-6',
			value: 142,
			unit: 'mm[Hg]',
			effectiveAt: AT,
			groupId: 'bp-1',
			device: { name: 'Omron M500', id: 'omron' }
		});
		expect(observations[2]).toMatchObject({ value: 37.9, effectiveAt: LATER, unusual: true });
		for (const observation of observations) expect(setIdOfMember(observation._id)).toBe(set()._id);
	});

	it("keep the set's subject and author over anything a member claims", () => {
		const forged = set({ members: [{ code: '8867-4', value: 70, unit: '/min', effectiveAt: LATER, createdBy: 'arzt.x', patientId: 'patient:P9', _id: 'observation:P9:x' } as never] });
		const [observation] = observationsOfSet(forged);
		expect(observation).toMatchObject({ _id: 'observation:P1:01KAAAAAAAAAAAAAAAAAAAAAAA:0', createdBy: 'schwester.anna', patientId: 'patient:P1' });
	});

	it('read beside single observations in the order they were made', () => {
		const single = { ...observationsOfSet(set())[0], _id: 'observation:P1:01KBBBBBBBBBBBBBBBBBBBBBBB' };
		const older = { ...single, _id: 'observation:P1:01K0000000000000000000000' };
		const ids = observationsOfDocuments([single, set(), older]).map((o) => o._id);
		expect(ids).toEqual([older._id, ...observationsOfSet(set()).map((o) => o._id), single._id]);
	});

	it('name their members by ids only sets have', () => {
		expect(setMemberId('observationSet:M7:01KX', 3)).toBe('observation:M7:01KX:3');
		expect(isSetMemberId('observation:M7:01KX:3')).toBe(true);
		expect(isSetMemberId('observation:M7:01KX')).toBe(false);
		expect(isSetMemberId('observation:p_1:a:b')).toBe(false);
		expect(setIdOfMember('observation:M7:01KX')).toBeUndefined();
		expect(setKeyMatchesSubject('observationSet:M7:01KX', 'mission:M7')).toBe(true);
		expect(setKeyMatchesSubject('observationSet:M7:01KX', 'patient:M')).toBe(false);
		expect(setKeyMatchesSubject('observationSet::01KX', 'patient:')).toBe(false);
	});

	it('date a set by its latest value', () => {
		expect(latestEffectiveAt([{ effectiveAt: LATER }, { effectiveAt: AT }])).toBe(LATER);
		expect(latestEffectiveAt([{ effectiveAt: '2026-11-24T10:30:00.000+01:00' }, { effectiveAt: AT }])).toBe('2026-11-24T10:30:00.000+01:00');
	});
});
