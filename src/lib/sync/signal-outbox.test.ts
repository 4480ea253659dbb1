import { describe, expect, it } from 'vitest';
import type { CallSignal } from '../domain/index.ts';
import { SignalOutbox, type OutboxTimers, type SendOutcome } from './signal-outbox.ts';

const FROM = 'peer-test-000001';
const hangup: CallSignal = { kind: 'hangup', from: FROM };
const candidate = (n: number): CallSignal => ({ kind: 'candidate', from: FROM, candidate: { candidate: `candidate:${n}` } });

/** Timers run by hand: `fire()` runs what is due. */
function manualTimers(): OutboxTimers & { fire(): void; count(): number } {
	let pending: (() => void)[] = [];
	return {
		set: (callback) => pending.push(callback),
		clear: () => (pending = []),
		fire() {
			const due = pending;
			pending = [];
			for (const callback of due) callback();
		},
		count: () => pending.length
	};
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SignalOutbox', () => {
	it('sends in order and forgets what was delivered', async () => {
		const sent: CallSignal[] = [];
		const outbox = new SignalOutbox(async (s) => (sent.push(s), 'delivered'), () => undefined, manualTimers());
		outbox.push(candidate(1));
		outbox.push(candidate(2));
		await settle();
		expect(sent).toEqual([candidate(1), candidate(2)]);
		expect(outbox.pending).toBe(0);
	});

	it('keeps an undelivered message and everything after it, and sends them again in order', async () => {
		const timers = manualTimers();
		const sent: CallSignal[] = [];
		let outcome: SendOutcome = 'failed';
		const outbox = new SignalOutbox(async (s) => (sent.push(s), outcome), () => undefined, timers);
		outbox.push(candidate(1));
		await settle();
		outbox.push(candidate(2));
		await settle();
		expect(sent).toEqual([candidate(1)]);
		expect(outbox.pending).toBe(2);
		outcome = 'unheard';
		timers.fire();
		await settle();
		expect(outbox.pending).toBe(2);
		outcome = 'delivered';
		timers.fire();
		await settle();
		expect(sent).toEqual([candidate(1), candidate(1), candidate(1), candidate(2)]);
		expect(outbox.pending).toBe(0);
	});

	it('treats a thrown send (no network) as failed', async () => {
		const timers = manualTimers();
		const outbox = new SignalOutbox(async () => Promise.reject(new TypeError('Failed to fetch')), () => undefined, timers);
		outbox.push(hangup);
		await settle();
		expect(outbox.pending).toBe(1);
		expect(timers.count()).toBe(1);
	});

	it('sends at once on nudge instead of waiting for the retry', async () => {
		const timers = manualTimers();
		let outcome: SendOutcome = 'failed';
		const outbox = new SignalOutbox(async () => outcome, () => undefined, timers);
		outbox.push(hangup);
		await settle();
		outcome = 'delivered';
		outbox.nudge();
		await settle();
		expect(outbox.pending).toBe(0);
	});

	it('stops and reports when the server refuses', async () => {
		let refused = 0;
		const outbox = new SignalOutbox(async () => 'refused', () => refused++, manualTimers());
		outbox.push(candidate(1));
		outbox.push(candidate(2));
		await settle();
		expect(refused).toBe(1);
		expect(outbox.pending).toBe(0);
	});

	it('on close drops the queue and sends the last message once', async () => {
		const sent: CallSignal[] = [];
		const timers = manualTimers();
		const outbox = new SignalOutbox(async (s) => (sent.push(s), s.kind === 'hangup' ? 'delivered' : 'failed'), () => undefined, timers);
		outbox.push(candidate(1));
		await settle();
		outbox.close(hangup);
		await settle();
		timers.fire();
		outbox.push(candidate(2));
		await settle();
		expect(sent).toEqual([candidate(1), hangup]);
	});
});
