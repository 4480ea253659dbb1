// A raster tile server of our own on loopback: every tile is a 256×256 PNG of one colour that
// encodes its z/x/y, so a test can tell from the pixels which tile the map really shows.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';

const TILE_SIZE = 256;

export function tileColour(z: number, x: number, y: number): [number, number, number] {
	return [(x * 37 + 11) % 256, (y * 59 + 23) % 256, (z * 15 + 40) % 256];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

/** PNG chunk: length, type, data, CRC over type and data (PNG specification, section 5.3). */
function chunk(type: string, data: Uint8Array): Buffer {
	const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
	const out = Buffer.alloc(body.length + 8);
	out.writeUInt32BE(data.length, 0);
	body.copy(out, 4);
	out.writeUInt32BE(crc32(body), body.length + 4);
	return out;
}

/** An 8-bit RGB PNG of one colour. */
export function solidPng([r, g, b]: [number, number, number], size = TILE_SIZE): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(size, 0);
	header.writeUInt32BE(size, 4);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type RGB
	const row = Buffer.alloc(1 + size * 3); // filter byte 0, then pixels
	for (let i = 0; i < size; i++) row.set([r, g, b], 1 + i * 3);
	const raw = Buffer.concat(Array.from({ length: size }, () => row));
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array())]);
}

export interface TileServer {
	/** Leaflet template of this server. */
	template: string;
	/** Tiles served so far. */
	served(): number;
	close(): Promise<void>;
}

export async function startTileServer(): Promise<TileServer> {
	let served = 0;
	const server: Server = createServer((req, res) => {
		const match = /^\/tiles\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '');
		res.setHeader('access-control-allow-origin', '*');
		if (!match) {
			res.writeHead(404).end();
			return;
		}
		const [z, x, y] = match.slice(1).map(Number);
		served++;
		res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(solidPng(tileColour(z, x, y)));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		template: `http://127.0.0.1:${port}/tiles/{z}/{x}/{y}.png`,
		served: () => served,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
