// The demo from the shell: npm run demo -- --year [--seed N] [--today YYYY-MM-DD] [--days N]
// Loads the demo organisation (as the server does on start) and a generated year of operation into
// the storage the server would use: DATA_DIR (LevelDB: with the server stopped, one process at a
// time) or COUCHDB_URL (Apache CouchDB, or a running FieldCare server with SERVER_ADMIN).
import { parseArgs } from 'node:util';
import { localIsoDate, teamDbName } from '../../../src/lib/domain/index.ts';
import { Accounts } from '../accounts.ts';
import { readConfig } from '../config.ts';
import { warmIndexes } from '../index-warmup.ts';
import { openStorage } from '../storage.ts';
import { seedDemo } from './seed.ts';
import { DEFAULT_YEAR_SEED, YEAR_DAYS } from './year.ts';
import { formatLoadResult, seedDemoYear } from './year-load.ts';

const USAGE = `Usage: npm run demo -- [--year] [--seed N] [--today YYYY-MM-DD] [--days N]

  (no option)   the demo organisation: teams, users, patients, today's plan
  --year        and a year of operation before today (visits, vitals, notes, signatures,
                missions, FMS status, positions, alarms) and the week ahead planned
  --seed N      another year (default ${DEFAULT_YEAR_SEED}); the same seed gives the same documents
  --today DATE  the day the year ends before (default: today on this machine)
  --days N      days of history (default ${YEAR_DAYS})

Environment: DATA_DIR, COUCHDB_URL as for the server.`;

function integer(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer between ${min} and ${max}`);
	return n;
}

async function main(): Promise<void> {
	const { values } = parseArgs({
		options: { year: { type: 'boolean' }, seed: { type: 'string' }, today: { type: 'string' }, days: { type: 'string' }, help: { type: 'boolean' } }
	});
	if (values.help) return console.log(USAGE);
	if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) throw new Error('--today must be YYYY-MM-DD');
	const seed = integer(values.seed, DEFAULT_YEAR_SEED, 'seed', 0, 2 ** 31 - 1);
	const days = integer(values.days, YEAR_DAYS, 'days', 1, 3 * YEAR_DAYS);
	// The seed's "now" on a given day: early morning, before the first visit.
	const now = values.today ? new Date(`${values.today}T05:00:00`) : new Date();
	const today = values.today ?? localIsoDate(now);

	const config = readConfig();
	const storage = await openStorage(config);
	try {
		const accounts = await Accounts.open(storage);
		if (!values.year) {
			const seeded = await seedDemo(accounts, storage, now);
			return console.log(`demo organisation: ${seeded.created} new documents for ${today}`);
		}
		console.log(`demo organisation and a year: ${days} days before ${today}, seed ${seed} …`);
		const loaded = await seedDemoYear(accounts, storage, now, { seed, today, days }, (stored) => process.stdout.write(`\r  ${stored} stored`));
		process.stdout.write(`\r${' '.repeat(30)}\r`);
		console.log(formatLoadResult(loaded.year));
		if (!('loaded' in loaded.year)) {
			// Built now, not by the first device that signs in after the server starts.
			const started = performance.now();
			for (const team of await accounts.listTeams()) await warmIndexes(storage.database(teamDbName(team.id)));
			console.log(`  indexes of the window and the history built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
		}
	} finally {
		await storage.close();
	}
}

main().catch((err: Error) => {
	console.error(`demo: ${err.message}`);
	process.exit(1);
});
