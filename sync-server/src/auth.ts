// Who is asking: a session cookie (the app) or an `Authorization: Bearer` token (scripts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role, UserProfile } from '../../src/lib/domain/index.ts';
import type { Accounts } from './accounts.ts';
import { CouchError } from './errors.ts';

export const SESSION_COOKIE = 'fc_session';

declare module 'fastify' {
	interface FastifyRequest {
		user?: UserProfile;
	}
}

export function requestToken(request: FastifyRequest): string | undefined {
	const header = request.headers.authorization;
	if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
	return request.cookies?.[SESSION_COOKIE];
}

/** Resolves `request.user`; unknown, expired or forged tokens leave it undefined. */
export function authHook(accounts: Accounts) {
	return async (request: FastifyRequest): Promise<void> => {
		const token = requestToken(request);
		if (token) request.user = await accounts.sessionUser(token);
	};
}

export function requireUser(request: FastifyRequest): UserProfile {
	if (!request.user) throw new CouchError('unauthorized', 'You are not logged in.');
	return request.user;
}

export function requireRole(role: Role) {
	return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
		const user = requireUser(request);
		if (user.role !== role) throw new CouchError('forbidden', `Only the ${role} role may do this.`);
	};
}
