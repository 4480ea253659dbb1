// /api/admin/devices: the devices seen and their block (admin role only; no patient data).
// Blocking a user is disabling the account (PATCH /api/admin/users/:username {disabled}).
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { requireRole } from '../auth.ts';
import type { DeviceRegistry } from '../devices.ts';
import { CouchError } from '../errors.ts';

const BlockBody = v.object({ blocked: v.boolean() });

export function deviceRoutes(app: FastifyInstance, devices: DeviceRegistry): void {
	app.register(async (admin) => {
		admin.addHook('preHandler', requireRole('admin'));

		admin.get('/api/admin/devices', async () => ({ devices: await devices.list() }));
		admin.put<{ Params: { id: string } }>('/api/admin/devices/:id/blocked', async (request) => {
			const parsed = v.safeParse(BlockBody, request.body);
			if (!parsed.success) throw new CouchError('bad_request', 'Expected {"blocked": true|false}.');
			return { ok: true, device: await devices.setBlocked(request.params.id, parsed.output.blocked) };
		});
	});
}
