// GET /api/teams/<id>/members: who works in a team, for planning tours. Only members of the team
// (and a dispatcher whose region it is, who holds it in their teams) may ask; names and roles only.
// A physician serves teams without being one of their members: they see a team only through consults.
import type { FastifyInstance } from 'fastify';
import type { Accounts } from '../accounts.ts';
import { requireUser } from '../auth.ts';
import { CouchError } from '../errors.ts';

export function teamRoutes(app: FastifyInstance, accounts: Accounts): void {
	app.get<{ Params: { team: string } }>('/api/teams/:team/members', async (request) => {
		const user = requireUser(request);
		if (user.role === 'arzt' || !user.teams.some((team) => team.id === request.params.team)) {
			throw new CouchError('forbidden', 'You are not a member of this team.');
		}
		const members = (await accounts.listUsers())
			.filter((u) => !u.disabled && u.teams.some((team) => team.id === request.params.team))
			.map((u) => ({ username: u.username, displayName: u.displayName, role: u.role }));
		return { ok: true, members };
	});
}
