// A small Leaflet map to pick a patient's position: tap sets the marker, the marker can be dragged.
import L from 'leaflet';
import type { GeoPoint } from '../domain/index.ts';
import { cachedTileLayer, MAP_OPTIONS } from './cached-tile-layer.ts';
import { MARKER_BOX } from './marker-target.ts';

const DEFAULT_CENTRE: L.LatLngExpression = [50.6487, 11.3668]; // Saalfeld
const OVERVIEW_ZOOM = 11;
const POINT_ZOOM = 16;

export class PointPickerView {
	readonly #map: L.Map;
	#marker: L.Marker | undefined;
	readonly #onPick: (point: GeoPoint) => void;
	/** The marker's accessible name (it is a draggable button). */
	readonly #markerTitle: string;

	constructor(element: HTMLElement, tiles: { url: string; attribution: string }, onPick: (point: GeoPoint) => void, markerTitle: string) {
		this.#onPick = onPick;
		this.#markerTitle = markerTitle;
		this.#map = L.map(element, MAP_OPTIONS).setView(DEFAULT_CENTRE, OVERVIEW_ZOOM);
		cachedTileLayer(tiles).addTo(this.#map);
		this.#map.on('click', (event: L.LeafletMouseEvent) => this.#pick(event.latlng));
	}

	#pick(at: L.LatLng): void {
		// Six decimals are about 10 cm.
		const point = { lat: Number(at.lat.toFixed(6)), lon: Number(at.lng.toFixed(6)) };
		this.show(point, false);
		this.#onPick(point);
	}

	/** Shows the point (or none); `recentre` moves the map there. */
	show(point: GeoPoint | undefined, recentre = true): void {
		if (!point) {
			this.#marker?.remove();
			this.#marker = undefined;
			return;
		}
		const at: L.LatLngExpression = [point.lat, point.lon];
		if (!this.#marker) {
			this.#marker = L.marker(at, { draggable: true, title: this.#markerTitle, icon: L.divIcon({ className: 'pick-marker', html: '<span></span>', ...MARKER_BOX }) }).addTo(this.#map);
			this.#marker.on('dragend', () => this.#pick(this.#marker!.getLatLng()));
		} else this.#marker.setLatLng(at);
		if (recentre) this.#map.setView(at, POINT_ZOOM, { animate: false });
	}

	destroy(): void {
		this.#map.remove();
	}
}
