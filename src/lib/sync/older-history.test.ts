import { afterEach, describe, expect, it, vi } from 'vitest';
import { observationsOfSet, type Observation, type ObservationSet } from '../domain/index.ts';
import { fetchOlderObservations, wholeObservationHistory } from './older-history.ts';

const base = { schemaVersion: 1, createdBy: 'schwester.anna', deviceId: 'd1' } as const;

function round(patientKey: string, key: string, at: string): ObservationSet {
	return {
		...base,
		_id: `observationSet:${patientKey}:${key}`,
		type: 'observationSet',
		createdAt: at,
		patientId: `patient:${patientKey}`,
		effectiveAt: at,
		members: [
			{ code: '8867-4', value: 72, unit: '/min', effectiveAt: at },
			{ code: '2708-6', value: 95, unit: '%', effectiveAt: at }
		]
	};
}

function single(patientKey: string, key: string, at: string): Observation {
	return { ...base, _id: `observation:${patientKey}:${key}`, type: 'observation', createdAt: at, patientId: `patient:${patientKey}`, code: '8867-4', value: 64, unit: '/min', effectiveAt: at };
}

/** Answers the history endpoint with `pages` in turn and records what was asked. */
function serve(pages: { docs: unknown[]; next?: string }[]): URL[] {
	const asked: URL[] = [];
	vi.stubGlobal(
		'fetch',
		vi.fn(async (input: RequestInfo | URL) => {
			asked.push(new URL(String(input), 'http://app.test'));
			return new Response(JSON.stringify(pages[asked.length - 1] ?? { docs: [] }), { headers: { 'content-type': 'application/json' } });
		})
	);
	return asked;
}

afterEach(() => vi.unstubAllGlobals());

describe('older values from the server', () => {
	it('asks for single observations and sets, and shows the values of the patient\'s valid ones, newest first', async () => {
		const newer = round('p1', '01KB', '2026-02-01T10:00:00.000Z');
		const older = single('p1', '01KA', '2026-01-01T10:00:00.000Z');
		const otherPatient = round('p2', '01KC', '2026-02-02T10:00:00.000Z');
		const forged = { ...round('p1', '01KD', '2026-02-03T10:00:00.000Z'), effectiveAt: '2026-03-01T10:00:00.000Z' };
		const note = { ...base, _id: 'note:p1:01KE', type: 'note', createdAt: '2026-02-01T11:00:00.000Z', patientId: 'patient:p1', text: 'x' };
		const asked = serve([{ docs: [forged, otherPatient, note, newer, older], next: '2026-01-01T10:00:00.000Z' }]);

		const result = await fetchOlderObservations('team-pflege', 'patient:p1', '2026-03-01T00:00:00.000Z');

		expect(asked[0].pathname).toBe('/api/history/team-pflege/patient%3Ap1');
		expect(asked[0].searchParams.get('types')).toBe('observation,observationSet');
		expect(asked[0].searchParams.get('before')).toBe('2026-03-01T00:00:00.000Z');
		expect(result).toEqual({ ok: true, observations: [...observationsOfSet(newer).reverse(), older], next: '2026-01-01T10:00:00.000Z' });
	});

	it('merges the whole history with what the device holds, each value once', async () => {
		const held = round('p1', '01KB', '2026-02-01T10:00:00.000Z');
		const first = single('p1', '01KA', '2026-01-01T10:00:00.000Z');
		const second = round('p1', '01K9', '2025-12-01T10:00:00.000Z');
		serve([{ docs: [held, first], next: '2026-01-01T10:00:00.000Z' }, { docs: [second] }]);

		const whole = await wholeObservationHistory('team-pflege', 'patient:p1', observationsOfSet(held));

		expect(whole.complete).toBe(true);
		expect(whole.observations.map((o) => o._id).sort()).toEqual([...observationsOfSet(held), first, ...observationsOfSet(second)].map((o) => o._id).sort());
	});

	it('says the history is incomplete when a page fails, and keeps what the device holds', async () => {
		vi.stubGlobal('fetch', vi.fn(async () => new Response('{"error":"internal"}', { status: 500 })));
		const held = observationsOfSet(round('p1', '01KB', '2026-02-01T10:00:00.000Z'));
		expect(await wholeObservationHistory('team-pflege', 'patient:p1', held)).toEqual({ complete: false, observations: held });
	});
});
