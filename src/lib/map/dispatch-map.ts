// The dispatcher's map: units coloured by FMS status, open missions, nurses on their tours. A tap
// on the map offers its position for a new mission.
import L from 'leaflet';
import type { GeoPoint } from '../domain/index.ts';
import { cachedTileLayer, MAP_OPTIONS } from './cached-tile-layer.ts';
import { escapeHtml } from './html.ts';
import { MARKER_BOX } from './marker-target.ts';

export interface MapMarker {
	id: string;
	location: GeoPoint;
	/** Short text on the marker, e.g. "3" for a unit's status or "!" for a mission. */
	text: string;
	/** Longer text for the tooltip and screen readers. */
	title: string;
	colour: string;
	textColour?: string;
	kind: 'unit' | 'mission' | 'nurse';
}

const DEFAULT_CENTRE: L.LatLngExpression = [50.66, 11.33]; // Landkreis Saalfeld-Rudolstadt
const DEFAULT_ZOOM = 10;

export class DispatchMapView {
	readonly #map: L.Map;
	readonly #markers = new Map<string, L.Marker>();
	/** What each marker shows: unchanged markers are left alone (a console has hundreds). */
	readonly #shown = new Map<string, string>();
	readonly #layer = L.layerGroup();
	#pick: L.CircleMarker | undefined;
	readonly #onSelect: (marker: MapMarker) => void;

	constructor(element: HTMLElement, tiles: { url: string; attribution: string }, onSelect: (marker: MapMarker) => void, onPick: (point: GeoPoint) => void) {
		this.#map = L.map(element, MAP_OPTIONS).setView(DEFAULT_CENTRE, DEFAULT_ZOOM);
		cachedTileLayer(tiles).addTo(this.#map);
		this.#layer.addTo(this.#map);
		this.#onSelect = onSelect;
		this.#map.on('click', (event: L.LeafletMouseEvent) => onPick({ lat: Number(event.latlng.lat.toFixed(6)), lon: Number(event.latlng.lng.toFixed(6)) }));
	}

	/** Replaces the markers; unchanged ones are moved and restyled in place, not recreated. */
	setMarkers(markers: readonly MapMarker[]): void {
		const keep = new Set<string>();
		for (const marker of markers) {
			const key = `${marker.kind}:${marker.id}`;
			keep.add(key);
			const signature = `${marker.location.lat},${marker.location.lon}|${marker.text}|${marker.title}|${marker.colour}|${marker.textColour ?? ''}`;
			if (this.#shown.get(key) === signature) continue;
			this.#shown.set(key, signature);
			const icon = L.divIcon({
				className: `dispatch-marker dispatch-${marker.kind}`,
				html: `<span style="background:${marker.colour};color:${marker.textColour ?? '#fff'}" data-marker="${escapeHtml(key)}">${escapeHtml(marker.text)}</span>`,
				...MARKER_BOX
			});
			const existing = this.#markers.get(key);
			if (existing) {
				existing.setLatLng([marker.location.lat, marker.location.lon]);
				existing.setIcon(icon);
				existing.options.title = marker.title;
				existing.off('click').on('click', () => this.#onSelect(marker));
			} else {
				const created = L.marker([marker.location.lat, marker.location.lon], { icon, title: marker.title, alt: marker.title, keyboard: true });
				created.on('click', () => this.#onSelect(marker));
				created.addTo(this.#layer);
				this.#markers.set(key, created);
			}
		}
		for (const [key, marker] of this.#markers) {
			if (keep.has(key)) continue;
			marker.remove();
			this.#markers.delete(key);
			this.#shown.delete(key);
		}
	}

	/** Shows where a new mission will be (or nothing). */
	setPick(point: GeoPoint | undefined): void {
		this.#pick?.remove();
		this.#pick = point ? L.circleMarker([point.lat, point.lon], { radius: 9, color: '#b91c1c', weight: 3, fillOpacity: 0.3 }).addTo(this.#map) : undefined;
	}

	focus(point: GeoPoint): void {
		this.#map.setView([point.lat, point.lon], Math.max(this.#map.getZoom(), 13), { animate: false });
	}

	destroy(): void {
		this.#map.remove();
	}
}
