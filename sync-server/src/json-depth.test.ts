import { describe, expect, it } from 'vitest';
import { hasNonFiniteNumber, jsonDepthExceeds } from './json-depth.ts';

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

describe('hasNonFiniteNumber', () => {
	it('finds 1e309 and -1e309 wherever they are', () => {
		expect(hasNonFiniteNumber(JSON.parse('1e309'))).toBe(true);
		expect(hasNonFiniteNumber(JSON.parse('{"docs":[{"a":{"b":[1,-1e309]}}]}'))).toBe(true);
	});
	it('lets finite numbers, strings that look like numbers and empty bodies through', () => {
		expect(hasNonFiniteNumber(JSON.parse('{"a":1.7976931348623157e308,"b":"1e309","c":[null,true,-0]}'))).toBe(false);
		expect(hasNonFiniteNumber(undefined)).toBe(false);
	});
});
