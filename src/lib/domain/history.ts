// Older history on demand: the server answers a patient's observations and notes page by page,
// newest first (GET /api/history/<db>/<patientId>); the device shows them beside what it holds
// and the FHIR export merges them, without keeping them (they would age out and be fetched again).

export const HISTORY_TYPES = ['observation', 'observationSet', 'note'] as const;
export type HistoryType = (typeof HISTORY_TYPES)[number];

/** The instant a document of the history is ordered by. */
export const HISTORY_TIME_FIELD: Record<HistoryType, 'effectiveAt' | 'createdAt'> = { observation: 'effectiveAt', observationSet: 'effectiveAt', note: 'createdAt' };
/** Documents per page when the client names no limit, and the most the server answers in one. */
export const DEFAULT_HISTORY_PAGE = 200;
export const MAX_HISTORY_PAGE = 1000;

export interface HistoryDoc {
	_id: string;
	type: string;
	[field: string]: unknown;
}

/** One answer of the history endpoint: `next` is the `before` of the following page, absent on the last. */
export interface HistoryPage<T extends HistoryDoc = HistoryDoc> {
	docs: T[];
	next?: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO instant as the server compares it (UTC, milliseconds), or undefined if it is none. */
export function historyInstant(raw: string): string | undefined {
	if (raw.length > 40 || !ISO_INSTANT.test(raw)) return undefined;
	const ms = Date.parse(raw);
	return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

export function historyTimeOf(doc: HistoryDoc): string {
	const field = HISTORY_TIME_FIELD[doc.type as HistoryType] ?? 'createdAt';
	const value = doc[field];
	return typeof value === 'string' ? value : '';
}

function newestFirst(a: HistoryDoc, b: HistoryDoc): number {
	const ta = historyTimeOf(a);
	const tb = historyTimeOf(b);
	if (ta !== tb) return ta < tb ? 1 : -1;
	return a._id < b._id ? 1 : a._id > b._id ? -1 : 0;
}

/**
 * A page from the newest `limit + 1` documents of each type. The page ends at a change of time, so
 * values taken together (systolic and diastolic share an instant) are never split across pages
 * and the next page, strictly older than `next`, misses none. Only when more than a page shares
 * one instant is the page cut inside it.
 */
export function historyPage<T extends HistoryDoc>(candidates: readonly T[], limit: number): HistoryPage<T> {
	const sorted = [...candidates].sort(newestFirst);
	if (sorted.length <= limit) return { docs: sorted };
	const boundary = historyTimeOf(sorted[limit]);
	let docs = sorted.slice(0, limit).filter((doc) => historyTimeOf(doc) > boundary);
	if (docs.length === 0) docs = sorted.slice(0, limit);
	return { docs, next: historyTimeOf(docs[docs.length - 1]) };
}

/** What the device holds and what the server sent, once each: the device's copy wins (it may be newer or unsent). */
export function mergeHistory<T extends { _id: string }>(held: readonly T[], fetched: readonly T[]): T[] {
	const ids = new Set(held.map((doc) => doc._id));
	return [...held, ...fetched.filter((doc) => !ids.has(doc._id))];
}

/** The earliest `effectiveAt` among observations: the device's history starts there. */
export function oldestEffectiveAt(observations: readonly { effectiveAt: string }[]): string | undefined {
	let oldest: string | undefined;
	for (const o of observations) if (oldest === undefined || o.effectiveAt < oldest) oldest = o.effectiveAt;
	return oldest;
}

/** Tags of an exported Bundle's `meta`: which part of the patient's history it holds. */
export const FHIR_COVERAGE_SYSTEM = 'urn:fieldcare:export-coverage';

export type ExportCoverage = { complete: true } | { complete: false; from?: string };

/**
 * The Bundle, saying what it covers: the whole history (read from the server), or only what the
 * device held, from its oldest value on (offline, or the server could not be read).
 */
export function withCoverage<B extends { resourceType: string; meta?: { tag?: { system?: string; code?: string; display?: string }[] } }>(bundle: B, coverage: ExportCoverage): B {
	const tag = coverage.complete
		? { system: FHIR_COVERAGE_SYSTEM, code: 'complete', display: 'Alle Werte der Patientin/des Patienten' }
		: { system: FHIR_COVERAGE_SYSTEM, code: 'device', display: coverage.from ? `Nur Werte ab ${coverage.from.slice(0, 10)} (ohne Verbindung exportiert)` : 'Nur Werte auf dem Gerät (ohne Verbindung exportiert)' };
	return { ...bundle, meta: { ...bundle.meta, tag: [...(bundle.meta?.tag ?? []), tag] } };
}
