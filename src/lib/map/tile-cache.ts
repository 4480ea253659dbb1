// Offline map tiles in Cache Storage, keyed by their URL. The map reads here first and the network
// second, so a saved area shows in a dead zone without the service worker's help.
import { tilesIn, tileUrl, type Bounds } from './tiles.ts';

const TILE_CACHE = 'fieldcare-tiles-v1';
/** Parallel requests: enough to fill a mobile link, few enough to be polite to the tile server. */
const DOWNLOAD_CONCURRENCY = 4;
/** A tile server that failed this many tiles in a row is unreachable: stop instead of trying thousands. */
const MAX_FAILURES_IN_A_ROW = 20;

export interface AreaSpec {
	bounds: Bounds;
	minZoom: number;
	maxZoom: number;
	tileUrl: string;
}

export interface DownloadProgress {
	/** Tiles handled so far (saved, already there, or failed). */
	done: number;
	total: number;
	saved: number;
	failed: number;
	bytes: number;
}

export type DownloadOutcome = DownloadProgress & { result: 'complete' | 'cancelled' | 'unreachable' };

function available(): boolean {
	return typeof caches !== 'undefined';
}

/** The saved tile, or undefined when it was never saved (or Cache Storage is unavailable). */
export async function cachedTile(url: string): Promise<Blob | undefined> {
	if (!available()) return undefined;
	const hit = await (await caches.open(TILE_CACHE)).match(url);
	return hit ? hit.blob() : undefined;
}

/**
 * Downloads every tile of the area (coarse zooms first), skipping saved ones; stops on `signal`
 * and when the server keeps failing. Progress is reported after every tile.
 */
export async function downloadArea(area: AreaSpec, total: number, onProgress: (progress: DownloadProgress) => void, signal: AbortSignal): Promise<DownloadOutcome> {
	const cache = await caches.open(TILE_CACHE);
	const tiles = tilesIn(area.bounds, area.minZoom, area.maxZoom);
	const progress: DownloadProgress = { done: 0, total, saved: 0, failed: 0, bytes: 0 };
	let failuresInARow = 0;

	async function fetchOne(url: string): Promise<void> {
		const existing = await cache.match(url);
		if (existing) {
			progress.saved++;
			progress.bytes += (await existing.blob()).size;
			return;
		}
		try {
			const response = await fetch(url, { mode: 'cors', credentials: 'omit', signal });
			if (!response.ok || !(response.headers.get('content-type') ?? '').startsWith('image/')) throw new Error(`HTTP ${response.status}`);
			const blob = await response.blob();
			await cache.put(url, new Response(blob, { headers: { 'content-type': blob.type } }));
			progress.saved++;
			progress.bytes += blob.size;
			failuresInARow = 0;
		} catch {
			if (signal.aborted) return;
			progress.failed++;
			failuresInARow++;
		}
	}

	async function worker(): Promise<void> {
		for (;;) {
			if (signal.aborted || failuresInARow >= MAX_FAILURES_IN_A_ROW) return;
			const next = tiles.next();
			if (next.done) return;
			await fetchOne(tileUrl(area.tileUrl, next.value));
			progress.done++;
			onProgress({ ...progress });
		}
	}

	await Promise.all(Array.from({ length: DOWNLOAD_CONCURRENCY }, worker));
	const result = signal.aborted ? 'cancelled' : failuresInARow >= MAX_FAILURES_IN_A_ROW ? 'unreachable' : 'complete';
	return { ...progress, result };
}

/** Deletes the area's tiles except those `keep` says another saved area still needs. */
export async function removeAreaTiles(area: AreaSpec, keep: (url: string, z: number, x: number, y: number) => boolean): Promise<number> {
	if (!available()) return 0;
	const cache = await caches.open(TILE_CACHE);
	let removed = 0;
	for (const tile of tilesIn(area.bounds, area.minZoom, area.maxZoom)) {
		const url = tileUrl(area.tileUrl, tile);
		if (keep(url, tile.z, tile.x, tile.y)) continue;
		if (await cache.delete(url)) removed++;
	}
	return removed;
}

/** What this origin stores on the device (all caches and databases), as the browser estimates it. */
export async function storageUse(): Promise<{ usage: number; quota: number } | undefined> {
	if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return undefined;
	const { usage = 0, quota = 0 } = await navigator.storage.estimate();
	return { usage, quota };
}
