import { describe, expect, it } from 'vitest';
import { docId, idProblem, MAX_ID_LENGTH, teamDbName, typeRange, ulid } from './ids.ts';
import { typeOfId } from './rights.ts';

const fixedRandom = (byte: number) => (n: number) => new Uint8Array(n).fill(byte);

describe('ulid', () => {
	it('is 26 Crockford base-32 characters, deterministic for the same time and randomness', () => {
		const id = ulid(Date.UTC(2026, 10, 24, 9, 30), fixedRandom(7));
		expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
		expect(ulid(Date.UTC(2026, 10, 24, 9, 30), fixedRandom(7))).toBe(id);
	});

	it('sorts by creation time, whatever the random part', () => {
		const earlier = ulid(1_700_000_000_000, fixedRandom(255));
		const later = ulid(1_700_000_000_001, fixedRandom(0));
		expect(earlier < later).toBe(true);
	});
});

describe('document ids', () => {
	it('are <type>:<key> and a type range covers exactly its type', () => {
		const id = docId('patient', 'p001');
		expect(id).toBe('patient:p001');
		const { startkey, endkey } = typeRange('patient');
		expect(id > startkey && id < endkey).toBe(true);
		expect('visit:2026-11-24:x' < endkey && 'visit:2026-11-24:x' > startkey).toBe(false);
		expect(typeOfId(id)).toBe('patient');
		expect(typeOfId('_local/x')).toBeUndefined();
		expect(typeOfId('prescription:1')).toBeUndefined();
	});

	it('team databases are team-<id>', () => {
		expect(teamDbName('pflege-saalfeld')).toBe('team-pflege-saalfeld');
	});
});

describe('idProblem', () => {
	it('accepts ids up to the limit, in any script, and checkpoints', () => {
		expect(idProblem(`note:${'x'.repeat(MAX_ID_LENGTH - 5)}`)).toBeUndefined();
		expect(idProblem('patient:Müller-😀-שלום')).toBeUndefined();
		expect(idProblem('_local/8c2f1a')).toBeUndefined();
	});

	it('refuses empty ids and ids longer than the limit', () => {
		expect(idProblem('')).toMatch(/empty/);
		expect(idProblem(`note:${'x'.repeat(MAX_ID_LENGTH - 4)}`)).toMatch(/at most 200 characters/);
	});

	it.each([
		['NUL', '\u0000'],
		['a line feed', '\n'],
		['DEL', '\u007f'],
		['a C1 control', '\u0085'],
		['the Arabic letter mark', '\u061c'],
		['LRM', '\u200e'],
		['RLM', '\u200f'],
		['RLO', '\u202e'],
		['LRE', '\u202a'],
		['FSI', '\u2068'],
		['PDI', '\u2069']
	])('refuses %s, in documents and checkpoints', (_name, char) => {
		expect(idProblem(`note:a${char}b`)).toMatch(/control or bidi/);
		expect(idProblem(`_local/a${char}`)).toMatch(/control or bidi/);
	});

	it('refuses unpaired surrogates, which no URL can carry', () => {
		expect(idProblem('note:\ud800')).toMatch(/surrogate/);
		expect(idProblem('note:\udc00x')).toMatch(/surrogate/);
		expect(() => encodeURIComponent('note:\ud800')).toThrow(URIError);
	});

	it('refuses _local ids a URL would resolve away', () => {
		expect(idProblem('_local/..')).toBeDefined();
		expect(idProblem('_local/')).toBeDefined();
	});
});
