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
function chunk(type: string, data: Uint8Array): Uint8Array {
	const out = new Uint8Array(data.length + 12);
	const view = new DataView(out.buffer);
	view.setUint32(0, data.length);
	out.set(new TextEncoder().encode(type), 4);
	out.set(data, 8);
	view.setUint32(data.length + 8, crc32(out.subarray(4, data.length + 8)));
	return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

/** An 8-bit RGB PNG of one colour. */
export function solidPng([r, g, b]: [number, number, number], size = TILE_SIZE): Uint8Array {
	const header = new Uint8Array(13);
	const view = new DataView(header.buffer);
	view.setUint32(0, size);
	view.setUint32(4, size);
	header[8] = 8; // bit depth
	header[9] = 2; // colour type RGB
	const raw = new Uint8Array(size * (1 + size * 3)); // each row: filter byte 0, then pixels
	for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) raw.set([r, g, b], y * (1 + size * 3) + 1 + x * 3);
	const signature = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
	return concat([signature, chunk('IHDR', header), chunk('IDAT', new Uint8Array(deflateSync(raw))), chunk('IEND', new Uint8Array())]);
}

export interface TileServer {
	/** Leaflet template of this server. */
	template: string;
	/** The same with `{r}`: twice the pixels ("@2x", 512 px) on high-density screens, as retina tile servers do. */
	retinaTemplate: string;
	/** Tiles served so far. */
	served(): number;
	/** The Referer header of each tile request so far ('' when there was none). */
	referers(): string[];
	close(): Promise<void>;
}

export async function startTileServer(): Promise<TileServer> {
	let served = 0;
	const referers: string[] = [];
	const server: Server = createServer((req, res) => {
		const match = /^\/tiles\/(\d+)\/(\d+)\/(\d+)(@2x)?\.png$/.exec(req.url ?? '');
		res.setHeader('access-control-allow-origin', '*');
		if (!match) {
			res.writeHead(404).end();
			return;
		}
		const [z, x, y] = match.slice(1, 4).map(Number);
		const size = match[4] ? 2 * TILE_SIZE : TILE_SIZE;
		served++;
		referers.push(req.headers.referer ?? '');
		res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(solidPng(tileColour(z, x, y), size));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		template: `http://127.0.0.1:${port}/tiles/{z}/{x}/{y}.png`,
		retinaTemplate: `http://127.0.0.1:${port}/tiles/{z}/{x}/{y}{r}.png`,
		served: () => served,
		referers: () => [...referers],
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}
