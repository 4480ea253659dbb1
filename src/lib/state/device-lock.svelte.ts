// The screen lock: locks after the idle time and when the app is hidden; unlocks with the PIN
// (verified on the device, PBKDF2 like the offline password) or, "PIN vergessen", the password.
// Ten wrong tries in a row wipe the user's data from the device.
import { checkVerifier, deviceStore, getSetting, makeVerifier, setSetting } from '../db/index.ts';
import { afterWrongPin, clampIdleMinutes, DEFAULT_IDLE_MINUTES, idleExpired, lockedAtStart, MAX_PIN_FAILURES, newPinProblem, WARN_FROM_FAILURE, type PinProblem } from '../domain/index.ts';
import { session } from './session.svelte.ts';

/** Kept in localStorage (synchronous, survives a reload): locked, and when the user last did something. */
const LOCKED_KEY = 'fieldcare.locked';
const LAST_ACTIVE_KEY = 'fieldcare.lastActive';
const IDLE_SETTING = 'lockIdleMinutes';
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;
/** How often the idle time is checked, and how often activity is written down. */
const CHECK_INTERVAL_MS = 1000;
const PERSIST_ACTIVITY_MS = 5000;

/** What covers the app: nothing ('open'), the first-PIN form, the PIN pad, the password form. */
export type LockView = 'loading' | 'set-pin' | 'pin' | 'password' | 'open';

export type UnlockResult = { ok: true } | { ok: false; wiped: boolean; triesLeft?: number };

class DeviceLock {
	#view = $state<LockView>('loading');
	#owner = $state<string | null>(null);
	#failures = $state(0);
	#idleMinutes = $state(DEFAULT_IDLE_MINUTES);
	#lastActivity = Date.now();
	#persistedActivity = 0;
	#unloading = false;
	#started = false;
	#focusBeforeLock: HTMLElement | null = null;

	/** What to show for the signed-in user ('loading' until their lock state is read). */
	get view(): LockView {
		return session.profile && session.profile.username === this.#owner ? this.#view : 'loading';
	}
	/** The app underneath is hidden and inert. */
	get covering(): boolean {
		return this.view !== 'open';
	}
	get failures(): number {
		return this.#failures;
	}
	/** Tries left before the wipe, once the warning is due. */
	get warnTriesLeft(): number | undefined {
		return this.#failures >= WARN_FROM_FAILURE ? MAX_PIN_FAILURES - this.#failures : undefined;
	}
	get idleMinutes(): number {
		return this.#idleMinutes;
	}

	async setIdleMinutes(minutes: number): Promise<void> {
		this.#idleMinutes = clampIdleMinutes(minutes);
		await setSetting(IDLE_SETTING, this.#idleMinutes);
	}

	/** Listens for activity, the idle time and hiding; once per page. */
	start(): void {
		if (this.#started || typeof window === 'undefined') return;
		this.#started = true;
		for (const type of ACTIVITY_EVENTS) window.addEventListener(type, () => this.#activity(), { capture: true, passive: true });
		// A reload or a navigation away hides the page too; that is no reason to lock (the idle time still counts).
		window.addEventListener('pagehide', () => (this.#unloading = true));
		window.addEventListener('pageshow', () => (this.#unloading = false));
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'hidden' && !this.#unloading) this.lock();
		});
		// Another tab of the app locked: this one locks too (one device, one lock).
		window.addEventListener('storage', (event) => {
			if (event.key === LOCKED_KEY && event.newValue === '1' && this.#view === 'open') this.lock();
		});
		setInterval(() => {
			if (this.#view === 'open' && idleExpired(this.#lastActivity, Date.now(), this.#idleMinutes)) this.lock();
		}, CHECK_INTERVAL_MS);
	}

	/** Reads the lock state of the user now signed in (the layout calls it whenever that changes). */
	async load(username: string | undefined): Promise<void> {
		if (!username) {
			this.#owner = null;
			this.#view = 'loading';
			return;
		}
		const idle = clampIdleMinutes((await getSetting<number>(IDLE_SETTING)) ?? DEFAULT_IDLE_MINUTES);
		const cached = await deviceStore.sessions.get(username);
		if (session.profile?.username !== username) return;
		this.#idleMinutes = idle;
		this.#failures = cached?.pinFailures ?? 0;
		const lastActive = Number(localStorage.getItem(LAST_ACTIVE_KEY)) || undefined;
		const locked = lockedAtStart({ lockedFlag: localStorage.getItem(LOCKED_KEY) === '1', lastActivityAt: lastActive }, Date.now(), idle);
		this.#owner = username;
		if (!cached?.pin) this.#view = 'set-pin';
		else if (locked) {
			this.#view = 'pin';
			localStorage.setItem(LOCKED_KEY, '1');
		} else this.#open();
	}

	/** A sign-in with the password (login page) counts as an unlock. */
	signedIn(): void {
		localStorage.removeItem(LOCKED_KEY);
		this.#touch();
		this.#failures = 0;
		if (this.#view === 'pin' || this.#view === 'password') this.#open();
	}

	lock(): void {
		if (this.#view === 'open') {
			const active = document.activeElement;
			this.#focusBeforeLock = active instanceof HTMLElement ? active : null;
		}
		if (this.#view === 'open' || this.#view === 'loading') this.#view = 'pin';
		localStorage.setItem(LOCKED_KEY, '1');
	}

	forgotPin(): void {
		this.#view = 'password';
	}

	backToPin(): void {
		if (this.#view === 'password') this.#view = 'pin';
	}

	async unlockWithPin(pin: string): Promise<UnlockResult> {
		const username = this.#owner;
		const cached = username ? await deviceStore.sessions.get(username) : undefined;
		if (!username || !cached?.pin) return { ok: false, wiped: false };
		if (await checkVerifier(pin, cached.pin)) {
			await this.#resetFailures(username);
			this.#open();
			return { ok: true };
		}
		return this.#wrongTry(username);
	}

	/** "PIN vergessen": the password unlocks, then a new PIN is chosen. */
	async unlockWithPassword(password: string): Promise<UnlockResult> {
		const username = this.#owner;
		if (!username) return { ok: false, wiped: false };
		if (await session.confirmPassword(password)) {
			await this.#resetFailures(username);
			this.#view = 'set-pin';
			return { ok: true };
		}
		return this.#wrongTry(username);
	}

	async setPin(pin: string, repeated: string): Promise<PinProblem | undefined> {
		const problem = newPinProblem(pin, repeated);
		const username = this.#owner;
		if (problem || !username) return problem;
		await deviceStore.sessions.update(username, { pin: await makeVerifier(pin), pinFailures: 0 });
		this.#failures = 0;
		this.#open();
		return undefined;
	}

	async #wrongTry(username: string): Promise<UnlockResult> {
		const outcome = afterWrongPin(this.#failures);
		// Written before anything is shown: a reload must not reset the count.
		await deviceStore.sessions.update(username, { pinFailures: outcome.failures });
		this.#failures = outcome.failures;
		if (outcome.wipe) {
			await session.wipe('pin');
			this.#failures = 0;
			localStorage.removeItem(LOCKED_KEY);
			return { ok: false, wiped: true };
		}
		return { ok: false, wiped: false, ...(outcome.warnTriesLeft !== undefined ? { triesLeft: outcome.warnTriesLeft } : {}) };
	}

	async #resetFailures(username: string): Promise<void> {
		this.#failures = 0;
		await deviceStore.sessions.update(username, { pinFailures: 0 });
	}

	#open(): void {
		this.#view = 'open';
		localStorage.removeItem(LOCKED_KEY);
		this.#touch();
		const focus = this.#focusBeforeLock;
		this.#focusBeforeLock = null;
		// Back where the person was typing, once the app is no longer inert.
		if (focus) queueMicrotask(() => requestAnimationFrame(() => focus.focus()));
	}

	#activity(): void {
		if (this.#view === 'open') this.#touch();
	}

	#touch(): void {
		this.#lastActivity = Date.now();
		if (this.#lastActivity - this.#persistedActivity >= PERSIST_ACTIVITY_MS) {
			this.#persistedActivity = this.#lastActivity;
			localStorage.setItem(LAST_ACTIVE_KEY, String(this.#lastActivity));
		}
	}
}

export const deviceLock = new DeviceLock();
