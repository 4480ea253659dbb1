import { describe, expect, it } from 'vitest';
import { attachmentHeaders, checkAttachment, checkAttachments, isCanonicalBase64, safeFilename } from './attachment-rules.ts';

const LIMITS = { maxAttachmentBytes: 1024 };
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString('base64');
const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([9, 9, 9, 9]), Buffer.from('WEBPVP8 ')] as Uint8Array[]).toString('base64');

describe('isCanonicalBase64', () => {
	it.each(['', 'QQ==', 'QUI=', 'QUJD', png])('accepts %j', (data) => expect(isCanonicalBase64(data)).toBe(true));
	it.each(['Q', 'QQ=', 'QR==', 'QUJ=', 'QU=D', 'Q===', 'QU JD', 'QUJD\n', 'ÄÖÜß', '-_-_'])('refuses %j', (data) => expect(isCanonicalBase64(data)).toBe(false));
	it('agrees with decoding and encoding again', () => {
		for (const data of ['QQ==', 'QR==', 'QUI=', 'QUJ=', 'AAAA', 'AA==', 'AB==']) {
			expect(isCanonicalBase64(data), data).toBe(Buffer.from(data, 'base64').toString('base64') === data);
		}
	});
});

describe('checkAttachment', () => {
	it('passes the allowed types with their signatures, and stubs of allowed types', () => {
		expect(checkAttachment('a.png', { content_type: 'image/png', data: png }, LIMITS)).toEqual({ ok: true });
		expect(checkAttachment('a.webp', { content_type: 'image/webp', data: webp }, LIMITS)).toEqual({ ok: true });
		expect(checkAttachment('a.pdf', { content_type: 'application/pdf', data: Buffer.from('%PDF-1.7\n').toString('base64') }, LIMITS)).toEqual({ ok: true });
		expect(checkAttachment('a.jpg', { content_type: 'image/jpeg', stub: true, digest: 'md5-x' }, LIMITS)).toEqual({ ok: true });
	});

	it('refuses other types, wrong bytes, bad base64, sizes over the limit', () => {
		expect(checkAttachment('a', { content_type: 'text/html', data: png }, LIMITS)).toMatchObject({ ok: false, error: 'forbidden' });
		expect(checkAttachment('a', { content_type: 'IMAGE/PNG', data: png }, LIMITS)).toMatchObject({ ok: false, error: 'forbidden' });
		expect(checkAttachment('a', { content_type: 'text/html', stub: true }, LIMITS)).toMatchObject({ ok: false, error: 'forbidden' });
		expect(checkAttachment('a', { content_type: 'image/jpeg', data: png }, LIMITS)).toMatchObject({ ok: false, reason: expect.stringContaining('not image/jpeg') });
		expect(checkAttachment('a', { content_type: 'image/png', data: '' }, LIMITS)).toMatchObject({ ok: false, error: 'forbidden' });
		expect(checkAttachment('a', { content_type: 'image/png', data: 'iVBORw0KGgo' }, LIMITS)).toMatchObject({ ok: false, error: 'bad_request' });
		expect(checkAttachment('a', { content_type: 'image/png' }, LIMITS)).toMatchObject({ ok: false, error: 'bad_request' });
		expect(checkAttachment('a', 'x', LIMITS)).toMatchObject({ ok: false, error: 'bad_request' });
		const big = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2000)] as Uint8Array[]).toString('base64');
		expect(checkAttachment('a', { content_type: 'image/png', data: big }, LIMITS)).toMatchObject({ ok: false, reason: expect.stringContaining('larger') });
	});

	it('checks every attachment of a document', () => {
		expect(checkAttachments({ _id: 'x' }, LIMITS)).toEqual({ ok: true });
		expect(checkAttachments({ _attachments: [] }, LIMITS)).toMatchObject({ ok: false });
		expect(checkAttachments({ _attachments: { a: { content_type: 'image/png', data: png }, b: { content_type: 'text/plain', data: 'QQ==' } } }, LIMITS)).toMatchObject({ ok: false, reason: expect.stringContaining('_attachments.b') });
	});
});

describe('serving', () => {
	it.each([
		['signature.png', 'signature.png'],
		['scans/2026/befund.pdf', 'befund.pdf'],
		['"; filename=evil.html', '___filename_evil.html'],
		['Überweisung ärztlich.pdf', '_berweisung__rztlich.pdf'],
		['..', 'attachment'],
		['', 'attachment']
	])('names %j %j in Content-Disposition', (name, filename) => expect(safeFilename(name)).toBe(filename));

	it('serves allowed types as they are and anything else as opaque bytes, always as a sandboxed download', () => {
		expect(attachmentHeaders('a.png', 'image/png')).toEqual({
			'content-type': 'image/png',
			'content-disposition': 'attachment; filename="a.png"',
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; sandbox"
		});
		expect(attachmentHeaders('a.html', 'text/html')['content-type']).toBe('application/octet-stream');
		expect(attachmentHeaders('a.svg', 'image/svg+xml')['content-type']).toBe('application/octet-stream');
	});
});
