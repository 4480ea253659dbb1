import { describe, expect, it } from 'vitest';
import { newPasswordProblem } from './account.ts';

describe('newPasswordProblem', () => {
	it('asks for 10 characters, the same twice, and not the one-time password again', () => {
		expect(newPasswordProblem('abcd-efgh-jkmn-pqrs', 'short', 'short')).toBe('too-short');
		expect(newPasswordProblem('abcd-efgh-jkmn-pqrs', 'long-enough-1', 'long-enough-2')).toBe('mismatch');
		expect(newPasswordProblem('abcd-efgh-jkmn-pqrs', 'abcd-efgh-jkmn-pqrs', 'abcd-efgh-jkmn-pqrs')).toBe('same');
		expect(newPasswordProblem('abcd-efgh-jkmn-pqrs', 'my-own-password', 'my-own-password')).toBeNull();
	});
});
