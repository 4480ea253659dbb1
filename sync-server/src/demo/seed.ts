// Loads the demo organisation: teams and users once, today's visits and tours on every start
// (ids carry the date, so a second run of the same day writes nothing new).
import { teamDbName, type FieldDocument } from '../../../src/lib/domain/index.ts';
import type { Accounts } from '../accounts.ts';
import type { Storage } from '../storage.ts';
import { buildDemoOrganisation, type DemoUser } from './demo-data.ts';

export interface SeedResult {
	users: DemoUser[];
	created: number;
}

function localDate(now: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `select` limits the documents written (the year loader writes the patients first, the rest after the year). */
export async function seedDemo(accounts: Accounts, storage: Storage, now = new Date(), select: (doc: FieldDocument) => boolean = () => true): Promise<SeedResult> {
	const org = buildDemoOrganisation(localDate(now), now);
	const knownTeams = new Set((await accounts.listTeams()).map((t) => t.id));
	for (const team of org.teams) if (!knownTeams.has(team.id)) await accounts.saveTeam(team);
	const knownUsers = new Set((await accounts.listUsers()).map((u) => u.username));
	for (const user of org.users) if (!knownUsers.has(user.username)) await accounts.createUser(user);

	let created = 0;
	for (const [teamId, all] of Object.entries(org.documents)) {
		const docs = all.filter(select);
		if (docs.length === 0) continue;
		const db = storage.database(teamDbName(teamId));
		const existing = await db.allDocs({ keys: docs.map((d) => d._id) });
		const fresh = docs.filter((_, i) => 'error' in existing.rows[i]);
		if (fresh.length === 0) continue;
		const results = await db.bulkDocs(fresh as PouchDB.Core.PutDocument<Record<string, unknown>>[]);
		created += results.filter((r) => 'ok' in r && r.ok).length;
	}
	return { users: org.users, created };
}
