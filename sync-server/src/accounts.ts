// Users, teams and sessions in the server-private database (never replicated, never under /db/).
import { createHash, randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { CONSULTED_TEAM_KINDS, NewUserByAdminSchema, NewUserSchema, PasswordSchema, replicatedDatabases, TeamSchema, teamDbName, type NewUser, type Role, type Team, type UserProfile } from '../../src/lib/domain/index.ts';
import { CouchError } from './errors.ts';
import { generateOneTimePassword } from './one-time-password.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.ts';
import type { Database, Storage } from './storage.ts';
import { TtlCache } from './ttl-cache.ts';

export const PRIVATE_DB = 'fieldcare-private';

interface UserDoc {
	_id: string;
	_rev?: string;
	username: string;
	displayName: string;
	role: Role;
	teams: string[];
	passwordHash: string;
	disabled?: boolean;
	/** The password was generated for the admin to hand over: the next sign-in must replace it. */
	mustChangePassword?: boolean;
}
type TeamDoc = Team & { _id: string; _rev?: string };
interface SessionDoc {
	_id: string;
	username: string;
	expiresAt: number;
}

/** Session tokens are stored only as a hash: a copy of the database yields no usable session. */
function tokenHash(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

function invalid(issues: v.BaseIssue<unknown>[]): CouchError {
	return new CouchError('bad_request', issues.map((i) => `${v.getDotPath(i) ?? ''}: ${i.message}`).join('; '));
}

/** How long a session or team lookup is reused before the private database is asked again. */
const LOOKUP_TTL_MS = 5000;

type ListedUser = Omit<UserProfile, 'databases'> & { disabled: boolean };

export class Accounts {
	readonly #storage: Storage;
	readonly #db: Database;
	readonly #now: () => number;
	readonly #sessions = new TtlCache<{ username: string; expiresAt: number } | undefined>(LOOKUP_TTL_MS);
	readonly #profiles = new TtlCache<UserProfile | undefined>(LOOKUP_TTL_MS);
	readonly #teams = new TtlCache<Team | undefined>(LOOKUP_TTL_MS);
	/** Every account (one entry, key ''): unit lists and display names are asked on each feed page and record poll. */
	readonly #users = new TtlCache<readonly ListedUser[]>(LOOKUP_TTL_MS, 1);

	private constructor(storage: Storage, now: () => number) {
		this.#storage = storage;
		this.#db = storage.database(PRIVATE_DB);
		this.#now = now;
	}

	static async open(storage: Storage, now: () => number = Date.now): Promise<Accounts> {
		await storage.ensureDatabase(PRIVATE_DB, '_admin');
		return new Accounts(storage, now);
	}

	async #getDoc<T>(id: string): Promise<(T & { _rev: string }) | undefined> {
		try {
			return (await this.#db.get(id)) as unknown as T & { _rev: string };
		} catch (err) {
			if ((err as { status?: number }).status === 404) return undefined;
			throw err;
		}
	}

	async #list<T>(prefix: string): Promise<T[]> {
		const result = await this.#db.allDocs({ startkey: prefix, endkey: `${prefix}\ufff0`, include_docs: true });
		return result.rows.map((row) => row.doc as unknown as T);
	}

	// Teams

	async listTeams(): Promise<Team[]> {
		return (await this.#list<TeamDoc>('team:')).map(({ id, name, kind, region }) => ({ id, name, kind, region }));
	}

	async getTeam(id: string): Promise<Team | undefined> {
		return this.#teams.get(id, async () => {
			const doc = await this.#getDoc<TeamDoc>(`team:${id}`);
			return doc && { id: doc.id, name: doc.name, kind: doc.kind, region: doc.region };
		});
	}

	/** Creates or updates a team and makes sure its database exists. */
	async saveTeam(input: unknown): Promise<Team> {
		const parsed = v.safeParse(TeamSchema, input);
		if (!parsed.success) throw invalid(parsed.issues);
		const team = parsed.output;
		const existing = await this.#getDoc<TeamDoc>(`team:${team.id}`);
		await this.#storage.ensureDatabase(teamDbName(team.id), teamDbName(team.id));
		await this.#db.put({ ...team, _id: `team:${team.id}`, _rev: existing?._rev });
		this.#teams.delete(team.id);
		this.#profiles.clear();
		this.#users.clear();
		return team;
	}

	// Users

	/** Every account with its teams; shared and read-only (cached briefly, dropped on every change made here). */
	listUsers(): Promise<readonly ListedUser[]> {
		return this.#users.get('', () => this.#loadUsers());
	}

	async #loadUsers(): Promise<ListedUser[]> {
		const teams = new Map((await this.listTeams()).map((t) => [t.id, t]));
		return (await this.#list<UserDoc>('user:')).map((u) => ({
			username: u.username,
			displayName: u.displayName,
			role: u.role,
			teams: u.teams.flatMap((id) => teams.get(id) ?? []),
			disabled: u.disabled ?? false,
			...(u.mustChangePassword ? { mustChangePassword: true as const } : {})
		}));
	}

	/** A user with a known password: for seeding (demo) and tests, never reachable from the admin API or CLI. */
	async createUser(input: unknown): Promise<void> {
		const parsed = v.safeParse(NewUserSchema, input);
		if (!parsed.success) throw invalid(parsed.issues);
		const { password, ...user }: NewUser = parsed.output;
		await this.#insertUser(user, password, false);
	}

	/** A user created by an admin: the server picks a one-time password, returned once, to be changed at the first sign-in. */
	async createUserWithOneTimePassword(input: unknown): Promise<string> {
		if (typeof input === 'object' && input !== null && 'password' in input) {
			throw new CouchError('bad_request', 'password: admins set no passwords; the server generates a one-time password');
		}
		const parsed = v.safeParse(NewUserByAdminSchema, input);
		if (!parsed.success) throw invalid(parsed.issues);
		const oneTimePassword = generateOneTimePassword();
		await this.#insertUser(parsed.output, oneTimePassword, true);
		return oneTimePassword;
	}

	#forgetUser(username: string): void {
		this.#profiles.delete(username);
		this.#users.clear();
	}

	async #insertUser(user: Omit<NewUser, 'password'>, password: string, mustChangePassword: boolean): Promise<void> {
		await this.#checkTeams(user.role, user.teams);
		if (await this.#getDoc(`user:${user.username}`)) throw new CouchError('conflict', `user ${user.username} exists`);
		const doc: UserDoc = {
			_id: `user:${user.username}`,
			username: user.username,
			displayName: user.displayName,
			role: user.role,
			teams: user.teams,
			passwordHash: await hashPassword(password),
			...(mustChangePassword ? { mustChangePassword: true } : {})
		};
		await this.#db.put({ ...doc });
		this.#users.clear();
	}

	/** A new one-time password (returned once); every open session of the user ends. */
	async resetPassword(username: string): Promise<string> {
		const doc = await this.#getDoc<UserDoc>(`user:${username}`);
		if (!doc) throw new CouchError('not_found', `no user ${username}`);
		const oneTimePassword = generateOneTimePassword();
		await this.#db.put({ ...doc, passwordHash: await hashPassword(oneTimePassword), mustChangePassword: true });
		this.#forgetUser(username);
		await this.#endSessionsOf(username);
		return oneTimePassword;
	}

	/**
	 * The user sets a password of their own: the old one must be right, the new one follow the
	 * password rules and differ from it. Other sessions of the user end; `keepToken`'s stays.
	 */
	async changePassword(username: string, oldPassword: string, newPassword: string, keepToken?: string): Promise<void> {
		const doc = await this.#getDoc<UserDoc>(`user:${username}`);
		if (!doc || doc.disabled || !(await verifyPassword(oldPassword, doc.passwordHash))) throw new CouchError('forbidden', 'The current password is not correct.');
		const parsed = v.safeParse(PasswordSchema, newPassword);
		if (!parsed.success) throw invalid(parsed.issues);
		if (newPassword.normalize('NFC') === oldPassword.normalize('NFC')) throw new CouchError('bad_request', 'newPassword: must differ from the current password');
		const { mustChangePassword: _done, ...rest } = doc;
		await this.#db.put({ ...rest, passwordHash: await hashPassword(newPassword) });
		this.#forgetUser(username);
		await this.#endSessionsOf(username, keepToken === undefined ? undefined : `session:${tokenHash(keepToken)}`);
	}

	async updateUser(
		username: string,
		changes: { displayName?: string; teams?: string[]; password?: string; disabled?: boolean }
	): Promise<void> {
		const doc = await this.#getDoc<UserDoc>(`user:${username}`);
		if (!doc) throw new CouchError('not_found', `no user ${username}`);
		const merged = { ...doc, ...changes };
		const parsed = v.safeParse(v.partial(NewUserSchema), {
			displayName: merged.displayName,
			teams: merged.teams,
			password: changes.password
		});
		if (!parsed.success) throw invalid(parsed.issues);
		await this.#checkTeams(doc.role, merged.teams);
		const { password: _password, ...rest } = merged as UserDoc & { password?: string };
		if (changes.password) rest.passwordHash = await hashPassword(changes.password);
		await this.#db.put(rest);
		this.#forgetUser(username);
		// A new password or a disabled account ends every open session of that user.
		if (changes.password || changes.disabled) await this.#endSessionsOf(username);
	}

	async #checkTeams(role: Role, teams: string[]): Promise<void> {
		if (role === 'admin' && teams.length > 0) throw new CouchError('bad_request', 'admins hold no team memberships (no clinical data)');
		const regions = new Set<string>();
		for (const id of teams) {
			const team = await this.getTeam(id);
			if (!team) throw new CouchError('bad_request', `unknown team ${id}`);
			regions.add(team.region);
			if (role === 'arzt' && !CONSULTED_TEAM_KINDS.includes(team.kind)) throw new CouchError('bad_request', `a physician serves nursing and ambulance teams, not ${team.kind} team ${id}`);
		}
		// A dispatcher reads the databases of one region only (least privilege across dispatch centres);
		// a physician takes consults from the teams of one region, as the Telenotarzt centres are organised.
		if ((role === 'dispatcher' || role === 'arzt') && regions.size > 1) throw new CouchError('bad_request', `a ${role === 'arzt' ? 'physician' : 'dispatcher'}'s teams must be of one region, got ${[...regions].sort().join(', ')}`);
	}

	/** The user's profile when the password is right; constant work when the user is unknown. */
	async authenticate(username: string, password: string): Promise<UserProfile | undefined> {
		const doc = await this.#getDoc<UserDoc>(`user:${username}`);
		const ok = await verifyPassword(password, doc?.passwordHash ?? DUMMY_HASH);
		if (!ok || !doc || doc.disabled) return undefined;
		return this.profile(doc.username);
	}

	async profile(username: string): Promise<UserProfile | undefined> {
		return this.#profiles.get(username, () => this.#loadProfile(username));
	}

	async #loadProfile(username: string): Promise<UserProfile | undefined> {
		const doc = await this.#getDoc<UserDoc>(`user:${username}`);
		if (!doc || doc.disabled) return undefined;
		const teams = (await Promise.all(doc.teams.map((id) => this.getTeam(id)))).filter((t): t is Team => !!t);
		return {
			username: doc.username,
			displayName: doc.displayName,
			role: doc.role,
			teams,
			databases: replicatedDatabases(doc.role, teams.map((t) => teamDbName(t.id))),
			...(doc.mustChangePassword ? { mustChangePassword: true as const } : {})
		};
	}

	// Sessions

	async createSession(username: string, ttlHours: number): Promise<{ token: string; expiresAt: number }> {
		const token = randomBytes(32).toString('base64url');
		const expiresAt = this.#now() + ttlHours * 3600_000;
		await this.#db.put({ _id: `session:${tokenHash(token)}`, username, expiresAt });
		return { token, expiresAt };
	}

	async sessionUser(token: string): Promise<UserProfile | undefined> {
		if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
		const id = `session:${tokenHash(token)}`;
		const session = await this.#sessions.get(id, async () => {
			const doc = await this.#getDoc<SessionDoc>(id);
			return doc && { username: doc.username, expiresAt: doc.expiresAt };
		});
		if (!session) return undefined;
		if (session.expiresAt <= this.#now()) {
			this.#sessions.delete(id);
			await this.#getDoc<SessionDoc>(id).then((doc) => doc && this.#db.remove(doc)).catch(() => undefined);
			return undefined;
		}
		return this.profile(session.username);
	}

	async endSession(token: string): Promise<void> {
		const id = `session:${tokenHash(token)}`;
		try {
			const session = await this.#getDoc<SessionDoc>(id);
			if (session) await this.#db.remove(session);
		} finally {
			// After the removal: a lookup between forgetting and removing would cache the session again.
			this.#sessions.delete(id);
		}
	}

	async #endSessionsOf(username: string, exceptId?: string): Promise<void> {
		const sessions = await this.#list<SessionDoc & { _rev: string }>('session:');
		const ended = sessions.filter((s) => s.username === username && s._id !== exceptId).map((s) => ({ ...s, _deleted: true }));
		if (ended.length) await this.#db.bulkDocs(ended);
		for (const session of ended) this.#sessions.delete(session._id);
	}
}
