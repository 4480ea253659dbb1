// Accounts: roles, teams and the public face of a user (never a password hash).
import * as v from 'valibot';
import { teamDbName } from './ids.ts';

/**
 * `arzt`: a physician (Telenotarzt, GP) who serves teams through consults. Their teams are the ones
 * whose consult queue they see; they replicate none of them (see `replicatedDatabases`).
 */
export const ROLES = ['nurse', 'paramedic', 'dispatcher', 'arzt', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const TEAM_KINDS = ['nursing', 'ambulance', 'dispatch'] as const;
export type TeamKind = (typeof TEAM_KINDS)[number];

/** Team ids become database names (`team-<id>`), so they follow CouchDB's name rules. */
export const TeamIdSchema = v.pipe(
	v.string(),
	v.regex(/^[a-z][a-z0-9-]{1,40}$/, 'lower-case letters, digits and "-", 2–41 characters')
);
export const UsernameSchema = v.pipe(
	v.string(),
	v.regex(/^[a-z][a-z0-9._-]{1,31}$/, 'lower-case letters, digits, ".", "_" or "-", 2–32 characters')
);
/** Long enough to resist guessing; the rate limit does the rest. */
export const PasswordSchema = v.pipe(v.string(), v.minLength(10, 'at least 10 characters'), v.maxLength(200));

export const TeamSchema = v.object({
	id: TeamIdSchema,
	name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
	kind: v.picklist(TEAM_KINDS),
	region: v.pipe(v.string(), v.minLength(1), v.maxLength(80))
});
export type Team = v.InferOutput<typeof TeamSchema>;

export const NewUserSchema = v.object({
	username: UsernameSchema,
	displayName: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
	role: v.picklist(ROLES),
	teams: v.array(TeamIdSchema),
	password: PasswordSchema
});
export type NewUser = v.InferOutput<typeof NewUserSchema>;

/** A user as the admin creates one: the server generates a one-time password. */
export const NewUserByAdminSchema = v.object({
	username: NewUserSchema.entries.username,
	displayName: NewUserSchema.entries.displayName,
	role: NewUserSchema.entries.role,
	teams: NewUserSchema.entries.teams
});

/** A user sets a password of their own (after a one-time password, or any time). */
export const PasswordChangeSchema = v.object({
	oldPassword: v.pipe(v.string(), v.maxLength(200)),
	newPassword: PasswordSchema
});

/** The name as typed becomes the name as stored (trimmed, lower case): sign-in and its limits use this one form. */
export const LoginSchema = v.object({
	username: v.pipe(v.string(), v.maxLength(64), v.trim(), v.toLowerCase()),
	password: v.pipe(v.string(), v.maxLength(200))
});

export type NewPasswordProblem = 'too-short' | 'mismatch' | 'same';

/** What a form can tell before asking the server (which checks the same rules). */
export function newPasswordProblem(oldPassword: string, newPassword: string, repeated: string): NewPasswordProblem | null {
	if (!v.safeParse(PasswordSchema, newPassword).success) return 'too-short';
	if (newPassword !== repeated) return 'mismatch';
	if (newPassword.normalize('NFC') === oldPassword.normalize('NFC')) return 'same';
	return null;
}

/** What the server tells the app about the logged-in user. */
export interface UserProfile {
	username: string;
	displayName: string;
	role: Role;
	teams: Team[];
	/** Databases this user may replicate, derived from the teams (none for a physician: `replicatedDatabases`). */
	databases: string[];
	/** Signed in with a one-time password: the session may do nothing but set a new one. */
	mustChangePassword?: true;
}


/** Team kinds a physician serves: those whose field users ask for consults. */
export const CONSULTED_TEAM_KINDS: readonly TeamKind[] = ['nursing', 'ambulance'];

/**
 * Which of a user's teams' databases the user replicates. A physician serves teams but holds no
 * replica of them: everything they see of a team comes through the consult endpoints, record by
 * record and only for a consult they accepted (sync-server/PROTOCOL.md, "Consults").
 */
export function replicatedDatabases(role: Role, teamDatabases: readonly string[]): string[] {
	return role === 'arzt' ? [] : [...teamDatabases];
}

/** The databases whose consults a physician's queue and live stream follow: those of the teams they serve. */
export function servedDatabases(profile: Pick<UserProfile, 'role' | 'teams'>): string[] {
	return profile.role === 'arzt' ? profile.teams.map((team) => teamDbName(team.id)) : [];
}
