// The server's refusals (CouchDB-shaped `{error, reason}` with English developer reasons) in words
// people read: known reasons by their pattern, the rest by status.
import { t, type MessageKey } from './i18n.svelte.ts';

/** Reasons of sync-server/src/accounts.ts that an admin meets, and what they mean. */
const KNOWN_REASONS: { pattern: RegExp; key: MessageKey }[] = [
	{ pattern: /^user (\S+) exists$/, key: 'server.userExists' },
	{ pattern: /^unknown team (\S+)$/, key: 'server.unknownTeam' },
	{ pattern: /^a dispatcher's teams must be of one region/, key: 'server.dispatcherRegions' },
	{ pattern: /^a physician's teams must be of one region/, key: 'server.physicianRegions' },
	{ pattern: /^a physician serves nursing and ambulance teams/, key: 'server.physicianTeamKinds' },
	{ pattern: /^admins hold no team memberships/, key: 'server.adminNoTeams' }
];

const BY_STATUS: Record<number, MessageKey> = {
	400: 'server.invalid',
	401: 'login.expired',
	403: 'server.forbidden',
	404: 'server.notFound',
	409: 'server.conflict'
};

/** What to tell a person when the server answered `status` with `reason`. */
export function serverRefusalMessage(status: number, reason: string | undefined): string {
	for (const { pattern, key } of KNOWN_REASONS) {
		const match = reason?.match(pattern);
		if (match) return t(key, { name: match[1] ?? '' });
	}
	const key = BY_STATUS[status];
	return key ? t(key) : t('server.unknown', { status });
}
