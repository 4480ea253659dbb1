// The real server process: Ctrl-C (SIGINT) closes cleanly and every acknowledged write survives.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { testObservation } from '../support/documents.ts';
import { startServerProcess } from '../support/server-process.ts';
import { login } from '../support/test-server.ts';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-shutdown-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

const startServer = () => startServerProcess({ DATA_DIR: dataDir });

describe('server process', () => {
	it('prints the URL and demo logins, stops on SIGINT with exit code 0, and keeps every write', async () => {
		const first = await startServer();
		expect(first.output()).toContain('schwester.anna');
		expect(first.output()).toContain(DEMO_PASSWORD);
		const token = await login(first.url, 'schwester.anna', DEMO_PASSWORD);
		const docs = Array.from({ length: 300 }, (_, i) => testObservation(`shutdown-${i}`, 'schwester.anna', 'p001'));
		const response = await fetch(`${first.url}/db/team-pflege-saalfeld/_bulk_docs`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
			body: JSON.stringify({ docs })
		});
		expect(response.status).toBe(201);
		first.child.kill('SIGINT');
		expect(await first.exited).toBe(0);

		const second = await startServer();
		try {
			const again = await login(second.url, 'schwester.anna', DEMO_PASSWORD);
			const all = await fetch(`${second.url}/db/team-pflege-saalfeld/_all_docs?startkey=%22observation:shutdown-%22&endkey=%22observation:shutdown-%EF%BF%B0%22`, {
				headers: { authorization: `Bearer ${again}` }
			});
			expect(((await all.json()) as { rows: unknown[] }).rows).toHaveLength(300);
		} finally {
			second.child.kill('SIGINT');
		}
	});
});
