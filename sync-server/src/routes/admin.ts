// /api/admin: users and teams, for the admin role only (admins see no clinical data).
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import type { Accounts } from '../accounts.ts';
import { requireRole } from '../auth.ts';
import { CouchError } from '../errors.ts';

// No password: admins set none they know (POST …/password generates a one-time password).
const UserChanges = v.strictObject({
	displayName: v.optional(v.string()),
	teams: v.optional(v.array(v.string())),
	disabled: v.optional(v.boolean())
});

export function adminRoutes(app: FastifyInstance, accounts: Accounts): void {
	app.register(async (admin) => {
		admin.addHook('preHandler', requireRole('admin'));

		admin.get('/api/admin/teams', async () => ({ teams: await accounts.listTeams() }));
		admin.post('/api/admin/teams', async (request, reply) => {
			const team = await accounts.saveTeam(request.body);
			admin.audit.adminAction(request, 'team-saved', team.id, { name: team.name, kind: team.kind, region: team.region });
			reply.code(201);
			return { ok: true, team };
		});

		admin.get('/api/admin/users', async () => ({ users: await accounts.listUsers() }));
		admin.post('/api/admin/users', async (request, reply) => {
			const oneTimePassword = await accounts.createUserWithOneTimePassword(request.body);
			const { username, role, teams } = request.body as { username: string; role: string; teams: string[] };
			admin.audit.adminAction(request, 'user-created', username, { role, teams });
			reply.code(201);
			return { ok: true, username, oneTimePassword };
		});
		admin.patch<{ Params: { username: string } }>('/api/admin/users/:username', async (request) => {
			const parsed = v.safeParse(UserChanges, request.body);
			if (!parsed.success) throw new CouchError('bad_request', 'Expected {displayName?, teams?, disabled?}.');
			await accounts.updateUser(request.params.username, parsed.output);
			admin.audit.adminAction(request, parsed.output.disabled === true ? 'user-disabled' : parsed.output.disabled === false ? 'user-enabled' : 'user-changed', request.params.username, parsed.output);
			return { ok: true };
		});
		admin.post<{ Params: { username: string } }>('/api/admin/users/:username/password', async (request) => {
			const oneTimePassword = await accounts.resetPassword(request.params.username);
			admin.audit.adminAction(request, 'password-reset', request.params.username);
			return { ok: true, oneTimePassword };
		});
	});
}
