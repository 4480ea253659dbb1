import { describe, expect, it } from 'vitest';
import { jsonDepthExceeds } from './json-depth.ts';

describe('jsonDepthExceeds', () => {
	it('lets ordinary documents through', () => {
		expect(jsonDepthExceeds(JSON.stringify({ docs: [{ a: { b: [1, { c: 2 }] } }] }))).toBe(false);
	});
	it('catches deep nesting of objects and arrays', () => {
		expect(jsonDepthExceeds('{"a":'.repeat(65) + '1' + '}'.repeat(65))).toBe(true);
		expect(jsonDepthExceeds('['.repeat(100_000))).toBe(true);
		expect(jsonDepthExceeds('['.repeat(64) + ']'.repeat(64))).toBe(false);
	});
	it('ignores brackets inside strings, also after escaped quotes', () => {
		expect(jsonDepthExceeds(JSON.stringify({ text: '[[[[['.repeat(100), other: 'say \\"[[[[' }))).toBe(false);
	});
});
