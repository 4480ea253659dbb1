// Administration from the shell: npm run admin -- <command> …
// Works on the storage directly, so it runs while the server is stopped (LevelDB allows one
// process at a time); with the server running, use the admin page instead.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { Accounts } from './accounts.ts';
import { AuditLog } from './audit.ts';
import { readConfig } from './config.ts';
import { CouchError } from './errors.ts';
import { openStorage } from './storage.ts';

const USAGE = `Usage: npm run admin -- <command> [options]

  list-teams
  list-users
  add-team  --id ID --name NAME --kind nursing|ambulance|dispatch --region REGION
  add-user  --username NAME --display-name "Full Name" --role nurse|paramedic|dispatcher|arzt|admin
            [--teams id1,id2]   prints a one-time password, to be changed at the first sign-in
  reset-password --username NAME   prints a new one-time password; open sessions end
  disable   --username NAME
  enable    --username NAME

Admins choose no passwords: the user sets their own at the first sign-in.
Environment: DATA_DIR, COUCHDB_URL as for the server.`;

/** The operator at the shell, as the audit trail names them. */
const OPERATOR = { user: `cli:${os.userInfo().username}`.slice(0, 64), role: 'admin', address: 'local' };

function printOneTimePassword(username: string | undefined, password: string): void {
	console.log(`one-time password of ${username}: ${password}`);
	console.log('hand it over in person; it is shown only now and must be changed at the first sign-in');
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
		const audit = await AuditLog.open(storage, { log: { error: (_details, message) => console.error(`admin: ${message}`) } });
		try {
			await run(command, values, accounts, audit);
		} finally {
			await audit.close();
		}
	} finally {
		await storage.close();
	}
}

async function run(command: string, values: Record<string, string | undefined>, accounts: Accounts, audit: AuditLog): Promise<void> {
	switch (command) {
		case 'list-teams':
			for (const team of await accounts.listTeams()) console.log(`${team.id}\t${team.kind}\t${team.region}\t${team.name}`);
			break;
		case 'list-users':
			for (const user of await accounts.listUsers()) {
				console.log(`${user.username}\t${user.role}\t${user.teams.map((t) => t.id).join(',')}\t${user.displayName}`);
			}
			break;
		case 'add-team': {
			const team = await accounts.saveTeam({ id: values.id, name: values.name, kind: values.kind, region: values.region });
			audit.adminAction(OPERATOR, 'team-saved', team.id, { name: team.name, kind: team.kind, region: team.region });
			console.log(`team ${values.id} saved, database team-${values.id} ready`);
			break;
		}
		case 'add-user': {
			const teams = values.teams ? values.teams.split(',').map((t) => t.trim()) : [];
			const password = await accounts.createUserWithOneTimePassword({ username: values.username, displayName: values['display-name'], role: values.role, teams });
			audit.adminAction(OPERATOR, 'user-created', values.username, { role: values.role ?? '', teams });
			console.log(`user ${values.username} added`);
			printOneTimePassword(values.username, password);
			break;
		}
		case 'reset-password':
		case 'set-password': {
			const password = await accounts.resetPassword(values.username ?? '');
			audit.adminAction(OPERATOR, 'password-reset', values.username);
			console.log(`password of ${values.username} reset; open sessions ended`);
			printOneTimePassword(values.username, password);
			break;
		}
		case 'disable':
		case 'enable':
			await accounts.updateUser(values.username ?? '', { disabled: command === 'disable' });
			audit.adminAction(OPERATOR, command === 'disable' ? 'user-disabled' : 'user-enabled', values.username);
			console.log(`user ${values.username} ${command}d`);
			break;
		default:
			throw new Error(`unknown command ${command}\n\n${USAGE}`);
	}
}

main().catch((err: unknown) => {
	console.error(`admin: ${err instanceof CouchError ? err.reason : (err as Error).message}`);
	process.exit(1);
});
