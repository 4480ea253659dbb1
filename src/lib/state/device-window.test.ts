import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const ageOut = vi.fn();
vi.mock('../db/index.ts', () => ({ ageOut, LOCAL_ADAPTER: 'indexeddb' }));
const { AGE_OUT_DELAY_MS, AGE_OUT_INTERVAL_MS, DeviceWindow } = await import('./device-window.ts');

type Options = ConstructorParameters<typeof DeviceWindow>[0];
const NOW = new Date('2026-11-24T10:00:00.000Z');

const keepAll = () => true;

function deviceWindow(adapter = 'indexeddb', keepFor: () => Promise<unknown> = async () => keepAll) {
	const reports: unknown[] = [];
	const options = {
		local: { adapter },
		remote: () => ({}),
		keepFor,
		now: () => NOW,
		onAgedOut: (result: unknown) => reports.push(result)
	} as unknown as Options;
	return { window: new DeviceWindow(options), reports };
}

beforeEach(() => {
	vi.useFakeTimers();
	ageOut.mockReset();
	ageOut.mockResolvedValue({ removed: 3, keptUnsent: 1, scanned: 10 });
});
afterEach(() => vi.useRealTimers());

describe('the device window after a settled sync', () => {
	it('ages out a while after the sync settled, with that sync\'s pushed sequence, and reports it', async () => {
		const { window, reports } = deviceWindow();
		window.settled(41);
		window.settled(42);
		expect(ageOut).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(AGE_OUT_DELAY_MS);
		expect(ageOut).toHaveBeenCalledTimes(1);
		expect(ageOut.mock.calls[0][0]).toMatchObject({ pushedSeq: 41, now: NOW });
		expect(reports).toEqual([{ removed: 3, keptUnsent: 1, scanned: 10 }]);
	});

	it('runs at most once in its interval however often a live sync settles', async () => {
		const { window } = deviceWindow();
		window.settled(1);
		await vi.advanceTimersByTimeAsync(AGE_OUT_DELAY_MS);
		window.settled(2);
		await vi.advanceTimersByTimeAsync(AGE_OUT_INTERVAL_MS / 2);
		expect(ageOut).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(AGE_OUT_INTERVAL_MS / 2);
		expect(ageOut).toHaveBeenCalledTimes(2);
		expect(ageOut.mock.calls[1][0]).toMatchObject({ pushedSeq: 2 });
	});

	it('does nothing after sign-out, and cancels a run under way', async () => {
		const { window, reports } = deviceWindow();
		let cancelled: (() => boolean) | undefined;
		ageOut.mockImplementation(async (options: { cancelled: () => boolean }) => ((cancelled = options.cancelled), { removed: 0, keptUnsent: 0, scanned: 0 }));
		window.settled(1);
		await vi.advanceTimersByTimeAsync(AGE_OUT_DELAY_MS);
		expect(cancelled?.()).toBe(false);
		window.stop();
		expect(cancelled?.()).toBe(true);
		window.settled(2);
		await vi.advanceTimersByTimeAsync(AGE_OUT_INTERVAL_MS);
		expect(ageOut).toHaveBeenCalledTimes(1);
		expect(reports).toHaveLength(1);
	});

	it('leaves a database still on the old adapter alone (it cannot purge)', async () => {
		const { window } = deviceWindow('idb');
		window.settled(1);
		await vi.advanceTimersByTimeAsync(AGE_OUT_INTERVAL_MS);
		expect(ageOut).not.toHaveBeenCalled();
	});
});

describe('the team\'s window', () => {
	it('ages out by the rule read for that pass; without one (server not reachable) nothing goes and the next settled sync asks again', async () => {
		const keepFor = vi.fn<() => Promise<unknown>>().mockResolvedValueOnce(undefined).mockResolvedValue(keepAll);
		const { window, reports } = deviceWindow('indexeddb', keepFor);
		window.settled(1);
		await vi.advanceTimersByTimeAsync(AGE_OUT_DELAY_MS);
		expect(ageOut).not.toHaveBeenCalled();
		expect(reports).toHaveLength(0);
		window.settled(2);
		await vi.advanceTimersByTimeAsync(AGE_OUT_DELAY_MS);
		expect(ageOut).toHaveBeenCalledTimes(1);
		expect(ageOut.mock.calls[0][0]).toMatchObject({ keep: keepAll, pushedSeq: 2 });
	});
});
