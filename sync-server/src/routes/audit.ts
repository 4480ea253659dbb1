// The audit trail's endpoints: the admin's data-protection view (/api/admin/audit…, admin only,
// every use itself audited) and the app's upload of records opened offline (/api/audit/events).
import type { FastifyInstance } from 'fastify';
import * as v from 'valibot';
import { AccessEventUploadSchema, matchesName, nameSearchTerms, SubjectIdSchema, teamDbName, typeRange, type AuditPatientMatch } from '../../../src/lib/domain/index.ts';
import type { Accounts } from '../accounts.ts';
import { requireRole, requireUser } from '../auth.ts';
import { CouchError } from '../errors.ts';
import type { Storage } from '../storage.ts';

const MAX_QUERY_LENGTH = 80;
const MAX_MATCHES = 50;
const MAX_ROWS = 500;
const DEFAULT_ROWS = 200;

function rowLimit(raw: unknown): number {
	const limit = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : DEFAULT_ROWS;
	return Math.min(Math.max(limit, 1), MAX_ROWS);
}

/** Patients of every team whose name matches: identification only (name, birth date, team, id). */
async function findPatients(accounts: Accounts, storage: Storage, query: string): Promise<AuditPatientMatch[]> {
	const terms = nameSearchTerms(query);
	if (terms.length === 0) return [];
	const matches: AuditPatientMatch[] = [];
	for (const team of await accounts.listTeams()) {
		const result = await storage.database(teamDbName(team.id)).allDocs({ ...typeRange('patient'), include_docs: true });
		for (const row of result.rows) {
			const doc = row.doc as { _id: string; firstName?: unknown; lastName?: unknown; birthDate?: unknown } | undefined;
			if (!doc || typeof doc.firstName !== 'string' || typeof doc.lastName !== 'string') continue;
			if (!matchesName(terms, doc.firstName, doc.lastName)) continue;
			matches.push({
				id: doc._id,
				firstName: doc.firstName,
				lastName: doc.lastName,
				birthDate: typeof doc.birthDate === 'string' ? doc.birthDate : '',
				team: team.id,
				teamName: team.name
			});
			if (matches.length >= MAX_MATCHES) return matches;
		}
	}
	return matches.sort((a, b) => a.lastName.localeCompare(b.lastName, 'de') || a.firstName.localeCompare(b.firstName, 'de'));
}

export function auditRoutes(app: FastifyInstance, accounts: Accounts, storage: Storage): void {
	app.register(async (admin) => {
		admin.addHook('preHandler', requireRole('admin'));

		admin.get<{ Querystring: { q?: string } }>('/api/admin/audit/patients', async (request) => {
			const query = request.query.q ?? '';
			if (query.length > MAX_QUERY_LENGTH) throw new CouchError('bad_request', `q must be at most ${MAX_QUERY_LENGTH} characters`);
			const patients = await findPatients(accounts, storage, query);
			app.audit.adminAction(request, 'audit-searched', query, { matches: String(patients.length) });
			return { patients };
		});

		admin.get<{ Params: { subject: string }; Querystring: { limit?: string } }>('/api/admin/audit/subjects/:subject', async (request) => {
			const parsed = v.safeParse(SubjectIdSchema, request.params.subject);
			if (!parsed.success) throw new CouchError('bad_request', 'subject must be a patient or mission id');
			const entries = await app.audit.entriesOf(parsed.output, rowLimit(request.query.limit));
			app.audit.auditViewed(request, parsed.output);
			return { subject: parsed.output, entries };
		});

		admin.get<{ Querystring: { limit?: string } }>('/api/admin/audit/sign-ins', async (request) => {
			const entries = await app.audit.recentSignIns(rowLimit(request.query.limit));
			app.audit.adminAction(request, 'audit-listed', 'sign-ins');
			return { entries };
		});

		admin.get<{ Querystring: { limit?: string } }>('/api/admin/audit/admin-actions', async (request) => {
			const entries = await app.audit.recentAdminActions(rowLimit(request.query.limit));
			app.audit.adminAction(request, 'audit-listed', 'admin-actions');
			return { entries };
		});
	});

	// Only the signed-in user's own events: the server stamps who and when they arrived.
	app.post('/api/audit/events', async (request) => {
		requireUser(request);
		const parsed = v.safeParse(AccessEventUploadSchema, request.body);
		if (!parsed.success) throw new CouchError('bad_request', parsed.issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`).join('; '));
		const stored = await app.audit.opened(request, parsed.output.events);
		return { ok: true, stored };
	});
}
