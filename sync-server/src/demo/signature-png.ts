// A small black-and-white PNG of a handwritten-looking stroke, for the demo's visit signatures.
// PNG spec (ISO/IEC 15948): signature, IHDR, IDAT (zlib, RFC 1950, with stored deflate blocks,
// RFC 1951 §3.2.4), IEND; 1-bit greyscale. Pure and deterministic: the same random gives the same bytes.

const WIDTH = 160;
const HEIGHT = 48;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Stored deflate blocks hold at most this many bytes each. */
const MAX_STORED_BLOCK = 65535;

const CRC_TABLE = (() => {
	const table = new Uint32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c >>> 0;
	}
	return table;
})();

function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
	let a = 1;
	let b = 0;
	for (const byte of bytes) {
		a = (a + byte) % 65521;
		b = (b + a) % 65521;
	}
	return ((b << 16) | a) >>> 0;
}

const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

function chunk(type: string, data: Uint8Array): number[] {
	const typed = new Uint8Array([...type].map((c) => c.charCodeAt(0)).concat([...data]));
	return [...u32(data.length), ...typed, ...u32(crc32(typed))];
}

/** zlib stream of `raw` without compression: the decoder's work is trivial and the result still small. */
function zlibStored(raw: Uint8Array): Uint8Array {
	const out: number[] = [0x78, 0x01];
	let offset = 0;
	do {
		const block = raw.subarray(offset, offset + MAX_STORED_BLOCK);
		offset += block.length;
		const last = offset >= raw.length ? 1 : 0;
		out.push(last, block.length & 0xff, block.length >>> 8, ~block.length & 0xff, (~block.length >>> 8) & 0xff, ...block);
	} while (offset < raw.length);
	out.push(...u32(adler32(raw)));
	return new Uint8Array(out);
}

/** A signature: a wavy pen stroke across the field, its shape from `random`. 1 = black ink. */
function strokePixels(random: () => number): Uint8Array {
	const ink = new Uint8Array(WIDTH * HEIGHT);
	const loops = 3 + Math.floor(random() * 4);
	const amplitude = 8 + random() * 10;
	const phase = random() * Math.PI * 2;
	for (let x = 8; x < WIDTH - 8; x++) {
		const y = Math.round(HEIGHT / 2 + amplitude * Math.sin(phase + (x / WIDTH) * loops * Math.PI * 2) * (0.6 + 0.4 * Math.sin(x / 9)));
		for (let dy = -1; dy <= 1; dy++) {
			const row = Math.min(HEIGHT - 1, Math.max(0, y + dy));
			ink[row * WIDTH + x] = 1;
		}
	}
	return ink;
}

/** PNG bytes of a signature, deterministic for the same `random`. */
export function signaturePng(random: () => number): Uint8Array {
	const ink = strokePixels(random);
	const rowBytes = Math.ceil(WIDTH / 8);
	const raw = new Uint8Array(HEIGHT * (rowBytes + 1));
	for (let y = 0; y < HEIGHT; y++) {
		const start = y * (rowBytes + 1);
		raw[start] = 0; // filter type None
		for (let x = 0; x < WIDTH; x++) {
			// Greyscale bit 1 is white: ink is a 0 bit.
			if (!ink[y * WIDTH + x]) raw[start + 1 + (x >> 3)] |= 0x80 >> (x & 7);
		}
	}
	const header = new Uint8Array([...u32(WIDTH), ...u32(HEIGHT), 1, 0, 0, 0, 0]); // 1-bit greyscale, no interlace
	return new Uint8Array([...PNG_SIGNATURE, ...chunk('IHDR', header), ...chunk('IDAT', zlibStored(raw)), ...chunk('IEND', new Uint8Array())]);
}

/** Base64 of bytes, as CouchDB carries inline attachments (no Buffer: this module is pure). */
export function base64(bytes: Uint8Array): string {
	const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const [a, b, c] = [bytes[i], bytes[i + 1], bytes[i + 2]];
		out += digits[a >> 2] + digits[((a & 3) << 4) | ((b ?? 0) >> 4)];
		out += b === undefined ? '=' : digits[((b & 15) << 2) | ((c ?? 0) >> 6)];
		out += c === undefined ? '=' : digits[c & 63];
	}
	return out;
}
