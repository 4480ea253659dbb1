// Device-local data in IndexedDB: settings, the cached session for offline start, a sync log.
// Never patient data that must reach the server — that lives in PouchDB.
import type { UserProfile } from '../domain/index.ts';
import { DEVICE_DATABASE } from './device-database.ts';
import { IdbDatabase } from './idb-store.ts';

export interface CachedSession {
	username: string;
	profile: UserProfile;
	/** PBKDF2 verifier of the password, for offline sign-in after one online sign-in. */
	verifier: { salt: string; hash: string; iterations: number };
	signedInAt: string;
	/** PBKDF2 verifier of the unlock PIN (same module as the password's); set at first sign-in. */
	pin?: { salt: string; hash: string; iterations: number };
	/** Wrong PINs in a row: stored at once, so a reload does not reset the count. */
	pinFailures?: number;
}

export interface Setting {
	key: string;
	value: unknown;
}

export interface SyncLogEntry {
	id?: number;
	at: string;
	database: string;
	event: 'up-to-date' | 'error' | 'denied' | 'aged-out';
	detail: string;
}

/** A Bluetooth device paired on this tablet (not patient data: it stays on the device). */
export interface PairedDevice {
	/** The browser's device id (or the simulated device's). */
	id: string;
	name: string;
	driverId: string;
	simulated: boolean;
	pairedAt: string;
	lastConnectedAt?: string;
	batteryPercent?: number;
	details?: { manufacturer?: string; model?: string; serial?: string; firmware?: string };
	/** What the driver remembers, e.g. a glucose meter's last record number. */
	memory: { lastSequence?: number };
}

/** A map area saved for offline use: its tiles are in Cache Storage (lib/map/tile-cache.ts). */
export interface OfflineMapArea {
	id: string;
	label: string;
	bounds: { south: number; west: number; north: number; east: number };
	minZoom: number;
	maxZoom: number;
	/** The tile server it came from; a new TILE_URL makes it stale. */
	tileUrl: string;
	tileCount: number;
	/** Tiles stored so far and their size; less than tileCount while downloading or after a cancel. */
	savedTiles: number;
	bytes: number;
	createdAt: string;
	state: 'downloading' | 'complete' | 'incomplete';
}

/** What a person typed in a form and has not saved yet; kept on this device only (form-draft.svelte.ts). */
export interface StoredDraft {
	/** `form|recordId|username`: one draft per form, record and user. */
	key: string;
	form: string;
	recordId: string;
	username: string;
	value: unknown;
	updatedAt: string;
}

/** The tables and indexes as Dexie's schema versions 1–4 left them on devices (idb-store.ts). */
const database = new IdbDatabase(DEVICE_DATABASE, 4, {
	sessions: { key: 'username' },
	settings: { key: 'key' },
	syncLog: { key: 'id', autoIncrement: true, indexes: ['at'] },
	pairedDevices: { key: 'id', indexes: ['driverId'] },
	mapAreas: { key: 'id', indexes: ['createdAt'] },
	drafts: { key: 'key', indexes: ['username'] }
});

export const deviceStore = {
	database,
	sessions: database.table<CachedSession, string>('sessions'),
	settings: database.table<Setting, string>('settings'),
	syncLog: database.table<SyncLogEntry, number>('syncLog'),
	pairedDevices: database.table<PairedDevice, string>('pairedDevices'),
	mapAreas: database.table<OfflineMapArea, string>('mapAreas'),
	drafts: database.table<StoredDraft, string>('drafts')
};

const SYNC_LOG_KEEP = 200;

export async function getSetting<T>(key: string): Promise<T | undefined> {
	return (await deviceStore.settings.get(key))?.value as T | undefined;
}

export async function setSetting(key: string, value: unknown): Promise<void> {
	await deviceStore.settings.put({ key, value });
}

/** A random id for this installation, stored once; it goes into `deviceId` of every document. */
export async function deviceId(): Promise<string> {
	const existing = await getSetting<string>('deviceId');
	if (existing) return existing;
	const id = `dev-${crypto.randomUUID()}`;
	await setSetting('deviceId', id);
	return id;
}

/**
 * Removes what this device keeps of a user besides the team databases: the cached session (with
 * the password and PIN verifiers), the sync bookkeeping named after the user, the sync log, the
 * user's unsaved form drafts.
 */
export async function forgetUser(username: string): Promise<void> {
	await deviceStore.sessions.delete(username);
	const keys = (await deviceStore.settings.keys()).filter((key) => key.includes(`:${username}:`));
	await deviceStore.settings.bulkDelete(keys);
	await deviceStore.syncLog.clear();
	await deviceStore.drafts.deleteWhere('username', username);
}

export async function logSync(entry: Omit<SyncLogEntry, 'id'>): Promise<void> {
	await deviceStore.syncLog.add(entry);
	const count = await deviceStore.syncLog.count();
	if (count > SYNC_LOG_KEEP) {
		const oldest = await deviceStore.syncLog.firstKeysBy('at', count - SYNC_LOG_KEEP);
		await deviceStore.syncLog.bulkDelete(oldest);
	}
}
