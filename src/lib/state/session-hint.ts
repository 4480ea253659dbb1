// Whether this device may hold a signed-in user, known without opening the device database: the
// sign-in form of a fresh or signed-out device appears before the database code has arrived.
// Only a hint: the cached session in the device database stays the truth, and a wrong "no" costs
// a sign-in (which works offline too), never data.
import { DEVICE_DATABASE } from '../db/device-database.ts';

const HINT_KEY = 'fieldcare.signedIn';

/** Written whenever the device's signed-in user changes. */
export function rememberSignedIn(signedIn: boolean): void {
	if (typeof localStorage !== 'undefined') localStorage.setItem(HINT_KEY, signedIn ? '1' : '0');
}

/** False only when this device certainly holds no signed-in user. */
export async function mayHoldSession(): Promise<boolean> {
	const hint = typeof localStorage !== 'undefined' ? localStorage.getItem(HINT_KEY) : null;
	if (hint === '0') return false;
	if (hint === '1') return true;
	// No hint (first start, or an app version before it): without a device database there is no session.
	if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return true;
	const databases = await indexedDB.databases().catch(() => undefined);
	return databases === undefined || databases.some((database) => database.name === DEVICE_DATABASE);
}
