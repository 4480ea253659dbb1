// Who is asking: a session cookie (the app) or an `Authorization: Bearer` token (scripts).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role, UserProfile } from '../../src/lib/domain/index.ts';
import type { Accounts } from './accounts.ts';
import type { ServerConfig } from './config.ts';
import { CouchError } from './errors.ts';
import { addressKey, FailureLimiter } from './rate-limit.ts';

export const SESSION_COOKIE = 'fc_session';

declare module 'fastify' {
	interface FastifyRequest {
		user?: UserProfile;
		/** Authenticated as the configured server admin (HTTP Basic), see config.serverAdmin. */
		serverAdmin?: boolean;
	}
}

/** Who writes: a signed-in user, or the server admin (a gateway that already checked its users). */
export type Writer = UserProfile | 'server-admin';

function sameText(a: string, b: string): boolean {
	const x = createHash('sha256').update(a).digest();
	const y = createHash('sha256').update(b).digest();
	return timingSafeEqual(new Uint8Array(x), new Uint8Array(y));
}

function isServerAdmin(header: string | undefined, admin: ServerConfig['serverAdmin']): boolean {
	if (!admin || !header?.startsWith('Basic ')) return false;
	const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString();
	const colon = decoded.indexOf(':');
	return colon > 0 && sameText(decoded.slice(0, colon), admin.name) && sameText(decoded.slice(colon + 1), admin.password);
}

export function requestToken(request: FastifyRequest): string | undefined {
	const header = request.headers.authorization;
	if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
	return request.cookies?.[SESSION_COOKIE];
}

/**
 * Resolves `request.user`; unknown, expired or forged tokens leave it undefined. Failed server-admin
 * (Basic) logins are counted per address; a locked address gets 429 even for the right password.
 */
export function authHook(accounts: Accounts, config: Pick<ServerConfig, 'serverAdmin' | 'loginMaxFailuresPerAddress' | 'loginWindowSeconds'>) {
	const { serverAdmin } = config;
	const basicFailures = new FailureLimiter(config.loginMaxFailuresPerAddress, config.loginWindowSeconds * 1000);
	return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
		const header = request.headers.authorization;
		if (serverAdmin && header?.startsWith('Basic ')) {
			const address = addressKey(request.ip);
			const wait = basicFailures.retryAfter(address);
			if (wait > 0) {
				reply.header('retry-after', String(wait));
				throw new CouchError('too_many_requests', `Too many failed logins. Try again in ${wait} s.`);
			}
			if (isServerAdmin(header, serverAdmin)) {
				request.serverAdmin = true;
				return;
			}
			basicFailures.fail(address);
		}
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
