// A patient's history over twelve months for the history endpoint's tests: pulses and blood
// pressures (systolic and diastolic at one instant), notes, and another patient's values.
import { docId, SCHEMA_VERSION, type HistoryPage, type Note, type Observation, type ObservationSet } from '../../src/lib/domain/index.ts';
import { observationOf } from './consults.ts';
import { testObservationSet, testPatient } from './documents.ts';
import type { Database } from '../../sync-server/src/storage.ts';

export const DAY = 86_400_000;
/** The newest value is a day old, the oldest 360 days. */
export const HISTORY_NOW = Date.parse('2026-12-01T10:00:00.000Z');
export const at = (daysAgo: number) => new Date(HISTORY_NOW - daysAgo * DAY).toISOString();

function bloodPressure(key: string, daysAgo: number): Observation[] {
	const base = observationOf('p1', `${key}-sys`, at(daysAgo), 130);
	return [
		{ ...base, code: '8480-6', unit: 'mm[Hg]', groupId: key },
		{ ...base, _id: `observation:p1:${key}-dia`, code: '8462-4', value: 80, unit: 'mm[Hg]', groupId: key }
	];
}

function noteOf(key: string, daysAgo: number): Note {
	return { _id: `note:p1:${key}`, type: 'note', schemaVersion: SCHEMA_VERSION, createdAt: at(daysAgo), createdBy: 'anna', deviceId: 'test-device', patientId: docId('patient', 'p1'), text: `Notiz ${key}` };
}

/** A visit's round (pulse and SpO₂ a minute apart) as one observation set of `patientKey`. */
function roundOf(patientKey: string, key: string, daysAgo: number): ObservationSet {
	const set = testObservationSet(key, 'anna', patientKey);
	const first = at(daysAgo + 1 / 1440);
	const last = at(daysAgo);
	return { ...set, createdAt: last, effectiveAt: last, members: [{ ...set.members[0], effectiveAt: first }, { ...set.members[1], effectiveAt: last }] };
}

/** 12 pulses (monthly), 6 blood pressures (two values each), 4 rounds as sets, 6 notes of p1; two pulses and a round of p2. */
export function historyDocs(): (Observation | ObservationSet | Note | ReturnType<typeof testPatient>)[] {
	const docs: (Observation | ObservationSet | Note | ReturnType<typeof testPatient>)[] = [testPatient('p1', 'anna'), testPatient('p2', 'anna', { firstName: 'Zweite', lastName: 'Patientin' })];
	for (let month = 0; month < 12; month++) docs.push(observationOf('p1', `pulse-${month}`, at(1 + month * 30), 60 + month));
	for (let i = 0; i < 6; i++) docs.push(...bloodPressure(`bp-${i}`, 15 + i * 60));
	for (let i = 0; i < 6; i++) docs.push(noteOf(`n-${i}`, 20 + i * 60));
	for (let i = 0; i < 4; i++) docs.push(roundOf('p1', `round-${i}`, 45 + i * 60));
	docs.push(observationOf('p2', 'pulse-a', at(2), 99), observationOf('p2', 'pulse-b', at(300), 98), roundOf('p2', 'round-a', 50));
	return docs;
}

export async function seedHistory(db: Database): Promise<void> {
	const result = await db.bulkDocs(historyDocs() as never[]);
	if (result.some((row) => 'error' in row)) throw new Error('history not stored');
}

/** All pages of a patient's history through the endpoint, `limit` per page. */
export async function allPages(url: string, token: string, query: string, limit: number): Promise<{ pages: HistoryPage[]; statuses: number[] }> {
	const pages: HistoryPage[] = [];
	const statuses: number[] = [];
	let before: string | undefined;
	for (let i = 0; i < 100; i++) {
		const params = new URLSearchParams(query);
		params.set('limit', String(limit));
		if (before) params.set('before', before);
		const res = await fetch(`${url}/api/history/team-pflege-a/${encodeURIComponent('patient:p1')}?${params}`, { headers: { authorization: `Bearer ${token}` } });
		statuses.push(res.status);
		const page = (await res.json()) as HistoryPage;
		pages.push(page);
		if (!page.next) break;
		before = page.next;
	}
	return { pages, statuses };
}
