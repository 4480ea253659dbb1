// What an attachment may be, on every write path (inline `_attachments` in PUT and _bulk_docs,
// replication with new_edits=false, the standalone attachment PUT), and how one is served.
// Only images and PDF: a stored page (text/html, SVG, XML) would run as script on the app's
// origin once a colleague opened it. The bytes must be what the type says (magic numbers from
// the PNG spec §5.2, JPEG/JFIF SOI marker, RIFF/WebP container header, PDF 1.7 §7.5.2).

export type AttachmentCheck = { ok: true } | { ok: false; error: 'bad_request' | 'forbidden'; reason: string };

/** Content types a team member may attach: photos, the signature, scanned documents. */
export const ALLOWED_ATTACHMENT_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf'] as const;
export type AttachmentType = (typeof ALLOWED_ATTACHMENT_TYPES)[number];

/** The first bytes each type must start with; `undefined` is any byte (the RIFF chunk size). */
const MAGIC: Record<AttachmentType, (number | undefined)[]> = {
	'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
	'image/jpeg': [0xff, 0xd8, 0xff],
	'image/webp': [0x52, 0x49, 0x46, 0x46, undefined, undefined, undefined, undefined, 0x57, 0x45, 0x42, 0x50],
	'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d]
};
const LONGEST_MAGIC = Math.max(...Object.values(MAGIC).map((magic) => magic.length));

/** Served instead of any other stored type (attachments stored before the allow-list). */
const FALLBACK_SERVED_TYPE = 'application/octet-stream';
/** A stored attachment never runs as a page: no scripts, no plugins, no same origin. */
export const ATTACHMENT_CSP = "default-src 'none'; sandbox";
const MAX_FILENAME_CHARS = 100;

const BASE64_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const IS_BASE64_DIGIT = new Uint8Array(128);
for (const digit of BASE64_DIGITS) IS_BASE64_DIGIT[digit.charCodeAt(0)] = 1;

export interface AttachmentLimits {
	maxAttachmentBytes: number;
}

export function isAllowedAttachmentType(contentType: unknown): contentType is AttachmentType {
	return typeof contentType === 'string' && (ALLOWED_ATTACHMENT_TYPES as readonly string[]).includes(contentType);
}

/** Decoded size of base64 text without decoding it. */
export function base64Bytes(data: string): number {
	const padding = data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0;
	return Math.floor((data.length * 3) / 4) - padding;
}

/**
 * Canonical base64, as PouchDB's storage requires (it refuses anything else with a 500): digits in
 * groups of four, padding only at the end, and the padding's unused bits zero, so that decoding
 * and encoding again gives the same text. A loop, not a regular expression: the data is megabytes.
 */
export function isCanonicalBase64(data: string): boolean {
	if (data.length % 4 !== 0) return false;
	const digits = data.endsWith('==') ? data.length - 2 : data.endsWith('=') ? data.length - 1 : data.length;
	for (let i = 0; i < digits; i++) {
		const code = data.charCodeAt(i);
		if (code > 127 || IS_BASE64_DIGIT[code] !== 1) return false;
	}
	if (data.endsWith('==')) return (BASE64_DIGITS.indexOf(data[data.length - 3]) & 0x0f) === 0;
	if (data.endsWith('=')) return (BASE64_DIGITS.indexOf(data[data.length - 2]) & 0x03) === 0;
	return true;
}

/** Do these first bytes start like the declared type? */
export function bytesMatchType(head: Uint8Array, contentType: AttachmentType): boolean {
	const magic = MAGIC[contentType];
	return head.length >= magic.length && magic.every((byte, i) => byte === undefined || head[i] === byte);
}

/** The first bytes of base64 data, decoding only as much as the magic numbers need. */
function headOf(data: string): Uint8Array {
	const chars = Math.ceil(LONGEST_MAGIC / 3) * 4;
	return new Uint8Array(Buffer.from(data.slice(0, chars), 'base64'));
}

function refuse(error: 'bad_request' | 'forbidden', reason: string): AttachmentCheck {
	return { ok: false, error, reason };
}

/** One attachment: inline base64 data, or a stub of one already stored. */
export function checkAttachment(name: string, meta: unknown, limits: AttachmentLimits): AttachmentCheck {
	if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return refuse('bad_request', `_attachments.${name}: must be an object`);
	const { data, stub, content_type: contentType } = meta as { data?: unknown; stub?: unknown; content_type?: unknown };
	// A stub keeps stored bytes but names their type anew: relabelling them must not pass either.
	if (!isAllowedAttachmentType(contentType)) {
		return refuse('forbidden', `_attachments.${name}: content_type must be one of ${ALLOWED_ATTACHMENT_TYPES.join(', ')}`);
	}
	if (stub === true) return { ok: true };
	if (typeof data !== 'string') return refuse('bad_request', `_attachments.${name}: needs base64 data`);
	if (!isCanonicalBase64(data)) return refuse('bad_request', `_attachments.${name}: data is not valid base64`);
	if (base64Bytes(data) > limits.maxAttachmentBytes) {
		return refuse('forbidden', `_attachments.${name}: larger than ${limits.maxAttachmentBytes / 1024 / 1024} MB`);
	}
	if (!bytesMatchType(headOf(data), contentType)) return refuse('forbidden', `_attachments.${name}: the bytes are not ${contentType}`);
	return { ok: true };
}

/** Every attachment of a document revision; a document without `_attachments` passes. */
export function checkAttachments(doc: Record<string, unknown>, limits: AttachmentLimits): AttachmentCheck {
	const attachments = doc._attachments;
	if (attachments === undefined) return { ok: true };
	if (typeof attachments !== 'object' || attachments === null || Array.isArray(attachments)) {
		return refuse('bad_request', '_attachments: must be an object');
	}
	for (const [name, meta] of Object.entries(attachments as Record<string, unknown>)) {
		const check = checkAttachment(name, meta, limits);
		if (!check.ok) return check;
	}
	return { ok: true };
}

/** A filename for Content-Disposition: the last path segment, ASCII letters, digits and `._-` only. */
export function safeFilename(name: string): string {
	const base = name.split('/').pop() ?? '';
	const safe = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '').slice(-MAX_FILENAME_CHARS);
	return safe || 'attachment';
}

/**
 * Headers of a served attachment, whatever type it was stored with: a download, never a page.
 * Types outside the allow-list (stored before it existed) are served as opaque bytes.
 */
export function attachmentHeaders(name: string, storedType: unknown): Record<string, string> {
	return {
		'content-type': isAllowedAttachmentType(storedType) ? storedType : FALLBACK_SERVED_TYPE,
		'content-disposition': `attachment; filename="${safeFilename(name)}"`,
		'x-content-type-options': 'nosniff',
		'content-security-policy': ATTACHMENT_CSP
	};
}
