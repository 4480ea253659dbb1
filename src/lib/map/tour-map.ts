// Leaflet map of a tour: numbered stops in order, the line between them, the nurse's position.
// Tiles come from the offline cache first (tile-cache.ts), then from the configured tile server.
import L from 'leaflet';
import type { GeoPoint } from '../domain/index.ts';
import { cachedTileLayer } from './cached-tile-layer.ts';
import { MARKER_BOX } from './marker-target.ts';

export interface MapStop {
	id: string;
	/** Position in the tour, shown on the marker. */
	number: number;
	location: GeoPoint;
	state: 'planned' | 'in-progress' | 'done' | 'cancelled';
	title: string;
}

export interface OwnPosition extends GeoPoint {
	accuracyM: number;
}

const DEFAULT_CENTRE: L.LatLngExpression = [50.6487, 11.3668]; // Saalfeld
const DEFAULT_ZOOM = 11;
const FIT_PADDING: L.PointExpression = [24, 24];
const FIT_MAX_ZOOM = 15;

export class TourMapView {
	readonly #map: L.Map;
	readonly #stops = L.layerGroup();
	readonly #route = L.polyline([], { color: '#1d4ed8', weight: 4, opacity: 0.7 });
	#position: L.Circle | undefined;
	#positionDot: L.CircleMarker | undefined;
	#fitted = false;
	readonly #onSelect: (stopId: string) => void;

	constructor(element: HTMLElement, tiles: { url: string; attribution: string }, onSelect: (stopId: string) => void) {
		this.#map = L.map(element, { zoomControl: true, attributionControl: true }).setView(DEFAULT_CENTRE, DEFAULT_ZOOM);
		cachedTileLayer(tiles).addTo(this.#map);
		this.#route.addTo(this.#map);
		this.#stops.addTo(this.#map);
		this.#onSelect = onSelect;
	}

	/** Markers and route line; the route starts and ends at the given places when known. */
	setStops(stops: readonly MapStop[], start?: GeoPoint, end?: GeoPoint): void {
		this.#stops.clearLayers();
		for (const stop of stops) {
			const icon = L.divIcon({
				className: `tour-marker tour-stop tour-marker-${stop.state}`,
				html: `<span>${stop.number}</span>`,
				...MARKER_BOX
			});
			const marker = L.marker([stop.location.lat, stop.location.lon], { icon, title: stop.title, keyboard: true, alt: `${stop.number}: ${stop.title}` });
			marker.on('click', () => this.#onSelect(stop.id));
			marker.addTo(this.#stops);
		}
		// Where the tour begins and ends (station or home): a house, not a number.
		for (const place of [start, end]) {
			if (!place) continue;
			const icon = L.divIcon({ className: 'tour-marker tour-marker-base', html: '<span>⌂</span>', ...MARKER_BOX });
			L.marker([place.lat, place.lon], { icon, keyboard: false, interactive: false }).addTo(this.#stops);
		}
		const line = [start, ...stops.map((s) => s.location), end].filter((p): p is GeoPoint => p !== undefined);
		this.#route.setLatLngs(line.map((p) => [p.lat, p.lon]));
		if (!this.#fitted && line.length > 0) {
			this.#map.fitBounds(L.latLngBounds(line.map((p) => [p.lat, p.lon])), { padding: FIT_PADDING, maxZoom: FIT_MAX_ZOOM, animate: false });
			this.#fitted = true;
		}
	}

	setPosition(position: OwnPosition | undefined): void {
		this.#position?.remove();
		this.#positionDot?.remove();
		this.#position = this.#positionDot = undefined;
		if (!position) return;
		const at: L.LatLngExpression = [position.lat, position.lon];
		this.#position = L.circle(at, { radius: position.accuracyM, color: '#0ea5e9', weight: 1, fillOpacity: 0.12 }).addTo(this.#map);
		this.#positionDot = L.circleMarker(at, { radius: 7, color: '#fff', weight: 2, fillColor: '#0284c7', fillOpacity: 1 }).addTo(this.#map);
	}

	focus(location: GeoPoint): void {
		this.#map.panTo([location.lat, location.lon], { animate: false });
	}

	/** The map's current view, e.g. to save it for offline use. */
	bounds(): { south: number; west: number; north: number; east: number } {
		const b = this.#map.getBounds();
		return { south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast() };
	}

	/** Leaflet measures its container once; call after the container changes size. */
	resize(): void {
		this.#map.invalidateSize();
	}

	destroy(): void {
		this.#map.remove();
	}
}
