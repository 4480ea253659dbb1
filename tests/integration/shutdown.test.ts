// The real server process: Ctrl-C (SIGINT) closes cleanly and every acknowledged write survives.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { testObservation } from '../support/documents.ts';
import { login } from '../support/test-server.ts';

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'fieldcare-shutdown-'));
afterAll(() => rm(dataDir, { recursive: true, force: true }));

/** Starts `sync-server/src/server.ts` as npm start does and waits for the URL it prints. */
function startServer(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/server.ts'], {
		env: { ...process.env, PORT: '0', DATA_DIR: dataDir, STATIC_DIR: '/nonexistent', LOG_LEVEL: 'warn' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = /running: (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve({ child, url: match[1], output: () => output });
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
	});
}

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
		const exited = new Promise<number | null>((resolve) => first.child.on('exit', (code) => resolve(code)));
		first.child.kill('SIGINT');
		expect(await exited).toBe(0);

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
