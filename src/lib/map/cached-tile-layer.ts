// A Leaflet tile layer that asks the offline cache (tile-cache.ts) before the network, so a saved
// area shows in a dead zone without the service worker's help.
import L from 'leaflet';
import { escapeHtml } from './html.ts';
import { cachedTile } from './tile-cache.ts';

/**
 * Options of every map here: tiles appear at once instead of fading in. Leaflet fades a tile in
 * with a script step per animation frame, which on a page opening keeps the main thread and the
 * screen busy while the tour is being drawn (a frame for every step of every tile).
 */
export const MAP_OPTIONS: L.MapOptions = { fadeAnimation: false };

/** A tile layer that asks the offline cache before the network. */
class CachedTileLayer extends L.TileLayer {
	protected override createTile(coords: L.Coords, done: L.DoneCallback): HTMLElement {
		const img = document.createElement('img');
		img.alt = '';
		img.setAttribute('role', 'presentation');
		const url = this.getTileUrl(coords);
		img.dataset.tileUrl = url;
		img.onerror = () => done(new Error(`tile ${url} did not load`), img);
		cachedTile(url)
			.catch(() => undefined)
			.then((blob) => {
				if (blob) {
					const objectUrl = URL.createObjectURL(blob);
					img.dataset.source = 'offline';
					img.onload = () => {
						URL.revokeObjectURL(objectUrl);
						done(undefined, img);
					};
					img.src = objectUrl;
				} else {
					img.dataset.source = 'network';
					// The app sends no Referer (Referrer-Policy: no-referrer), but OpenStreetMap's tile
					// servers refuse requests without one (tile usage policy): the origin, no path.
					img.referrerPolicy = 'strict-origin';
					img.onload = () => done(undefined, img);
					img.src = url;
				}
			});
		return img;
	}
}

export function cachedTileLayer(tiles: { url: string; attribution: string }): L.TileLayer {
	return new CachedTileLayer(tiles.url, { attribution: escapeHtml(tiles.attribution), maxZoom: 19, minZoom: 5 });
}
