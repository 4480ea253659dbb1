import type { FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { PasswordSchema, type UserProfile } from '../../src/lib/domain/index.ts';
import { generateOneTimePassword, passwordChangeGate } from './one-time-password.ts';

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

describe('passwordChangeGate', () => {
	const pending: UserProfile = { username: 'eva', displayName: 'Eva', role: 'nurse', teams: [], databases: ['team-a'], mustChangePassword: true };
	const gate = (method: string, url: string, user: UserProfile | null = pending) =>
		passwordChangeGate({ method, url, user: user ?? undefined } as FastifyRequest).then(
			() => 'passes',
			(err: { status?: number }) => err.status
		);

	it('lets a session with a one-time password change it, ask who it is and sign out', async () => {
		for (const [method, url] of [['POST', '/api/session/password'], ['GET', '/api/session'], ['GET', '/api/session/'], ['DELETE', '/api/session'], ['POST', '/api/session']]) {
			expect(await gate(method, url)).toBe('passes');
		}
	});

	it('refuses it every other /api and /db path, however it is spelt', async () => {
		for (const [method, url] of [['GET', '/db/team-a'], ['GET', '/DB/team-a'], ['GET', '//db//team-a'], ['GET', '/%64b/team-a'], ['GET', '/api/live'], ['POST', '/api/audit/events'], ['GET', '/api'], ['POST', '/anything']]) {
			expect({ url, result: await gate(method, url) }).toEqual({ url, result: 403 });
		}
	});

	it('lets the app\'s own files load, and leaves other sessions alone', async () => {
		expect(await gate('GET', '/_app/immutable/start.js')).toBe('passes');
		expect(await gate('GET', '/login')).toBe('passes');
		expect(await gate('GET', '/db/team-a', { ...pending, mustChangePassword: undefined })).toBe('passes');
		expect(await gate('GET', '/db/team-a', null)).toBe('passes');
	});
});
