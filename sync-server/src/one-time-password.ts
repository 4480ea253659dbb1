// One-time passwords: admins set no passwords they know. A new account or a reset gets a random
// password shown once to the admin; its first sign-in may do nothing but set a password of its own.
import { randomInt } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { CouchError } from './errors.ts';

/** Lower case letters and digits without look-alikes (no i, l, o, 0, 1): read aloud or typed from paper. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** `xxxx-xxxx-xxxx-xxxx`: 16 characters of 31, about 79 bits. */
export function generateOneTimePassword(random: (max: number) => number = randomInt): string {
	const groups: string[] = [];
	for (let g = 0; g < GROUPS; g++) {
		let group = '';
		for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[random(ALPHABET.length)];
		groups.push(group);
	}
	return groups.join('-');
}

/** What a session that must change its password may still do: change it, ask who it is, sign out. */
const ALLOWED_WHILE_CHANGE_PENDING = new Set(['POST /api/session/password', 'GET /api/session', 'DELETE /api/session', 'POST /api/session']);

/** The path as the router will see it, for the comparison only: decoded, slashes collapsed, lower case. */
function routedPath(url: string): string {
	const raw = url.split('?')[0];
	let decoded: string;
	try {
		decoded = decodeURIComponent(raw);
	} catch {
		decoded = raw;
	}
	return decoded.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1').toLowerCase();
}

/**
 * onRequest hook after authentication: a session signed in with a one-time password gets 403 on
 * every /api and /db request but the few above; the app's own files (GET) still load.
 */
export async function passwordChangeGate(request: FastifyRequest): Promise<void> {
	if (!request.user?.mustChangePassword) return;
	const path = routedPath(request.url);
	if (ALLOWED_WHILE_CHANGE_PENDING.has(`${request.method} ${path}`)) return;
	const readsAppFile = (request.method === 'GET' || request.method === 'HEAD') && !/^\/(api|db)(\/|$)/.test(path);
	if (readsAppFile) return;
	throw new CouchError('forbidden', 'The one-time password must be changed first (POST /api/session/password).');
}
