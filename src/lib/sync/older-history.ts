// Older values of a patient from the server (GET /api/history, issue 12): the device holds only a
// window of its team database, the Verlauf page and the FHIR export read further back when online.
// What comes from here is shown and exported, never stored in the device's database: stored, it
// would age out and be fetched again, and it must never count as unsent.
import { deviceFetch } from '../db/device-fetch.ts';
import { MAX_HISTORY_PAGE, mergeHistory, observationsOfValid, type HistoryPage, type Observation } from '../domain/index.ts';

/** Documents per tap on "Ältere Werte laden" (single observations or sets of a visit's values): months of a patient's vital signs. */
export const OLDER_PAGE = 200;
/** Pages the FHIR export reads at most (a million values): a bound, not an expected size. */
const MAX_EXPORT_PAGES = 1000;

export type OlderResult = { ok: true; observations: Observation[]; next?: string } | { ok: false; reason: 'offline' | 'failed' };

function offline(): boolean {
	return typeof navigator !== 'undefined' && navigator.onLine === false;
}

/** One page of the patient's observations older than `before` (all from the newest without it), newest first. */
export async function fetchOlderObservations(database: string, patientId: string, before: string | undefined, limit = OLDER_PAGE): Promise<OlderResult> {
	if (offline()) return { ok: false, reason: 'offline' };
	const params = new URLSearchParams({ types: 'observation,observationSet', limit: String(limit) });
	if (before) params.set('before', before);
	let response: Response;
	try {
		response = await deviceFetch(`/api/history/${encodeURIComponent(database)}/${encodeURIComponent(patientId)}?${params}`, { credentials: 'same-origin' });
	} catch {
		// fetch rejects only when no answer came: no connection, whatever navigator.onLine says.
		return { ok: false, reason: 'offline' };
	}
	if (!response.ok) return { ok: false, reason: 'failed' };
	const page = (await response.json().catch(() => undefined)) as HistoryPage | undefined;
	if (!page || !Array.isArray(page.docs)) return { ok: false, reason: 'failed' };
	// Only what the schema accepts reaches the chart, as with replicated documents.
	const observations = observationsOfValid(page.docs.filter((doc) => doc.patientId === patientId)).reverse();
	return { ok: true, observations, ...(typeof page.next === 'string' ? { next: page.next } : {}) };
}

/** The whole history of the patient's observations from the server, merged with what the device holds; `complete` false when it could not be read. */
export async function wholeObservationHistory(database: string, patientId: string, held: readonly Observation[]): Promise<{ complete: boolean; observations: Observation[] }> {
	let fetched: Observation[] = [];
	let before: string | undefined;
	for (let page = 0; page < MAX_EXPORT_PAGES; page++) {
		const result = await fetchOlderObservations(database, patientId, before, MAX_HISTORY_PAGE);
		if (!result.ok) return { complete: false, observations: [...held] };
		fetched = fetched.concat(result.observations);
		if (!result.next) return { complete: true, observations: mergeHistory(held, fetched) };
		before = result.next;
	}
	return { complete: false, observations: mergeHistory(held, fetched) };
}
