import { describe, expect, it } from 'vitest';
import { generateOneTimePassword } from './one-time-password.ts';
import * as v from 'valibot';
import { PasswordSchema } from '../../src/lib/domain/index.ts';

describe('generateOneTimePassword', () => {
	it('gives four groups of four characters without look-alikes, valid as a password', () => {
		const password = generateOneTimePassword();
		expect(password).toMatch(/^[a-hj-km-np-z2-9]{4}(-[a-hj-km-np-z2-9]{4}){3}$/);
		expect(v.safeParse(PasswordSchema, password).success).toBe(true);
	});

	it('draws every character from the random source', () => {
		expect(generateOneTimePassword(() => 0)).toBe('aaaa-aaaa-aaaa-aaaa');
		expect(generateOneTimePassword((max) => max - 1)).toBe('9999-9999-9999-9999');
		expect(new Set(Array.from({ length: 50 }, () => generateOneTimePassword())).size).toBe(50);
	});
});
