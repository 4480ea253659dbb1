// After `vite build`: a brotli and a gzip copy beside every text asset of the app, made once at
// build time at the highest levels, so the server sends them without compressing per request
// (@fastify/static `preCompressed`). The login page's JavaScript shrinks to about a quarter.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const DIR = path.resolve(process.argv[2] ?? 'build');
const TEXT = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map)$/;
/** Below this a compressed copy saves less than a network round trip costs. */
const MIN_BYTES = 1024;

async function* files(dir) {
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) yield* files(full);
		else if (TEXT.test(entry.name)) yield full;
	}
}

let before = 0;
let after = 0;
let count = 0;
for await (const file of files(DIR)) {
	if ((await stat(file)).size < MIN_BYTES) continue;
	const bytes = await readFile(file);
	const br = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
	const gz = gzipSync(bytes, { level: 9 });
	if (br.length < bytes.length) await writeFile(`${file}.br`, br);
	if (gz.length < bytes.length) await writeFile(`${file}.gz`, gz);
	before += bytes.length;
	after += Math.min(br.length, bytes.length);
	count++;
}
console.log(`precompressed ${count} files: ${(before / 1024).toFixed(0)} KiB → ${(after / 1024).toFixed(0)} KiB (brotli)`);
