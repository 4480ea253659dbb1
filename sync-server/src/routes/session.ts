// POST/GET/DELETE /api/session: log in, who am I, log out.
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { LoginSchema } from '../../../src/lib/domain/index.ts';
import type { Accounts } from '../accounts.ts';
import { requestToken, requireUser, SESSION_COOKIE } from '../auth.ts';
import type { ServerConfig } from '../config.ts';
import { CouchError } from '../errors.ts';
import { addressKey, FailureLimiter } from '../rate-limit.ts';

const LoginBody = v.object({ ...LoginSchema.entries, bearer: v.optional(v.boolean()) });

export function sessionRoutes(app: FastifyInstance, accounts: Accounts, config: ServerConfig): void {
	// One name stops a botnet guessing one account; one address stops a machine trying a password against many names.
	const perName = new FailureLimiter(config.loginMaxFailures, config.loginWindowSeconds * 1000);
	const perAddress = new FailureLimiter(config.loginMaxFailuresPerAddress, config.loginWindowSeconds * 1000);

	app.post('/api/session', async (request, reply) => {
		const parsed = v.safeParse(LoginBody, request.body);
		if (!parsed.success) throw new CouchError('bad_request', 'Expected {"username", "password"}.');
		// `username` is normalised by the schema: "RTW1" and "rtw1" are one name, for the limit as for the sign-in.
		const { username, password, bearer } = parsed.output;
		const address = addressKey(request.ip);
		const wait = Math.max(perName.retryAfter(username), perAddress.retryAfter(address));
		if (wait > 0) {
			reply.header('retry-after', String(wait));
			request.server.audit.signInFailed(request, username, 'refused');
			throw new CouchError('too_many_requests', `Too many failed logins. Try again in ${wait} s.`);
		}
		const user = await accounts.authenticate(username, password);
		if (!user) {
			request.server.audit.signInFailed(request, username, 'failed');
			perName.fail(username);
			perAddress.fail(address);
			throw new CouchError('unauthorized', 'Name or password is incorrect.');
		}
		// The address keeps its count: one right password must not buy another round of guesses at other names.
		perName.succeed(username);
		request.server.audit.signedIn(request, user);
		const session = await accounts.createSession(user.username, config.sessionTtlHours);
		reply.setCookie(SESSION_COOKIE, session.token, {
			path: '/',
			httpOnly: true,
			sameSite: 'strict',
			secure: config.secureCookies,
			expires: new Date(session.expiresAt)
		});
		return { ok: true, user, ...(user.mustChangePassword ? { mustChangePassword: true } : {}), demo: config.demoData, services: config.services, expiresAt: new Date(session.expiresAt).toISOString(), ...(bearer ? { token: session.token } : {}) };
	});

	// `demo`: the server carries the demo organisation, so the app offers simulated devices by default.
	// `services`: tile, routing and geocoding servers, kept by the app for offline use.
	app.get('/api/session', async (request) => ({ ok: true, user: requireUser(request), demo: config.demoData, services: config.services }));

	app.delete('/api/session', async (request, reply) => {
		const token = requestToken(request);
		request.server.audit.signedOut(request);
		if (token) await accounts.endSession(token);
		reply.clearCookie(SESSION_COOKIE, { path: '/' });
		return { ok: true };
	});
}
