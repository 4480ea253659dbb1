// Slippy-map tile arithmetic (OSM wiki "Slippy map tilenames", Web Mercator EPSG:3857): which
// tiles cover an area at which zooms, how many, how large. Pure: no Leaflet, no browser.
import type { GeoPoint } from '../domain/index.ts';

export interface Bounds {
	south: number;
	west: number;
	north: number;
	east: number;
}

export interface TileCoord {
	z: number;
	x: number;
	y: number;
}

/** Zooms an offline area covers: 10 shows the district, 16 reads house numbers. */
export const OFFLINE_MIN_ZOOM = 10;
export const OFFLINE_MAX_ZOOM = 16;
/** Added around the tour's stops so the roads between them and a detour are on the map too. */
export const OFFLINE_MARGIN_KM = 2;
/** Mean size of a raster tile of rural Thuringia at zooms 10–16 (OSM Carto PNG); used until we have measured our own. */
export const ESTIMATED_TILE_BYTES = 18_000;
/** Web Mercator stops here; beyond, tiles do not exist. */
const MAX_LATITUDE = 85.05112878;
const KM_PER_DEGREE_LATITUDE = 111.32;

/** The tile containing a point at a zoom (OSM wiki formula). */
export function tileOf(point: GeoPoint, z: number): TileCoord {
	const n = 2 ** z;
	const lat = Math.max(-MAX_LATITUDE, Math.min(MAX_LATITUDE, point.lat));
	const latRad = (lat * Math.PI) / 180;
	const x = Math.floor(((point.lon + 180) / 360) * n);
	const y = Math.floor(((1 - Math.log(Math.tan(latRad) + 1 / Math.cos(latRad)) / Math.PI) / 2) * n);
	return { z, x: clamp(x, 0, n - 1), y: clamp(y, 0, n - 1) };
}

function clamp(value: number, min: number, max: number): number {
	return Math.max(min, Math.min(max, value));
}

/** The smallest bounds around the points, widened by `marginKm` on every side; undefined for no points. */
export function boundsAround(points: readonly GeoPoint[], marginKm = OFFLINE_MARGIN_KM): Bounds | undefined {
	if (points.length === 0) return undefined;
	let south = 90, west = 180, north = -90, east = -180;
	for (const { lat, lon } of points) {
		south = Math.min(south, lat);
		north = Math.max(north, lat);
		west = Math.min(west, lon);
		east = Math.max(east, lon);
	}
	const dLat = marginKm / KM_PER_DEGREE_LATITUDE;
	// A degree of longitude shrinks with the cosine of the latitude; use the widest (most poleward) edge.
	const cos = Math.max(0.01, Math.cos((Math.max(Math.abs(south), Math.abs(north)) * Math.PI) / 180));
	const dLon = marginKm / (KM_PER_DEGREE_LATITUDE * cos);
	return {
		south: Math.max(-MAX_LATITUDE, south - dLat),
		north: Math.min(MAX_LATITUDE, north + dLat),
		west: Math.max(-180, west - dLon),
		east: Math.min(180, east + dLon)
	};
}

/** Tile index ranges covering the bounds at one zoom (inclusive). */
export function tileRange(bounds: Bounds, z: number): { minX: number; maxX: number; minY: number; maxY: number } {
	const northWest = tileOf({ lat: bounds.north, lon: bounds.west }, z);
	const southEast = tileOf({ lat: bounds.south, lon: bounds.east }, z);
	return { minX: northWest.x, maxX: southEast.x, minY: northWest.y, maxY: southEast.y };
}

export function tileCount(bounds: Bounds, minZoom = OFFLINE_MIN_ZOOM, maxZoom = OFFLINE_MAX_ZOOM): number {
	let count = 0;
	for (let z = minZoom; z <= maxZoom; z++) {
		const r = tileRange(bounds, z);
		count += (r.maxX - r.minX + 1) * (r.maxY - r.minY + 1);
	}
	return count;
}

/** Every tile of the area, coarse zooms first (they are the most useful if a download is cut off). */
export function* tilesIn(bounds: Bounds, minZoom = OFFLINE_MIN_ZOOM, maxZoom = OFFLINE_MAX_ZOOM): Generator<TileCoord> {
	for (let z = minZoom; z <= maxZoom; z++) {
		const r = tileRange(bounds, z);
		for (let x = r.minX; x <= r.maxX; x++) for (let y = r.minY; y <= r.maxY; y++) yield { z, x, y };
	}
}

export function containsTile(bounds: Bounds, minZoom: number, maxZoom: number, tile: TileCoord): boolean {
	if (tile.z < minZoom || tile.z > maxZoom) return false;
	const r = tileRange(bounds, tile.z);
	return tile.x >= r.minX && tile.x <= r.maxX && tile.y >= r.minY && tile.y <= r.maxY;
}

const SUBDOMAINS = ['a', 'b', 'c'];

/**
 * Leaflet's `{r}`: "@2x" on a screen with more than one device pixel per CSS pixel, as Leaflet
 * decides (`L.Browser.retina`), so that a saved area holds the very tiles the map asks for.
 */
export function retinaSuffix(devicePixelRatio: number = globalThis.devicePixelRatio ?? 1): '' | '@2x' {
	return devicePixelRatio > 1 ? '@2x' : '';
}

/** A tile's address from a Leaflet-style template (`{z}/{x}/{y}`, optional `{s}` and `{r}`). */
export function tileUrl(template: string, tile: TileCoord, retina: '' | '@2x' = retinaSuffix()): string {
	return template
		.replaceAll('{z}', String(tile.z))
		.replaceAll('{x}', String(tile.x))
		.replaceAll('{y}', String(tile.y))
		.replaceAll('{s}', SUBDOMAINS[(tile.x + tile.y) % SUBDOMAINS.length])
		.replaceAll('{r}', retina);
}

/**
 * The OpenStreetMap Foundation's tile servers forbid bulk downloading ("Tile Usage Policy",
 * operations.osmfoundation.org/policies/tiles): offline areas need the operator's own tile server.
 */
export function isPublicOsmTileServer(template: string): boolean {
	let host: string;
	try {
		host = new URL(tileUrl(template, { z: 0, x: 0, y: 0 })).hostname.toLowerCase();
	} catch {
		return false;
	}
	return host === 'tile.openstreetmap.org' || host.endsWith('.tile.openstreetmap.org') || host === 'tile.osm.org' || host.endsWith('.tile.osm.org');
}
