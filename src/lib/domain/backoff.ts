// Retry delays with jitter (replication, Bluetooth reconnects): 1 s, doubling, at most a minute, so that a
// whole team's devices coming back into coverage together do not retry in lock-step.

export const FIRST_RETRY_MS = 1000;
export const MAX_RETRY_MS = 60_000;

export function nextBackoff(previousMs: number, random: () => number = Math.random): number {
	const base = previousMs <= 0 ? FIRST_RETRY_MS : Math.min(previousMs * 2, MAX_RETRY_MS);
	return Math.round(base * (0.8 + 0.4 * random()));
}
