// Administration from the shell: npm run admin -- <command> …
// Works on the storage directly, so it runs while the server is stopped (LevelDB allows one
// process at a time); with the server running, use the admin page instead.
import { parseArgs } from 'node:util';
import { Accounts } from './accounts.ts';
import { readConfig } from './config.ts';
import { CouchError } from './errors.ts';
import { openStorage } from './storage.ts';

const USAGE = `Usage: npm run admin -- <command> [options]

  list-teams
  list-users
  add-team  --id ID --name NAME --kind nursing|ambulance|dispatch --region REGION
  add-user  --username NAME --display-name "Full Name" --role nurse|paramedic|dispatcher|admin
            [--teams id1,id2] (password from FIELDCARE_PASSWORD or asked on the terminal)
  set-password --username NAME (password from FIELDCARE_PASSWORD or asked)
  disable   --username NAME
  enable    --username NAME

Environment: DATA_DIR, COUCHDB_URL as for the server.`;

async function askPassword(): Promise<string> {
	if (process.env.FIELDCARE_PASSWORD) return process.env.FIELDCARE_PASSWORD;
	if (!process.stdin.isTTY) throw new Error('set FIELDCARE_PASSWORD or run in a terminal');
	process.stdout.write('Password (at least 10 characters): ');
	process.stdin.setRawMode(true);
	let password = '';
	for await (const chunk of process.stdin) {
		const key = String(chunk);
		if (key === '\r' || key === '\n') break;
		if (key === '\u0003') process.exit(130);
		password = key === '\u007f' ? password.slice(0, -1) : password + key;
	}
	process.stdin.setRawMode(false);
	process.stdout.write('\n');
	return password;
}

async function main(): Promise<void> {
	const [command, ...rest] = process.argv.slice(2);
	const { values } = parseArgs({
		args: rest,
		options: {
			id: { type: 'string' },
			name: { type: 'string' },
			kind: { type: 'string' },
			region: { type: 'string' },
			username: { type: 'string' },
			'display-name': { type: 'string' },
			role: { type: 'string' },
			teams: { type: 'string' }
		}
	});
	if (!command || command === 'help' || command === '--help') {
		console.log(USAGE);
		return;
	}
	const config = readConfig();
	const storage = await openStorage(config).catch((err: Error) => {
		throw new Error(/lock/i.test(err.message) ? 'the data directory is in use: stop the server or use the admin page' : err.message);
	});
	try {
		const accounts = await Accounts.open(storage);
		switch (command) {
			case 'list-teams':
				for (const team of await accounts.listTeams()) console.log(`${team.id}\t${team.kind}\t${team.region}\t${team.name}`);
				break;
			case 'list-users':
				for (const user of await accounts.listUsers()) {
					console.log(`${user.username}\t${user.role}\t${user.teams.map((t) => t.id).join(',')}\t${user.displayName}`);
				}
				break;
			case 'add-team':
				await accounts.saveTeam({ id: values.id, name: values.name, kind: values.kind, region: values.region });
				console.log(`team ${values.id} saved, database team-${values.id} ready`);
				break;
			case 'add-user':
				await accounts.createUser({
					username: values.username,
					displayName: values['display-name'],
					role: values.role,
					teams: values.teams ? values.teams.split(',').map((t) => t.trim()) : [],
					password: await askPassword()
				});
				console.log(`user ${values.username} added`);
				break;
			case 'set-password':
				await accounts.updateUser(values.username ?? '', { password: await askPassword() });
				console.log(`password of ${values.username} changed; open sessions ended`);
				break;
			case 'disable':
			case 'enable':
				await accounts.updateUser(values.username ?? '', { disabled: command === 'disable' });
				console.log(`user ${values.username} ${command}d`);
				break;
			default:
				throw new Error(`unknown command ${command}\n\n${USAGE}`);
		}
	} finally {
		await storage.close();
	}
}

main().catch((err: unknown) => {
	console.error(`admin: ${err instanceof CouchError ? err.reason : (err as Error).message}`);
	process.exit(1);
});
