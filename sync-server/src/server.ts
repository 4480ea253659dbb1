// Starts the sync server: listen, load the demo organisation, shut down cleanly on a signal.
import { buildApp } from './app.ts';
import { readConfig } from './config.ts';
import { seedDemo } from './demo/seed.ts';
import { formatLoadResult, seedDemoYear } from './demo/year-load.ts';
import { localIsoDate, teamDbName } from '../../src/lib/domain/index.ts';
import { warmIndexes } from './index-warmup.ts';

const config = readConfig();
const { fastify, accounts, storage } = await buildApp(config);

let seeded: Awaited<ReturnType<typeof seedDemo>> | undefined;
if (config.demoData && config.demoYear) {
	const now = new Date();
	const loaded = await seedDemoYear(accounts, storage, now, { ...config.demoYear, today: localIsoDate(now) });
	seeded = loaded.seeded;
	console.log(`Demo year (${config.demoYear.days} days, seed ${config.demoYear.seed}):\n${formatLoadResult(loaded.year)}`);
} else if (config.demoData) seeded = await seedDemo(accounts, storage);

const address = await fastify.listen({ host: config.host, port: config.port });
// The retention window's and the older history's indexes, brought up to date in the background (issue 12).
void (async () => {
	const started = performance.now();
	for (const team of await accounts.listTeams()) await warmIndexes(storage.database(teamDbName(team.id)));
	console.log(`Indexes ready (${((performance.now() - started) / 1000).toFixed(1)} s).`);
})().catch((err: unknown) => console.error('Indexes not warmed:', (err as Error).name));
const url = address.replace('[::1]', 'localhost');

const lines = [
	'',
	`FieldCare läuft / is running: ${url}`,
	`Storage: ${config.couchdbUrl ? 'Apache CouchDB (COUCHDB_URL)' : `LevelDB in ${config.dataDir}`}`
];
if (seeded) {
	lines.push('', `Demo logins (password for all: ${seeded.users[0]?.password}):`);
	for (const user of seeded.users) lines.push(`  ${user.username.padEnd(16)} ${user.role.padEnd(11)} ${user.displayName}`);
}
lines.push('', 'Ctrl-C stops the server.', '');
console.log(lines.join('\n'));

let stopping = false;
async function stop(signal: string): Promise<void> {
	if (stopping) return;
	stopping = true;
	console.log(`${signal}: closing connections and databases …`);
	const timer = setTimeout(() => {
		console.error('Shutdown took longer than 10 s; exiting.');
		process.exit(1);
	}, 10_000);
	try {
		await fastify.close();
		clearTimeout(timer);
		process.exit(0);
	} catch (err) {
		console.error('Shutdown failed:', (err as Error).name);
		process.exit(1);
	}
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
