// PBKDF2-SHA-256 (WebCrypto) verifier of the password: lets a user sign in without signal
// on a device where they signed in online before. The password itself is never stored.

const ITERATIONS = 310_000; // OWASP 2023 recommendation for PBKDF2-HMAC-SHA256

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
	const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(password.normalize('NFC')), 'PBKDF2', false, ['deriveBits']);
	const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
	return new Uint8Array(bits);
}

export async function makeVerifier(password: string): Promise<{ salt: string; hash: string; iterations: number }> {
	const salt = crypto.getRandomValues(new Uint8Array(16));
	return { salt: toBase64(salt), hash: toBase64(await derive(password, salt, ITERATIONS)), iterations: ITERATIONS };
}

export async function checkVerifier(password: string, verifier: { salt: string; hash: string; iterations: number }): Promise<boolean> {
	const actual = await derive(password, fromBase64(verifier.salt), verifier.iterations);
	const expected = fromBase64(verifier.hash);
	let diff = actual.length ^ expected.length;
	for (let i = 0; i < Math.min(actual.length, expected.length); i++) diff |= actual[i] ^ expected[i];
	return diff === 0;
}
