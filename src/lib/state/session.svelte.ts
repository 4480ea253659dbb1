// Who is signed in on this device. Offline-first: a cached session starts the app without
// signal; the server is asked in the background and has the last word when reachable.
// The database code (session-stack.ts) is loaded only when a user is or may be signed in: a fresh
// or signed-out device shows the sign-in form without it.
import type { Author } from '../db/author.ts';
import { deviceFetch, type BlockReason } from '../db/device-fetch.ts';
import type { LocalDatabases } from '../db/local-databases.ts';
import { SaveError } from '../db/save-error.ts';
import type { UserProfile } from '../domain/account.ts';
import { nextTask } from '../scheduling.ts';
import { mayHoldSession, rememberSignedIn } from './session-hint.ts';

type SessionStack = typeof import('./session-stack.ts');
let stackLoading: Promise<SessionStack> | undefined;
/** The database code, loaded once; the sign-in page asks for it as soon as somebody starts typing. */
export function loadSessionStack(): Promise<SessionStack> {
	// Evaluated in tasks of their own on a phone: PouchDB (the largest library of the start), then
	// the app's database code; used in the task after.
	stackLoading ??= import('../db/pouchdb.ts')
		.then(nextTask)
		.then(() => import('./session-stack.ts'))
		.then(async (stack) => (await nextTask(), stack));
	return stackLoading;
}

export type LoginResult =
	| { ok: true; offline: boolean }
	| { ok: false; reason: 'credentials' | 'rate-limited' | 'offline-unknown' | 'server' | 'blocked' | 'must-change-password'; retryAfter?: number; status?: number };

/** Why the device's data was wiped without the user asking: shown on the login page. */
export type WipeReason = 'pin' | BlockReason;

const CURRENT_USER = 'currentUser';
/** Set when the server carries the demo organisation: simulated devices are then on by default. */
export const DEMO_SERVER = 'demoServer';

class Session {
	#profile = $state<UserProfile | null>(null);
	#ready = $state(false);
	#expired = $state(false);
	#dbs = $state.raw<LocalDatabases | null>(null);
	#deviceId = '';
	#wipeReason = $state<WipeReason | null>(null);
	#wiping: Promise<void> | undefined;

	get profile(): UserProfile | null {
		return this.#profile;
	}
	/** False until the cached session was looked up; pages wait for it. */
	get ready(): boolean {
		return this.#ready;
	}
	/** The server no longer accepts the session; local work continues, sync waits for a new sign-in. */
	get expired(): boolean {
		return this.#expired;
	}
	get deviceId(): string {
		return this.#deviceId;
	}
	get databases(): LocalDatabases | null {
		return this.#dbs;
	}
	/** Set after a forced wipe (too many wrong PINs, blocked by an admin) until the next sign-in. */
	get wipeReason(): WipeReason | null {
		return this.#wipeReason;
	}

	/** Who writes, from this device, now: the creation fields of every document written. */
	author(): Author {
		if (!this.#profile) throw new SaveError('unknown', 'not signed in');
		return { username: this.#profile.username, deviceId: this.#deviceId, now: new Date() };
	}

	async restore(): Promise<void> {
		if (!(await mayHoldSession())) {
			this.#ready = true;
			return;
		}
		const { deviceStore, getSetting } = await this.#stack();
		const username = await getSetting<string>(CURRENT_USER);
		const cached = username ? await deviceStore.sessions.get(username) : undefined;
		rememberSignedIn(!!cached);
		if (cached) await this.#open(cached.profile);
		this.#ready = true;
		// In a task of its own: the sync's first requests went out in this one.
		if (cached) void nextTask().then(() => this.#confirmWithServer());
	}

	/** The database code, with this device named on every request (first use only). */
	async #stack(): Promise<SessionStack> {
		const stack = await loadSessionStack();
		if (!this.#deviceId) {
			this.#deviceId = await stack.deviceId();
			// The server has the last word on a lost tablet: a block seen on any request wipes the device.
			stack.announceDevice(this.#deviceId, (reason) => void this.wipe(reason));
		}
		return stack;
	}

	async #confirmWithServer(): Promise<void> {
		let response: Response;
		try {
			response = await deviceFetch('/api/session', { credentials: 'same-origin' });
		} catch {
			return; // offline: the cached session stands
		}
		if (response.status === 401) this.#expired = true;
		if (!response.ok) return;
		const { user, demo, services } = (await response.json()) as { user: UserProfile; demo?: boolean; services?: unknown };
		const { deviceStore, saveMapServices, setSetting } = await this.#stack();
		await setSetting(DEMO_SERVER, demo === true);
		await saveMapServices(services);
		await deviceStore.sessions.update(user.username, { profile: user });
		if (user.databases.join() !== this.#profile?.databases.join()) await this.#open(user);
		// The same profile again (the usual answer) changes nothing: a new object would render every signed-in screen again.
		else if (JSON.stringify(user) !== JSON.stringify(this.#profile)) this.#profile = user;
	}

	async login(username: string, password: string): Promise<LoginResult> {
		const name = username.trim().toLowerCase();
		const { deviceStore, makeVerifier, saveMapServices, setSetting } = await this.#stack();
		let response: Response;
		try {
			response = await deviceFetch('/api/session', {
				method: 'POST',
				credentials: 'same-origin',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ username: name, password })
			});
		} catch {
			return this.#loginOffline(name, password);
		}
		if (response.status === 401) return { ok: false, reason: 'credentials' };
		if (response.status === 429) return { ok: false, reason: 'rate-limited', retryAfter: Number(response.headers.get('retry-after')) || 60 };
		if (response.status === 403) return { ok: false, reason: 'blocked' };
		if (!response.ok) return { ok: false, reason: 'server', status: response.status };
		const { user, demo, services, mustChangePassword } = (await response.json()) as { user: UserProfile; demo?: boolean; services?: unknown; mustChangePassword?: boolean };
		// A one-time password opens nothing here: the user sets their own (state/password.ts), then signs in with it.
		if (mustChangePassword) return { ok: false, reason: 'must-change-password' };
		await setSetting(DEMO_SERVER, demo === true);
		await saveMapServices(services);
		// A renewed sign-in keeps the unlock PIN chosen on this device; the password resets its tries.
		const previous = await deviceStore.sessions.get(user.username);
		await deviceStore.sessions.put({
			username: user.username,
			profile: user,
			verifier: await makeVerifier(password),
			signedInAt: new Date().toISOString(),
			...(previous?.pin ? { pin: previous.pin } : {}),
			pinFailures: 0
		});
		await setSetting(CURRENT_USER, user.username);
		rememberSignedIn(true);
		this.#expired = false;
		this.#wipeReason = null;
		await this.#open(user);
		return { ok: true, offline: false };
	}

	async #loginOffline(username: string, password: string): Promise<LoginResult> {
		const { checkVerifier, deviceStore, setSetting } = await this.#stack();
		const cached = await deviceStore.sessions.get(username);
		if (!cached) return { ok: false, reason: 'offline-unknown' };
		if (!(await checkVerifier(password, cached.verifier))) return { ok: false, reason: 'credentials' };
		await deviceStore.sessions.update(username, { pinFailures: 0 });
		await setSetting(CURRENT_USER, username);
		rememberSignedIn(true);
		await this.#open(cached.profile);
		return { ok: true, offline: true };
	}

	/**
	 * "PIN vergessen": the password instead of the PIN, checked against this device's verifier
	 * and, when that fails and the server is reachable, by the server (the password may be new).
	 */
	async confirmPassword(password: string): Promise<boolean> {
		const { checkVerifier, deviceStore, makeVerifier } = await this.#stack();
		const username = this.#profile?.username;
		const cached = username ? await deviceStore.sessions.get(username) : undefined;
		if (!username || !cached) return false;
		if (await checkVerifier(password, cached.verifier)) return true;
		const response = await deviceFetch('/api/session', {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username, password })
		}).catch(() => undefined);
		if (!response?.ok) return false;
		await deviceStore.sessions.update(username, { verifier: await makeVerifier(password) });
		this.#expired = false;
		return true;
	}

	/** Ends the session and removes the user's data from this device (the caller asked about unsent entries). */
	async logout(): Promise<void> {
		(await this.#stack()).syncStatus.stop();
		await deviceFetch('/api/session', { method: 'DELETE', credentials: 'same-origin' }).catch(() => undefined);
		await this.#wipeLocal();
	}

	/** A wipe nobody can confirm: too many wrong PINs, or the server says the device or user is blocked. */
	async wipe(reason: WipeReason): Promise<void> {
		if (!this.#profile) return;
		// The server session ends too when the server is reachable (a blocked device may still sign out).
		if (!this.#wiping) void deviceFetch('/api/session', { method: 'DELETE', credentials: 'same-origin' }).catch(() => undefined);
		this.#wiping ??= this.#wipeLocal().finally(() => (this.#wiping = undefined));
		await this.#wiping;
		this.#wipeReason = reason;
	}

	async #wipeLocal(): Promise<void> {
		const { forgetRecentSeries, forgetUser, setSetting, syncStatus } = await this.#stack();
		syncStatus.stop();
		const username = this.#profile?.username;
		await this.#dbs?.destroy();
		this.#dbs = null;
		forgetRecentSeries();
		if (username) await forgetUser(username);
		await setSetting(CURRENT_USER, null);
		rememberSignedIn(false);
		this.#profile = null;
		this.#expired = false;
	}

	async #open(profile: UserProfile): Promise<void> {
		const { LocalDatabases, requestPersistentStorage, syncStatus } = await this.#stack();
		syncStatus.stop();
		await this.#dbs?.close();
		this.#dbs = await LocalDatabases.open(profile);
		this.#profile = profile;
		// A physician holds no team database (consults are read from the server): nothing to keep or sync.
		if (profile.databases.length === 0) return;
		void requestPersistentStorage().catch(() => false);
		// The screens draw from the device first; the sync starts in a task of its own.
		await nextTask();
		await syncStatus.start(this.#dbs);
	}
}

export const session = new Session();
