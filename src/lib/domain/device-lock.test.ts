import { describe, expect, it } from 'vitest';
import { afterWrongPin, clampIdleMinutes, DEFAULT_IDLE_MINUTES, idleExpired, lockedAtStart, MAX_PIN_FAILURES, newPinProblem } from './device-lock.ts';

const MINUTE = 60_000;
const T0 = Date.parse('2026-12-05T08:00:00Z');

describe('newPinProblem', () => {
	it('accepts six digits that are no pattern, typed twice alike', () => {
		expect(newPinProblem('204816', '204816')).toBeUndefined();
		expect(newPinProblem('931574', '931574')).toBeUndefined();
	});
	it('refuses anything but six digits', () => {
		for (const pin of ['', '12345', '1234567', '12a456', '１２３４５６', ' 20481']) expect(newPinProblem(pin, pin)).toBe('length');
	});
	it('refuses one digit, runs up or down and short repeats', () => {
		for (const pin of ['000000', '999999', '123456', '012345', '654321', '987654', '121212', '123123', '909090']) expect(newPinProblem(pin, pin), pin).toBe('trivial');
	});
	it('refuses two different entries', () => {
		expect(newPinProblem('204816', '204817')).toBe('mismatch');
	});
});

describe('afterWrongPin', () => {
	it('says nothing for the first four wrong PINs', () => {
		for (let before = 0; before < 4; before++) expect(afterWrongPin(before)).toEqual({ failures: before + 1, wipe: false });
	});
	it('counts the tries left from the fifth wrong PIN on', () => {
		expect(afterWrongPin(4)).toEqual({ failures: 5, wipe: false, warnTriesLeft: 5 });
		expect(afterWrongPin(8)).toEqual({ failures: 9, wipe: false, warnTriesLeft: 1 });
	});
	it('wipes at the tenth wrong PIN in a row', () => {
		let failures = 0;
		let outcome = afterWrongPin(failures);
		while (!outcome.wipe) outcome = afterWrongPin((failures = outcome.failures));
		expect(outcome.failures).toBe(MAX_PIN_FAILURES);
		expect(outcome.warnTriesLeft).toBeUndefined();
	});
});

describe('idle lock timing', () => {
	it('locks when the idle time has passed since the last activity, not a millisecond before', () => {
		expect(idleExpired(T0, T0 + 5 * MINUTE - 1, 5)).toBe(false);
		expect(idleExpired(T0, T0 + 5 * MINUTE, 5)).toBe(true);
		expect(idleExpired(T0, T0 + 2 * MINUTE, 2)).toBe(true);
	});
	it('keeps the idle time within 1 to 15 minutes', () => {
		expect(clampIdleMinutes(0)).toBe(1);
		expect(clampIdleMinutes(-3)).toBe(1);
		expect(clampIdleMinutes(600)).toBe(15);
		expect(clampIdleMinutes(7.4)).toBe(7);
		expect(clampIdleMinutes(Number.NaN)).toBe(DEFAULT_IDLE_MINUTES);
		// A stored 0 ("never") cannot switch the lock off.
		expect(idleExpired(T0, T0 + MINUTE, 0)).toBe(true);
	});
	it('starts locked after a lock, after the idle time away, or when nothing is known; not after a reload during work', () => {
		expect(lockedAtStart({ lockedFlag: true, lastActivityAt: T0 }, T0 + 1000, 5)).toBe(true);
		expect(lockedAtStart({ lockedFlag: false, lastActivityAt: T0 }, T0 + 6 * MINUTE, 5)).toBe(true);
		expect(lockedAtStart({ lockedFlag: false, lastActivityAt: undefined }, T0, 5)).toBe(true);
		expect(lockedAtStart({ lockedFlag: false, lastActivityAt: T0 }, T0 + 30_000, 5)).toBe(false);
	});
});
