// /api/admin/teams/<id>/retention: a team's retention window (issue 12), for the admin role only;
// /api/retention: the signed-in user's windows.
// The setting is validated by the schema the app shares (src/lib/domain/retention.ts); devices
// get the new window on their next sync (a new window key restarts their snapshot).
import type { FastifyInstance } from 'fastify';
import { parseRetentionSetting, teamDbName, windowForRole, type RetentionSetting } from '../../../src/lib/domain/index.ts';
import type { Accounts } from '../accounts.ts';
import { requireRole, requireUser } from '../auth.ts';
import { CouchError } from '../errors.ts';
import type { RetentionSettings } from '../retention-settings.ts';

type TeamRequest = { Params: { team: string } };

export function retentionRoutes(app: FastifyInstance, accounts: Accounts, retention: RetentionSettings): void {
	// The signed-in user's window per database they replicate: what their device keeps when it ages
	// documents out (src/lib/db/window-keep.ts); the same window the server feeds them.
	app.get('/api/retention', async (request) => {
		const user = requireUser(request);
		const windows: Record<string, RetentionSetting> = {};
		for (const team of user.teams) {
			const db = teamDbName(team.id);
			if (user.databases.includes(db)) windows[db] = windowForRole(await retention.get(team.id), user.role);
		}
		return { windows };
	});
	app.register(async (admin) => {
		admin.addHook('preHandler', requireRole('admin'));
		const existingTeam = async (id: string) => {
			if (!(await accounts.getTeam(id))) throw new CouchError('not_found', 'No such team.');
			return id;
		};
		admin.get<TeamRequest>('/api/admin/teams/:team/retention', async (request) => {
			const team = await existingTeam(request.params.team);
			return { ok: true, team, retention: await retention.get(team) };
		});
		admin.put<TeamRequest>('/api/admin/teams/:team/retention', async (request) => {
			const team = await existingTeam(request.params.team);
			const parsed = parseRetentionSetting(request.body);
			if (!parsed.ok) throw new CouchError('bad_request', `Invalid retention window: ${parsed.reason}`);
			await retention.set(team, parsed.setting);
			admin.audit.adminAction(request, 'retention-changed', team, { window: JSON.stringify(parsed.setting) });
			return { ok: true, team, retention: parsed.setting };
		});
	});
}
