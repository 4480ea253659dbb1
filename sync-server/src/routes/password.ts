// POST /api/session/password: the signed-in user sets a password of their own — the one way out
// of a session signed in with a one-time password (see one-time-password.ts).
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { PasswordChangeSchema } from '../../../src/lib/domain/index.ts';
import type { Accounts } from '../accounts.ts';
import { requestToken, requireUser } from '../auth.ts';
import { CouchError } from '../errors.ts';

export function passwordRoutes(app: FastifyInstance, accounts: Accounts): void {
	app.post('/api/session/password', async (request) => {
		const user = requireUser(request);
		const parsed = v.safeParse(PasswordChangeSchema, request.body);
		if (!parsed.success) throw new CouchError('bad_request', `Expected {"oldPassword", "newPassword"}: ${parsed.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`).join('; ')}`);
		const token = requestToken(request);
		try {
			await accounts.changePassword(user.username, parsed.output.oldPassword, parsed.output.newPassword, token);
		} catch (err) {
			// A wrong current password ends the session: guessing it here costs a sign-in (and its limits) per guess.
			if (err instanceof CouchError && err.error === 'forbidden' && token) await accounts.endSession(token);
			throw err;
		}
		app.audit.adminAction(request, 'password-changed', user.username);
		return { ok: true };
	});
}
