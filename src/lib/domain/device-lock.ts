// The screen lock of a shared or lost tablet: when it locks, which PINs are refused, and what
// wrong PINs cost. Pure: the clock comes in as numbers (ms since epoch).

/** Digits of the unlock PIN. */
export const PIN_LENGTH = 6;
/** Wrong PINs in a row after which the device's data of the user is wiped. */
export const MAX_PIN_FAILURES = 10;
/** From this wrong PIN on, the lock screen says how many tries are left (and what is lost). */
export const WARN_FROM_FAILURE = 5;
/** Idle time before the lock, in minutes: default and the bounds a user may choose. */
export const DEFAULT_IDLE_MINUTES = 5;
export const MIN_IDLE_MINUTES = 1;
export const MAX_IDLE_MINUTES = 15;

export type PinProblem = 'length' | 'trivial' | 'mismatch';

/** Six digits that a finger smudge or a glance would give away: one digit, a run, a short repeat. */
function isTrivialPin(pin: string): boolean {
	const digits = [...pin].map(Number);
	const steps = digits.slice(1).map((d, i) => d - digits[i]);
	if (steps.every((s) => s === steps[0]) && Math.abs(steps[0]) <= 1) return true; // 000000, 123456, 654321
	// Repeats of a two- or three-digit block: 121212, 123123.
	for (const period of [2, 3]) {
		if ([...pin].every((c, i) => c === pin[i % period])) return true;
	}
	return false;
}

/** Why a new PIN is refused (undefined: it is accepted). */
export function newPinProblem(pin: string, repeated: string): PinProblem | undefined {
	if (!new RegExp(`^\\d{${PIN_LENGTH}}$`).test(pin)) return 'length';
	if (isTrivialPin(pin)) return 'trivial';
	if (pin !== repeated) return 'mismatch';
	return undefined;
}

export interface PinFailureOutcome {
	/** Wrong PINs in a row, this one included. */
	failures: number;
	/** The limit is reached: wipe now. */
	wipe: boolean;
	/** Tries before the wipe, shown from WARN_FROM_FAILURE on (undefined before). */
	warnTriesLeft?: number;
}

/** Counts one more wrong PIN after `failuresBefore` in a row. */
export function afterWrongPin(failuresBefore: number): PinFailureOutcome {
	const failures = failuresBefore + 1;
	const wipe = failures >= MAX_PIN_FAILURES;
	return { failures, wipe, ...(!wipe && failures >= WARN_FROM_FAILURE ? { warnTriesLeft: MAX_PIN_FAILURES - failures } : {}) };
}

/** The idle time a user asked for, held within the bounds (a locked-never tablet is no option). */
export function clampIdleMinutes(minutes: number): number {
	if (!Number.isFinite(minutes)) return DEFAULT_IDLE_MINUTES;
	return Math.min(MAX_IDLE_MINUTES, Math.max(MIN_IDLE_MINUTES, Math.round(minutes)));
}

/** True when the last activity lies at least `idleMinutes` back. */
export function idleExpired(lastActivityAt: number, now: number, idleMinutes: number): boolean {
	return now - lastActivityAt >= clampIdleMinutes(idleMinutes) * 60_000;
}

/**
 * Whether the app starts locked: it was locked when it went away, or it was away longer than
 * the idle time (a reload during work does not ask for the PIN, a reopening next morning does).
 */
export function lockedAtStart(state: { lockedFlag: boolean; lastActivityAt: number | undefined }, now: number, idleMinutes: number): boolean {
	if (state.lockedFlag) return true;
	return state.lastActivityAt === undefined || idleExpired(state.lastActivityAt, now, idleMinutes);
}
