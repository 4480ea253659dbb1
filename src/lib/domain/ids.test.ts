import { describe, expect, it } from 'vitest';
import { docId, teamDbName, typeRange, ulid } from './ids.ts';
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
