// npm run dev: the sync server (restarts on change) and Vite's dev server with hot reload.
// Vite proxies /api and /db to the sync server, so the app talks to one origin as in production.
import { spawn } from 'node:child_process';

const port = process.env.PORT || '8080';
const children = [
	spawn(process.execPath, ['--import', 'tsx', '--watch', 'sync-server/src/server.ts'], {
		stdio: 'inherit',
		env: { ...process.env, PORT: port, STATIC_DIR: '/nonexistent' }
	}),
	spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'dev', '--host', '127.0.0.1'], {
		stdio: 'inherit',
		env: { ...process.env, FIELDCARE_DEV_SERVER: `http://127.0.0.1:${port}` }
	})
];
const stop = () => children.forEach((child) => child.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', (code) => { stop(); process.exitCode = code ?? 0; });
