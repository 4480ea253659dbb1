// The browser for the end-to-end tests: Debian's Chromium at /usr/bin/chromium (or CHROME_PATH).
// Installs the Debian package when it is missing and we are root; otherwise says what to do.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

const DEFAULT_PATH = '/usr/bin/chromium';
const path = process.env.CHROME_PATH || DEFAULT_PATH;

function executable(file) {
	try {
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

function run(command, args) {
	const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
	if (result.status !== 0) {
		console.error(`ensure-chromium: "${command} ${args.join(' ')}" failed (exit ${result.status ?? result.signal}).`);
		process.exit(1);
	}
}

if (executable(path)) {
	console.log(`chromium: ${path}`);
	process.exit(0);
}
if (process.env.CHROME_PATH) {
	console.error(`ensure-chromium: CHROME_PATH=${path} is not an executable file. Point CHROME_PATH to a Chromium or Chrome binary.`);
	process.exit(1);
}
if (process.getuid?.() === 0) {
	console.log("chromium: not found at /usr/bin/chromium; installing Debian's chromium package …");
	run('apt-get', ['update']);
	run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
	if (!executable(DEFAULT_PATH)) {
		console.error('ensure-chromium: the chromium package installed, but /usr/bin/chromium is still missing.');
		process.exit(1);
	}
	console.log(`chromium: ${DEFAULT_PATH}`);
	process.exit(0);
}
console.error(
	'Chromium not found at /usr/bin/chromium. Install Debian\'s chromium package (sudo apt-get install chromium) or set CHROME_PATH to a Chromium/Chrome binary.'
);
process.exit(1);
