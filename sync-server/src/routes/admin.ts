// /api/admin: users and teams, for the admin role only (admins see no clinical data).
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import type { Accounts } from '../accounts.ts';
import { requireRole } from '../auth.ts';
import { CouchError } from '../errors.ts';

const UserChanges = v.object({
	displayName: v.optional(v.string()),
	teams: v.optional(v.array(v.string())),
	password: v.optional(v.string()),
	disabled: v.optional(v.boolean())
});

export function adminRoutes(app: FastifyInstance, accounts: Accounts): void {
	app.register(async (admin) => {
		admin.addHook('preHandler', requireRole('admin'));

		admin.get('/api/admin/teams', async () => ({ teams: await accounts.listTeams() }));
		admin.post('/api/admin/teams', async (request, reply) => {
			const team = await accounts.saveTeam(request.body);
			reply.code(201);
			return { ok: true, team };
		});

		admin.get('/api/admin/users', async () => ({ users: await accounts.listUsers() }));
		admin.post('/api/admin/users', async (request, reply) => {
			await accounts.createUser(request.body);
			reply.code(201);
			return { ok: true };
		});
		admin.patch<{ Params: { username: string } }>('/api/admin/users/:username', async (request) => {
			const parsed = v.safeParse(UserChanges, request.body);
			if (!parsed.success) throw new CouchError('bad_request', 'Expected {displayName?, teams?, password?, disabled?}.');
			await accounts.updateUser(request.params.username, parsed.output);
			return { ok: true };
		});
	});
}
