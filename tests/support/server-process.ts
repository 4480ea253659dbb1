// The sync server as its own process, as `npm start` runs it: for tests that stop or kill it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface ServerProcess {
	child: ChildProcess;
	url: string;
	output(): string;
	/** Resolves with the exit code (null when killed by a signal). */
	exited: Promise<number | null>;
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

/** Starts `sync-server/src/server.ts` and waits for the URL it prints. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/server.ts'], {
		env: { ...process.env, STATIC_DIR: '/nonexistent', LOG_LEVEL: 'warn', PORT: '0', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			const match = /running: (http:\/\/\S+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve({ child, url: match[1], output: () => output, exited });
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		void exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${output}`));
		});
	});
}
