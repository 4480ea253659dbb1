// One session check for every long-lived response (/api/live, the live `_changes` feeds): asked
// again while the response stays open, because a stream must outlive neither its session nor
// the user's access to what it streams.
import type { UserProfile } from '../../src/lib/domain/index.ts';
import type { Accounts } from './accounts.ts';

/** What a session check found: nothing wrong, or why the stream must end. */
export type SessionState = 'valid' | 'session-ended' | 'teams-changed';

/**
 * A check of the session behind `token`. Sign-out, an expired session, a deactivated user and a
 * new password all end the session; `holds` says whether the user's current databases (or, for a
 * physician's consult stream, the teams they serve) still cover what the stream delivers. Cached lookups (accounts.ts) make it cheap to ask often.
 */
export function sessionCheck(accounts: Accounts, token: string, holds: (databases: readonly string[], user: UserProfile) => boolean): () => Promise<SessionState> {
	return async () => {
		const current = await accounts.sessionUser(token);
		if (!current) return 'session-ended';
		return holds(current.databases, current) ? 'valid' : 'teams-changed';
	};
}
