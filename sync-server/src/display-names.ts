// How people are shown to a physician who serves their teams: the display names of the teams'
// members (who asked for a consult) and of the physicians serving them (who took one), never more.
import type { Accounts } from './accounts.ts';

/** Display names by user name of everybody in at least one of `teamIds`. */
export async function displayNamesIn(accounts: Accounts, teamIds: readonly string[]): Promise<Map<string, string>> {
	const users = await accounts.listUsers();
	return new Map(users.filter((user) => user.teams.some((team) => teamIds.includes(team.id))).map((user) => [user.username, user.displayName]));
}
