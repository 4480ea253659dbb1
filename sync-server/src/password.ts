// Password hashes with scrypt (RFC 7914) from node:crypto; parameters are stored with the hash.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const COST = 16384; // N = 2^14: ~50 ms on one core, OWASP's minimum for scrypt
const BLOCK_SIZE = 8;
const PARALLEL = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Uint8Array, options: ScryptOptions, keyBytes: number): Promise<Buffer> {
	return new Promise((resolve, reject) =>
		scrypt(password.normalize('NFC'), salt, keyBytes, { ...options, maxmem: 64 * 1024 * 1024 }, (err, key) =>
			err ? reject(err) : resolve(key)
		)
	);
}

export async function hashPassword(password: string): Promise<string> {
	const salt = new Uint8Array(randomBytes(SALT_BYTES));
	const key = await derive(password, salt, { N: COST, r: BLOCK_SIZE, p: PARALLEL }, KEY_BYTES);
	return ['scrypt', COST, BLOCK_SIZE, PARALLEL, Buffer.from(salt).toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
	const [scheme, n, r, p, salt, key] = stored.split('$');
	if (scheme !== 'scrypt' || !salt || !key) return false;
	const expected = Buffer.from(key, 'base64');
	const actual = await derive(password, new Uint8Array(Buffer.from(salt, 'base64')), { N: Number(n), r: Number(r), p: Number(p) }, expected.length);
	return actual.length === expected.length && timingSafeEqual(new Uint8Array(actual), new Uint8Array(expected));
}

/** A hash of a random password: verifying against it costs the same as a real check. */
export const DUMMY_HASH = await hashPassword(randomBytes(16).toString('hex'));
