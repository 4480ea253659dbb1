import { describe, expect, it } from 'vitest';
import { newPasswordProblem, replicatedDatabases, servedDatabases } from './account.ts';

describe('newPasswordProblem', () => {
	it('asks for 10 characters, the same twice, and not the one-time password again', () => {
		expect(newPasswordProblem('abcd-efgh-jkmn-pqrs', 'short', 'short')).toBe('too-short');
		expect(newPasswordProblem('abcd-efgh-jkmn-pqrs', 'long-enough-1', 'long-enough-2')).toBe('mismatch');
		expect(newPasswordProblem('abcd-efgh-jkmn-pqrs', 'abcd-efgh-jkmn-pqrs', 'abcd-efgh-jkmn-pqrs')).toBe('same');
		expect(newPasswordProblem('abcd-efgh-jkmn-pqrs', 'my-own-password', 'my-own-password')).toBeNull();
	});
});

describe('the databases of a physician', () => {
	const teams = [{ id: 'pflege-a', name: 'A', kind: 'nursing' as const, region: 'r' }];
	it('replicates none, and follows the consults of the teams served', () => {
		expect(replicatedDatabases('arzt', ['team-pflege-a'])).toEqual([]);
		expect(replicatedDatabases('nurse', ['team-pflege-a'])).toEqual(['team-pflege-a']);
		expect(servedDatabases({ role: 'arzt', teams })).toEqual(['team-pflege-a']);
		expect(servedDatabases({ role: 'dispatcher', teams })).toEqual([]);
	});
});
