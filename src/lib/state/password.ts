// Setting a password of one's own: after a sign-in with a one-time password (the only thing such
// a session may do), then signing in again with the new password.
import { isCouchErrorBody } from '../sync/protocol.ts';
import { session, type LoginResult } from './session.svelte.ts';

export type PasswordChangeResult = { ok: true; login: LoginResult } | { ok: false; reason: 'offline' | 'refused'; detail?: string };

/** Replaces the password of the session signed in just now, then signs in with the new one. */
export async function changePasswordAndSignIn(username: string, oldPassword: string, newPassword: string): Promise<PasswordChangeResult> {
	let response: Response;
	try {
		response = await fetch('/api/session/password', {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ oldPassword, newPassword })
		});
	} catch {
		return { ok: false, reason: 'offline' };
	}
	if (!response.ok) {
		const body: unknown = await response.json().catch(() => null);
		return { ok: false, reason: 'refused', detail: isCouchErrorBody(body) ? body.reason : `HTTP ${response.status}` };
	}
	// The session that changed the password is done; the new sign-in caches the new password's verifier.
	await fetch('/api/session', { method: 'DELETE', credentials: 'same-origin' }).catch(() => undefined);
	return { ok: true, login: await session.login(username, newPassword) };
}
