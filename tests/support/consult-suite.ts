// The set-up of the integration files about physicians' live streams: one server per file with
// the consult teams (and their patients), streams opened as a user and closed after each test.
import { afterAll, afterEach, beforeAll } from 'vitest';
import { seedConsultTeams, seedPatients } from './consults.ts';
import { SseClient } from './sse-client.ts';
import { startTestServer, type TestServer } from './test-server.ts';

export interface ConsultSuite {
	/** Set in `beforeAll`. */
	readonly server: TestServer;
	/** Session tokens by user name (seedConsultTeams). */
	readonly tokens: Record<string, string>;
	/** `user`'s /api/live stream (with the seeded token unless `token` is given), ready (its `ready` event seen); closed after the test. */
	onDuty(user: string, options?: { query?: string; headers?: Record<string, string>; token?: string }): Promise<SseClient>;
}

/** Registers the file's hooks; call at the top level of a test file. */
export function consultSuite(options: { patients?: boolean } = {}): ConsultSuite {
	let server: TestServer | undefined;
	let tokens: Record<string, string> = {};
	const clients: SseClient[] = [];
	beforeAll(async () => {
		server = await startTestServer();
		tokens = await seedConsultTeams(server);
		if (options.patients) await seedPatients(server);
	});
	afterEach(() => {
		for (const client of clients.splice(0)) client.close();
	});
	afterAll(() => server?.close());
	const started = (): TestServer => {
		if (!server) throw new Error('consultSuite: the server starts in beforeAll');
		return server;
	};
	return {
		get server() {
			return started();
		},
		get tokens() {
			return tokens;
		},
		async onDuty(user, { query = '', headers = {}, token = tokens[user] } = {}) {
			const client = await SseClient.open(`${started().url}/api/live${query}`, { authorization: `Bearer ${token}`, ...headers });
			clients.push(client);
			await client.waitFor((e) => e.event === 'ready');
			return client;
		}
	};
}
