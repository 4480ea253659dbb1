// /api/admin/teams/<id>/retention: a team's retention window (issue 12), for the admin role only.
// The setting is validated by the schema the app shares (src/lib/domain/retention.ts); devices
// get the new window on their next sync (a new window key restarts their snapshot).
import type { FastifyInstance } from 'fastify';
import { parseRetentionSetting } from '../../../src/lib/domain/index.ts';
import type { Accounts } from '../accounts.ts';
import { requireRole } from '../auth.ts';
import { CouchError } from '../errors.ts';
import type { RetentionSettings } from '../retention-settings.ts';

type TeamRequest = { Params: { team: string } };

export function retentionRoutes(app: FastifyInstance, accounts: Accounts, retention: RetentionSettings): void {
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
