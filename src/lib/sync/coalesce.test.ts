import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('coalesce', () => {
	it('folds a burst of triggers into one run', async () => {
		let runs = 0;
		const c = coalesce(async () => void runs++, 10);
		for (let i = 0; i < 1000; i++) c.trigger();
		await c.settled();
		expect(runs).toBe(1);
	});

	it('runs once more after triggers that came while it ran, never two at once', async () => {
		let runs = 0;
		let concurrent = 0;
		let maxConcurrent = 0;
		const c = coalesce(async () => {
			runs++;
			maxConcurrent = Math.max(maxConcurrent, ++concurrent);
			await sleep(30);
			concurrent--;
		}, 5);
		c.trigger();
		await sleep(15); // running now
		for (let i = 0; i < 50; i++) c.trigger();
		await c.settled();
		expect(runs).toBe(2);
		expect(maxConcurrent).toBe(1);
	});

	it('a failing run does not stop later ones; cancel stops them', async () => {
		let runs = 0;
		const c = coalesce(async () => {
			runs++;
			throw new Error('boom');
		}, 1);
		c.trigger();
		await c.settled();
		c.trigger();
		await c.settled();
		expect(runs).toBe(2);
		c.cancel();
		c.trigger();
		await sleep(10);
		expect(runs).toBe(2);
	});
});
