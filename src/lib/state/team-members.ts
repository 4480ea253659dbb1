// Who works in a team, from the server when online; the last answer is kept for offline planning.
import { getSetting, setSetting } from '../db/index.ts';

export interface TeamMember {
	username: string;
	displayName: string;
	role: string;
}

export async function teamMembers(teamId: string): Promise<TeamMember[]> {
	const key = `teamMembers:${teamId}`;
	try {
		const response = await fetch(`/api/teams/${encodeURIComponent(teamId)}/members`, { credentials: 'same-origin' });
		if (response.ok) {
			const { members } = (await response.json()) as { members: TeamMember[] };
			await setSetting(key, members);
			return members;
		}
	} catch {
		// offline: the last list below
	}
	return (await getSetting<TeamMember[]>(key)) ?? [];
}
