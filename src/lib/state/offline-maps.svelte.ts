// Offline map areas on this device: estimate, download with progress and cancel, list, remove.
import { deviceStore, type OfflineMapArea } from '../db/index.ts';
import {
	containsTile,
	downloadArea,
	ESTIMATED_TILE_BYTES,
	isPublicOsmTileServer,
	OFFLINE_MAX_ZOOM,
	OFFLINE_MIN_ZOOM,
	removeAreaTiles,
	storageUse,
	tileCount,
	type Bounds,
	type DownloadProgress
} from '../map/index.ts';

export interface AreaEstimate {
	tiles: number;
	bytes: number;
	/** Why this area may not be downloaded, if it may not. */
	refused?: 'public-osm' | 'too-large';
}

/** A download past this is a district, not a tour: refuse rather than fill the tablet. */
const MAX_AREA_TILES = 60_000;

class OfflineMaps {
	#areas = $state.raw<OfflineMapArea[]>([]);
	#progress = $state.raw<(DownloadProgress & { areaId: string }) | null>(null);
	#storage = $state.raw<{ usage: number; quota: number } | undefined>(undefined);
	#abort: AbortController | undefined;

	get areas(): OfflineMapArea[] {
		return this.#areas;
	}
	/** The running download, if any. */
	get progress(): (DownloadProgress & { areaId: string }) | null {
		return this.#progress;
	}
	get storage(): { usage: number; quota: number } | undefined {
		return this.#storage;
	}

	async refresh(): Promise<void> {
		this.#areas = await deviceStore.mapAreas.orderedBy('createdAt', 'descending');
		this.#storage = await storageUse();
	}

	estimate(bounds: Bounds, tileUrl: string): AreaEstimate {
		const tiles = tileCount(bounds, OFFLINE_MIN_ZOOM, OFFLINE_MAX_ZOOM);
		// Our own measured mean once an area is saved, the typical size before.
		const saved = this.#areas.filter((a) => a.savedTiles > 0);
		const perTile = saved.length ? saved.reduce((s, a) => s + a.bytes, 0) / saved.reduce((s, a) => s + a.savedTiles, 0) : ESTIMATED_TILE_BYTES;
		const refused = isPublicOsmTileServer(tileUrl) ? 'public-osm' : tiles > MAX_AREA_TILES ? 'too-large' : undefined;
		return { tiles, bytes: Math.round(tiles * perTile), refused };
	}

	async download(label: string, bounds: Bounds, tileUrl: string): Promise<OfflineMapArea | undefined> {
		const estimate = this.estimate(bounds, tileUrl);
		if (estimate.refused || this.#progress) return undefined;
		const area: OfflineMapArea = {
			id: crypto.randomUUID(),
			label,
			bounds,
			minZoom: OFFLINE_MIN_ZOOM,
			maxZoom: OFFLINE_MAX_ZOOM,
			tileUrl,
			tileCount: estimate.tiles,
			savedTiles: 0,
			bytes: 0,
			createdAt: new Date().toISOString(),
			state: 'downloading'
		};
		await deviceStore.mapAreas.put(area);
		await this.refresh();
		this.#abort = new AbortController();
		this.#progress = { areaId: area.id, done: 0, total: area.tileCount, saved: 0, failed: 0, bytes: 0 };
		const outcome = await downloadArea(area, area.tileCount, (p) => (this.#progress = { ...p, areaId: area.id }), this.#abort.signal);
		const finished: OfflineMapArea = {
			...area,
			savedTiles: outcome.saved,
			bytes: outcome.bytes,
			state: outcome.result === 'complete' && outcome.failed === 0 ? 'complete' : 'incomplete'
		};
		await deviceStore.mapAreas.put(finished);
		this.#progress = null;
		this.#abort = undefined;
		await this.refresh();
		return finished;
	}

	cancel(): void {
		this.#abort?.abort();
	}

	/** Removes the area and those of its tiles no other saved area needs. */
	async remove(id: string): Promise<void> {
		const area = this.#areas.find((a) => a.id === id);
		if (!area) return;
		const others = this.#areas.filter((a) => a.id !== id && a.tileUrl === area.tileUrl);
		await removeAreaTiles(area, (_url, z, x, y) => others.some((o) => containsTile(o.bounds, o.minZoom, o.maxZoom, { z, x, y })));
		await deviceStore.mapAreas.delete(id);
		await this.refresh();
	}
}

export const offlineMaps = new OfflineMaps();
