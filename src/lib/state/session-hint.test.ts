import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deviceStore } from '../db/device-store.ts';
import { mayHoldSession, rememberSignedIn } from './session-hint.ts';

/** Node has no localStorage: a plain map stands in for the browser's. */
class MemoryStorage {
	#items = new Map<string, string>();
	getItem(key: string): string | null {
		return this.#items.get(key) ?? null;
	}
	setItem(key: string, value: string): void {
		this.#items.set(key, value);
	}
	removeItem(key: string): void {
		this.#items.delete(key);
	}
}

beforeEach(() => {
	Object.assign(globalThis, { localStorage: new MemoryStorage() });
});
afterEach(async () => {
	deviceStore.database.close();
	await indexedDB.deleteDatabase(deviceStore.database.name);
});

describe('mayHoldSession', () => {
	it('says no on a fresh device: no hint and no device database', async () => {
		expect(await mayHoldSession()).toBe(false);
	});

	it('says yes without a hint when the device database exists (an app version from before the hint)', async () => {
		await deviceStore.database.open();
		expect(await mayHoldSession()).toBe(true);
	});

	it('follows the hint once written, whatever databases exist', async () => {
		await deviceStore.database.open();
		rememberSignedIn(false);
		expect(await mayHoldSession()).toBe(false);
		rememberSignedIn(true);
		expect(await mayHoldSession()).toBe(true);
	});
});
