// Attachment bytes that pass the server's allow-list (sync-server/src/attachment-rules.ts):
// the file signature of the type, then any bytes.
import { randomBytes } from 'node:crypto';

const SIGNATURES = {
	'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
	'image/jpeg': [0xff, 0xd8, 0xff, 0xe0],
	'image/webp': [0x52, 0x49, 0x46, 0x46, 0x24, 0x00, 0x00, 0x00, 0x57, 0x45, 0x42, 0x50],
	'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37]
} as const;

export type AllowedType = keyof typeof SIGNATURES;

/** `size` bytes that start like a file of `type`; random after the signature. */
export function fileBytes(type: AllowedType, size = 256): Buffer {
	const signature = Buffer.from(SIGNATURES[type]);
	return Buffer.concat([signature, randomBytes(Math.max(0, size - signature.length))] as Uint8Array[]);
}

/** An inline attachment as PouchDB writes it. */
export function inlineAttachment(type: AllowedType, bytes: Buffer = fileBytes(type)): { content_type: string; data: string } {
	return { content_type: type, data: bytes.toString('base64') };
}

/** A page that would run script if a browser rendered it. */
export const HTML_PAGE = '<!doctype html><html><body><script>document.title = "pwned"; window.__pwned = true;</script>Hallo</body></html>';
