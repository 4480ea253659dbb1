// Persistent storage: without it, the browser may evict IndexedDB under storage pressure —
// and with it the visits documented offline in the valley.

export interface StorageState {
	persisted: boolean;
	usedBytes: number;
	quotaBytes: number;
}

/** Asks once per start; browsers decide by engagement and installation (granted for installed PWAs). */
export async function requestPersistentStorage(): Promise<boolean> {
	if (!navigator.storage?.persist) return false;
	if (await navigator.storage.persisted()) return true;
	return navigator.storage.persist();
}

export async function storageState(): Promise<StorageState | undefined> {
	if (!navigator.storage?.estimate) return undefined;
	const { usage = 0, quota = 0 } = await navigator.storage.estimate();
	return { persisted: (await navigator.storage.persisted?.()) ?? false, usedBytes: usage, quotaBytes: quota };
}
