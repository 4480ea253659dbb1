// Every request of the app names its device (`X-FieldCare-Device`), so an admin can block a lost
// tablet. A 403 that names a block (device or user) reaches one handler, which wipes the device.

export const DEVICE_HEADER = 'X-FieldCare-Device';
/** The same id as a cookie, for requests that cannot carry a header (EventSource, navigations). */
const DEVICE_COOKIE = 'fc_device';
const COOKIE_MAX_AGE_S = 400 * 24 * 3600; // the longest a browser keeps a cookie

export type BlockReason = 'device_blocked' | 'user_blocked';

let currentDevice = '';
let onBlocked: ((reason: BlockReason) => void) | undefined;

/** The server's refusal of a blocked device or user, from a response body. */
export function blockReason(body: unknown): BlockReason | undefined {
	if (typeof body !== 'object' || body === null) return undefined;
	const { error, reason } = body as { error?: unknown; reason?: unknown };
	return error === 'forbidden' && (reason === 'device_blocked' || reason === 'user_blocked') ? reason : undefined;
}

/** Names this device on every following request and says whom to tell when it is blocked. */
export function announceDevice(id: string, blocked: (reason: BlockReason) => void): void {
	currentDevice = id;
	onBlocked = blocked;
	if (typeof document !== 'undefined') document.cookie = `${DEVICE_COOKIE}=${id}; Path=/; SameSite=Strict; Max-Age=${COOKIE_MAX_AGE_S}`;
}

/** `fetch` with the device header; PouchDB's remote databases use it too. */
export async function deviceFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
	const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
	if (currentDevice) headers.set(DEVICE_HEADER, currentDevice);
	const response = await fetch(input, { ...init, headers });
	if (response.status === 403 && onBlocked) {
		const reason = blockReason(await response.clone().json().catch(() => null));
		if (reason) onBlocked(reason);
	}
	return response;
}
