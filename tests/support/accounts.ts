// Accounts written straight into a data directory before a server process starts on it.
import { buildApp } from '../../sync-server/src/app.ts';
import { readConfig } from '../../sync-server/src/config.ts';
import { TEST_PASSWORD } from './test-server.ts';

/** One nursing team `teamId` with `nurses` members named `<prefix>.1` … `<prefix>.n`. */
export async function seedTeamInDataDir(dataDir: string, teamId: string, nurses: number, prefix = 'nurse'): Promise<string[]> {
	const app = await buildApp({ ...readConfig({ DEMO_DATA: '0', LOG_LEVEL: 'warn' }), dataDir, staticDir: undefined });
	try {
		await app.accounts.saveTeam({ id: teamId, name: teamId, kind: 'nursing', region: 'test' });
		const names = Array.from({ length: nurses }, (_, i) => `${prefix}.${i + 1}`);
		for (const username of names) {
			await app.accounts.createUser({ username, displayName: username, role: 'nurse', teams: [teamId], password: TEST_PASSWORD });
		}
		return names;
	} finally {
		await app.fastify.close();
	}
}
