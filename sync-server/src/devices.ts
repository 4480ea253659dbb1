// The registry of devices seen and the block list (a lost tablet): every app request names its
// device (`X-FieldCare-Device`); a blocked device, and a device whose last user was disabled, is
// refused on /api and /db with a 403 whose reason says which, so the app wipes its local data.
// Records live in the server-private database as `device:<id>`: no patient data, only who/when/what browser.
import type { FastifyRequest } from 'fastify';
import type { UserProfile } from '../../src/lib/domain/index.ts';
import { PRIVATE_DB } from './accounts.ts';
import { CouchError } from './errors.ts';
import type { Database, Storage } from './storage.ts';
import { TtlCache } from './ttl-cache.ts';

export const DEVICE_HEADER = 'x-fieldcare-device';
/** Sent as a cookie too, for requests that cannot carry a header (EventSource). */
export const DEVICE_COOKIE = 'fc_device';
/** The app's ids are `dev-<uuid>`; anything of this shape is accepted, anything else ignored. */
const DEVICE_ID = /^[A-Za-z0-9_-]{8,80}$/;
/** `lastSeen` is written at most this often per device: not one write per request. */
const SEEN_WRITE_INTERVAL_MS = 60_000;
/** How long a record is reused before the database is asked again (several gateway instances). */
const LOOKUP_TTL_MS = 5000;

export type BlockReason = 'device_blocked' | 'user_blocked';

export interface DeviceRecord {
	id: string;
	username: string;
	lastSeen: string;
	userAgent: string;
	blocked: boolean;
	blockedAt?: string;
}

type DeviceDoc = DeviceRecord & { _id: string; _rev?: string };

/** The browser and system family of a User-Agent string, never the string itself (it identifies people). */
export function userAgentFamily(userAgent: string | undefined): string {
	const ua = userAgent ?? '';
	const browser = /Edg\//.test(ua)
		? 'Edge'
		: /Firefox\//.test(ua)
			? 'Firefox'
			: /Chrom(e|ium)\//.test(ua)
				? 'Chrome'
				: /Safari\//.test(ua)
					? 'Safari'
					: 'Other';
	const system = /Android/.test(ua)
		? 'Android'
		: /iPhone|iPad|iOS/.test(ua)
			? 'iOS'
			: /Windows/.test(ua)
				? 'Windows'
				: /Mac OS X|Macintosh/.test(ua)
					? 'macOS'
					: /Linux/.test(ua)
						? 'Linux'
						: 'Other';
	return `${browser} / ${system}`;
}

/** The device a request names, by header or else by cookie; undefined when none or malformed. */
export function requestDeviceId(request: FastifyRequest): string | undefined {
	const header = request.headers[DEVICE_HEADER];
	const value = (Array.isArray(header) ? header[0] : header) ?? request.cookies?.[DEVICE_COOKIE];
	return value && DEVICE_ID.test(value) ? value : undefined;
}

export class DeviceRegistry {
	readonly #db: Database;
	readonly #now: () => number;
	readonly #records = new TtlCache<DeviceDoc | undefined>(LOOKUP_TTL_MS);
	/** When this instance last wrote `lastSeen` of a device, and for whom. */
	readonly #written = new Map<string, { username: string; at: number }>();

	constructor(storage: Storage, now: () => number = Date.now) {
		this.#db = storage.database(PRIVATE_DB);
		this.#now = now;
	}

	async #get(id: string): Promise<DeviceDoc | undefined> {
		return this.#records.get(id, async () => {
			try {
				return (await this.#db.get(`device:${id}`)) as unknown as DeviceDoc;
			} catch (err) {
				if ((err as { status?: number }).status === 404) return undefined;
				throw err;
			}
		});
	}

	async list(): Promise<DeviceRecord[]> {
		const result = await this.#db.allDocs({ startkey: 'device:', endkey: 'device:\ufff0', include_docs: true });
		return result.rows
			.map((row) => row.doc as unknown as DeviceDoc)
			.map(({ id, username, lastSeen, userAgent, blocked, blockedAt }) => ({ id, username, lastSeen, userAgent, blocked, ...(blockedAt ? { blockedAt } : {}) }))
			.sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
	}

	/** Records that `username` used the device now (throttled). */
	async seen(id: string, user: UserProfile, userAgent: string | undefined): Promise<void> {
		const last = this.#written.get(id);
		const now = this.#now();
		if (last && last.username === user.username && now - last.at < SEEN_WRITE_INTERVAL_MS) return;
		this.#written.set(id, { username: user.username, at: now });
		const existing = await this.#get(id);
		const doc: DeviceDoc = {
			_id: `device:${id}`,
			...(existing?._rev ? { _rev: existing._rev } : {}),
			id,
			username: user.username,
			lastSeen: new Date(now).toISOString(),
			userAgent: userAgentFamily(userAgent),
			blocked: existing?.blocked ?? false,
			...(existing?.blockedAt ? { blockedAt: existing.blockedAt } : {})
		};
		try {
			await this.#db.put({ ...doc });
		} catch (err) {
			// Two requests of one device at once: one record wins, the other is only a later `lastSeen`.
			if ((err as { status?: number }).status !== 409) throw err;
		}
		this.#records.delete(id);
	}

	async setBlocked(id: string, blocked: boolean): Promise<DeviceRecord> {
		const existing = await this.#get(id);
		this.#records.delete(id);
		if (!existing) throw new CouchError('not_found', `no device ${id}`);
		const doc: DeviceDoc = { ...existing, blocked };
		if (blocked) doc.blockedAt = new Date(this.#now()).toISOString();
		else delete doc.blockedAt;
		await this.#db.put({ ...doc });
		this.#records.delete(id);
		const { _id: _docId, _rev: _docRev, ...record } = doc;
		return record;
	}

	/** Read afresh (no cache): only requests without a session get here, and a block must hold at once. */
	async #userDisabled(username: string): Promise<boolean> {
		try {
			// The user document belongs to Accounts; only its `disabled` flag is read here.
			const doc = (await this.#db.get(`user:${username}`)) as unknown as { disabled?: boolean };
			return doc.disabled === true;
		} catch {
			return false;
		}
	}

	/**
	 * Why this request must be refused, if it must. A signed-in user is enabled by construction (a
	 * disabled user has no session), so `user_blocked` is known from the device's last user: the
	 * disabled user's tablet is told so, and wipes. Signing in is left open to another person.
	 */
	async refusal(request: FastifyRequest): Promise<BlockReason | undefined> {
		const id = requestDeviceId(request);
		if (!id) return undefined;
		const path = request.url.split('?')[0];
		// Ending a session is always allowed: the wiping device signs out on its way.
		if (request.method === 'DELETE' && path === '/api/session') return undefined;
		const record = await this.#get(id);
		if (record?.blocked) return 'device_blocked';
		if (request.user) {
			await this.seen(id, request.user, request.headers['user-agent']);
			return undefined;
		}
		const signingIn = request.method === 'POST' && path === '/api/session';
		if (record && !signingIn && !request.serverAdmin && (await this.#userDisabled(record.username))) return 'user_blocked';
		return undefined;
	}
}

/** The 403 the app recognises: CouchDB-shaped, the reason says which block. */
export function blockedError(reason: BlockReason): CouchError {
	return new CouchError('forbidden', reason);
}

/** onRequest, after authentication: refuses a blocked device or user on /api and /db (the app shell stays reachable). */
export function deviceBlockHook(devices: DeviceRegistry) {
	return async (request: FastifyRequest): Promise<void> => {
		if (!/^\/(api|db)(\/|$|\?)/.test(request.url)) return;
		const reason = await devices.refusal(request);
		if (reason) throw blockedError(reason);
	};
}
