// Draws the app icons (static/icons/*.png): a white medical cross on FieldCare green.
// Plain Node: pixels → PNG with zlib and a CRC-32 of our own. Run: node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const GREEN = [0x0b, 0x5d, 0x4b];
const WHITE = [0xff, 0xff, 0xff];
const SUPERSAMPLE = 4;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});
function crc32(bytes) {
	let c = 0xffffffff;
	for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, 'ascii');
	data.copy(out, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
	return out;
}
function png(size, rgba) {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 8; // bit depth
	header[9] = 6; // RGBA
	const rows = Buffer.alloc(size * (size * 4 + 1));
	for (let y = 0; y < size; y++) rows.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** Inside a rounded rectangle centred at 0.5/0.5 with half sizes hx, hy and corner radius r (unit square). */
function inRoundedRect(x, y, hx, hy, r) {
	const dx = Math.abs(x - 0.5) - (hx - r);
	const dy = Math.abs(y - 0.5) - (hy - r);
	return Math.hypot(Math.max(dx, 0), Math.max(dy, 0)) <= r && Math.abs(x - 0.5) <= hx && Math.abs(y - 0.5) <= hy;
}

function draw(size, { maskable }) {
	const rgba = Buffer.alloc(size * size * 4);
	// The maskable icon keeps the cross inside the central safe zone and fills the whole square.
	const arm = maskable ? 0.22 : 0.3;
	const bar = maskable ? 0.075 : 0.1;
	for (let py = 0; py < size; py++) {
		for (let px = 0; px < size; px++) {
			let bg = 0;
			let cross = 0;
			for (let sy = 0; sy < SUPERSAMPLE; sy++) {
				for (let sx = 0; sx < SUPERSAMPLE; sx++) {
					const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
					const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
					const inBg = maskable || inRoundedRect(x, y, 0.5, 0.5, 0.18);
					if (!inBg) continue;
					bg++;
					if (inRoundedRect(x, y, arm, bar, 0.03) || inRoundedRect(x, y, bar, arm, 0.03)) cross++;
				}
			}
			const samples = SUPERSAMPLE * SUPERSAMPLE;
			const mix = bg ? cross / bg : 0;
			const i = (py * size + px) * 4;
			for (let c = 0; c < 3; c++) rgba[i + c] = Math.round(GREEN[c] * (1 - mix) + WHITE[c] * mix);
			rgba[i + 3] = Math.round((255 * bg) / samples);
		}
	}
	return png(size, rgba);
}

const out = new URL('../static/icons/', import.meta.url);
writeFileSync(new URL('icon-192.png', out), draw(192, { maskable: false }));
writeFileSync(new URL('icon-512.png', out), draw(512, { maskable: false }));
writeFileSync(new URL('icon-maskable-512.png', out), draw(512, { maskable: true }));
console.log('icons written to static/icons/');
