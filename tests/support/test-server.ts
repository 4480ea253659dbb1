// A real FieldCare server on a random loopback port with a temporary data directory.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import PouchDB from 'pouchdb';
import { buildApp, type App, type AppOptions } from '../../sync-server/src/app.ts';
import { readConfig, type ServerConfig } from '../../sync-server/src/config.ts';

export const TEST_PASSWORD = 'correct-horse-battery';

export interface TestServer {
	url: string;
	app: App;
	dataDir: string;
	close(): Promise<void>;
}

export async function startTestServer(overrides: Partial<ServerConfig> = {}, options: AppOptions = {}): Promise<TestServer> {
	// A data directory given by the caller outlives the server (restart tests); our own does not.
	const ownDir = overrides.dataDir === undefined;
	const dataDir = overrides.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'fieldcare-test-')));
	const config: ServerConfig = {
		...readConfig({ DEMO_DATA: '0', LOG_LEVEL: 'warn' }, process.cwd()),
		dataDir,
		staticDir: undefined,
		port: 0,
		...overrides
	};
	const app = await buildApp(config, options);
	const address = await app.fastify.listen({ host: '127.0.0.1', port: 0 });
	return {
		url: address,
		app,
		dataDir,
		async close() {
			await app.fastify.close();
			if (ownDir) await rm(dataDir, { recursive: true, force: true });
		}
	};
}

/** A server holding the two teams of `seedTwoTeams`: the set-up most integration files start with. */
export async function startTwoTeamServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
	const server = await startTestServer(overrides);
	await seedTwoTeams(server.app);
	return server;
}

/** Two nursing teams, a nurse in each, and an admin. */
export async function seedTwoTeams(app: App): Promise<void> {
	const { accounts } = app;
	await accounts.saveTeam({ id: 'pflege-a', name: 'Pflege A', kind: 'nursing', region: 'test' });
	await accounts.saveTeam({ id: 'pflege-b', name: 'Pflege B', kind: 'nursing', region: 'test' });
	await accounts.createUser({ username: 'nurse.a', displayName: 'Nurse A', role: 'nurse', teams: ['pflege-a'], password: TEST_PASSWORD });
	await accounts.createUser({ username: 'nurse.b', displayName: 'Nurse B', role: 'nurse', teams: ['pflege-b'], password: TEST_PASSWORD });
	await accounts.createUser({ username: 'admin', displayName: 'Admin', role: 'admin', teams: [], password: TEST_PASSWORD });
}

export async function login(url: string, username: string, password = TEST_PASSWORD): Promise<string> {
	const res = await fetch(`${url}/api/session`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, password, bearer: true })
	});
	if (!res.ok) throw new Error(`login ${username} failed: HTTP ${res.status}`);
	return ((await res.json()) as { token: string }).token;
}

/** A stock PouchDB client of a remote team database, authenticated with a bearer token. */
export function remoteDb(url: string, dbName: string, token: string): PouchDB.Database {
	return new PouchDB(`${url}/db/${dbName}`, {
		fetch: (input: string | Request, init?: RequestInit) => {
			const headers = new Headers(init?.headers);
			headers.set('authorization', `Bearer ${token}`);
			return PouchDB.fetch(input, { ...init, headers });
		}
	} as PouchDB.Configuration.RemoteDatabaseConfiguration);
}
