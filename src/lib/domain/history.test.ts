import { describe, expect, it } from 'vitest';
import type { FhirBundle } from './fhir.ts';
import { FHIR_COVERAGE_SYSTEM, historyInstant, historyPage, mergeHistory, oldestEffectiveAt, withCoverage, type HistoryDoc } from './history.ts';

const obs = (id: string, effectiveAt: string): HistoryDoc => ({ _id: id, type: 'observation', effectiveAt });
const note = (id: string, createdAt: string): HistoryDoc => ({ _id: id, type: 'note', createdAt });

describe('historyPage', () => {
	it('orders observations and notes newest first, by their own instants; the last page has no next', () => {
		const page = historyPage([obs('o1', '2026-01-01T00:00:00.000Z'), note('n1', '2026-03-01T00:00:00.000Z'), obs('o2', '2026-02-01T00:00:00.000Z')], 5);
		expect(page).toEqual({ docs: [note('n1', '2026-03-01T00:00:00.000Z'), obs('o2', '2026-02-01T00:00:00.000Z'), obs('o1', '2026-01-01T00:00:00.000Z')] });
	});

	it('ends a full page before the values of one instant that do not all fit, and names the next page', () => {
		const t1 = '2026-03-01T00:00:00.000Z';
		const t2 = '2026-02-01T00:00:00.000Z';
		const page = historyPage([obs('a', t1), obs('sys', t2), obs('dia', t2), obs('old', '2026-01-01T00:00:00.000Z')], 2);
		expect(page.docs.map((d) => d._id)).toEqual(['a']);
		expect(page.next).toBe(t1);
	});

	it('cuts inside one instant only when a page cannot hold it', () => {
		const t = '2026-02-01T00:00:00.000Z';
		const page = historyPage([obs('a', t), obs('b', t), obs('c', t)], 2);
		expect(page).toEqual({ docs: [obs('c', t), obs('b', t)], next: t });
	});
});

describe('mergeHistory', () => {
	it('keeps every document once, the device copy over the server copy', () => {
		const held = [{ _id: 'a', v: 'device' }, { _id: 'b', v: 'device' }];
		const fetched = [{ _id: 'b', v: 'server' }, { _id: 'c', v: 'server' }];
		expect(mergeHistory(held, fetched)).toEqual([{ _id: 'a', v: 'device' }, { _id: 'b', v: 'device' }, { _id: 'c', v: 'server' }]);
	});
});

describe('historyInstant', () => {
	it('reads ISO instants as UTC with milliseconds and refuses anything else', () => {
		expect(historyInstant('2026-02-01T10:00:00+01:00')).toBe('2026-02-01T09:00:00.000Z');
		for (const raw of ['2026-02-01', 'yesterday', '2026-13-01T00:00:00Z', '1e9', '']) expect(historyInstant(raw)).toBeUndefined();
	});
});

describe('oldestEffectiveAt and withCoverage', () => {
	it('says what an export covers: the whole history, or the device values from the oldest on', () => {
		const bundle: FhirBundle = { resourceType: 'Bundle', type: 'collection' };
		const from = oldestEffectiveAt([{ effectiveAt: '2026-09-02T08:00:00.000Z' }, { effectiveAt: '2026-09-01T08:00:00.000Z' }]);
		expect(from).toBe('2026-09-01T08:00:00.000Z');
		expect(withCoverage(bundle, { complete: false, from }).meta?.tag).toEqual([
			{ system: FHIR_COVERAGE_SYSTEM, code: 'device', display: 'Nur Werte ab 2026-09-01 (ohne Verbindung exportiert)' }
		]);
		expect(withCoverage(bundle, { complete: true }).meta?.tag?.[0].code).toBe('complete');
	});
});
