// Leaflet map of a tour: numbered stops in order, the line between them, the nurse's position.
// Tiles come from the offline cache first (tile-cache.ts), then from the configured tile server.
import L from 'leaflet';
import type { GeoPoint } from '../domain/index.ts';
import { cachedTileLayer, MAP_OPTIONS } from './cached-tile-layer.ts';
import { escapeHtml } from './html.ts';
import { groupLabel, groupOverlappingMarkers, zoomToSeparate } from './marker-groups.ts';
import { MARKER_BOX, MARKER_TARGET_PX } from './marker-target.ts';

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
/** Start and end places lie under the stops: a number matters more than the house. */
const BASE_Z_OFFSET = -1000;

export interface TourMapEvents {
	/** A stop's marker was tapped. */
	onSelect: (stopId: string) => void;
	/** A group of stops at one place (no zoom separates them) was tapped. */
	onList: (stopIds: string[]) => void;
	/** The text a group marker is announced and titled with. */
	describeGroup: (stops: readonly MapStop[]) => string;
}

export class TourMapView {
	readonly #map: L.Map;
	readonly #stops = L.layerGroup();
	readonly #route = L.polyline([], { color: '#1d4ed8', weight: 4, opacity: 0.7 });
	#position: L.Circle | undefined;
	#positionDot: L.CircleMarker | undefined;
	#fitted = false;
	readonly #events: TourMapEvents;
	#shownStops: readonly MapStop[] = [];
	#places: GeoPoint[] = [];
	/** The marker each stop is drawn in (its own or its group's), to give focus back to it. */
	readonly #markerOf = new Map<string, L.Marker>();
	readonly #tiles: { url: string; attribution: string };
	#tilesTimer: ReturnType<typeof setTimeout> | undefined;
	/** The first markers are drawn in a task after the map's view, the tiles in the next: each task short on a phone. */
	#markersTimer: ReturnType<typeof setTimeout> | undefined;
	#markersDrawn = false;

	constructor(element: HTMLElement, tiles: { url: string; attribution: string }, events: TourMapEvents) {
		this.#map = L.map(element, { ...MAP_OPTIONS, zoomControl: true, attributionControl: true }).setView(DEFAULT_CENTRE, DEFAULT_ZOOM);
		this.#tiles = tiles;
		this.#route.addTo(this.#map);
		this.#stops.addTo(this.#map);
		this.#events = events;
		// Markers that overlap at one zoom may stand apart at the next: group them again.
		this.#map.on('zoomend', () => this.#drawMarkers());
	}

	/** Markers and route line; the route starts and ends at the given places when known. */
	setStops(stops: readonly MapStop[], start?: GeoPoint, end?: GeoPoint): void {
		const line = [start, ...stops.map((s) => s.location), end].filter((p): p is GeoPoint => p !== undefined);
		this.#route.setLatLngs(line.map((p) => [p.lat, p.lon]));
		// Fitted before the new stops are taken: the zoom change redraws the markers (zoomend), and
		// with the old stops that is no work; they are drawn once, below.
		if (!this.#fitted && line.length > 0) {
			this.#map.fitBounds(L.latLngBounds(line.map((p) => [p.lat, p.lon])), { padding: FIT_PADDING, maxZoom: FIT_MAX_ZOOM, animate: false });
			this.#fitted = true;
		}
		this.#shownStops = stops;
		this.#places = [start, end].filter((p): p is GeoPoint => p !== undefined);
		if (this.#markersDrawn) this.#drawMarkers();
		else
			this.#markersTimer ??= setTimeout(() => {
				this.#markersDrawn = true;
				this.#drawMarkers();
			});
		// The tiles come with the first stops, in a task of their own, for the fitted view: tiles
		// drawn for the default view first, then again for the tour's, doubled the page's longest task.
		this.#tilesTimer ??= setTimeout(() => cachedTileLayer(this.#tiles).addTo(this.#map));
	}

	/** Scrolls the page so the whole map is in view from its top edge (a bottom sheet covers the screen's lower part). */
	reveal(): void {
		const box = this.#map.getContainer().getBoundingClientRect();
		if (box.top < 0 || box.bottom > window.innerHeight) this.#map.getContainer().scrollIntoView({ block: 'start' });
	}

	/** Moves keyboard focus to the marker that shows the stop (after its card closes). */
	focusStop(stopId: string): void {
		const element = this.#markerOf.get(stopId)?.getElement();
		element?.focus();
	}

	/** Stops whose 44 px targets would overlap at this zoom are drawn as one group marker. */
	#drawMarkers(): void {
		this.#stops.clearLayers();
		this.#markerOf.clear();
		const zoom = this.#map.getZoom();
		const stops = this.#shownStops;
		const points = stops.map((s) => this.#map.project([s.location.lat, s.location.lon], zoom));
		for (const group of groupOverlappingMarkers(points, MARKER_TARGET_PX)) {
			const members = group.members.map((i) => stops[i]);
			const marker = members.length === 1 ? this.#stopMarker(members[0]) : this.#groupMarker(members, group.members.map((i) => points[i]), this.#map.unproject(L.point(group.centre.x, group.centre.y), zoom));
			marker.addTo(this.#stops);
			for (const stop of members) this.#markerOf.set(stop.id, marker);
		}
		// Where the tour begins and ends (station or home): a house, not a number.
		for (const place of this.#places) {
			const icon = L.divIcon({ className: 'tour-marker tour-marker-base', html: '<span>⌂</span>', ...MARKER_BOX });
			L.marker([place.lat, place.lon], { icon, keyboard: false, interactive: false, zIndexOffset: BASE_Z_OFFSET }).addTo(this.#stops);
		}
	}

	#stopMarker(stop: MapStop): L.Marker {
		const icon = L.divIcon({
			className: `tour-marker tour-stop tour-marker-${stop.state}`,
			html: `<span>${stop.number}</span>`,
			...MARKER_BOX
		});
		const marker = L.marker([stop.location.lat, stop.location.lon], { icon, title: stop.title, keyboard: true, alt: `${stop.number}: ${stop.title}` });
		onActivate(marker, () => this.#events.onSelect(stop.id));
		return marker;
	}

	/** A tap zooms in until the stops stand apart; stops at one address are listed instead. */
	#groupMarker(members: readonly MapStop[], points: readonly L.Point[], at: L.LatLng): L.Marker {
		const description = this.#events.describeGroup(members);
		const icon = L.divIcon({
			className: 'tour-marker tour-group',
			html: `<span>${escapeHtml(groupLabel(members.map((s) => s.number)))}</span>`,
			...MARKER_BOX
		});
		const marker = L.marker(at, { icon, title: description, keyboard: true, alt: description });
		onActivate(marker, () => {
			const zoom = this.#map.getZoom();
			const target = zoomToSeparate(points, MARKER_TARGET_PX, zoom, this.#map.getMaxZoom());
			if (target === undefined) {
				this.#events.onList(members.map((s) => s.id));
				return;
			}
			// The group's marker goes away with the zoom: a keyboard user goes on at its first stop.
			const hadFocus = document.activeElement === marker.getElement();
			this.#map.setView(at, target, { animate: false });
			if (hadFocus) this.focusStop(members[0].id);
		});
		return marker;
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
		clearTimeout(this.#markersTimer);
		clearTimeout(this.#tilesTimer);
		this.#map.remove();
	}
}

/** A tap, a click, or Enter/Space on the focused marker (Leaflet gives markers role=button but only a popup answers the keyboard). */
function onActivate(marker: L.Marker, action: () => void): void {
	marker.on('click', action);
	marker.on('keydown', (event: L.LeafletKeyboardEvent) => {
		const key = event.originalEvent.key;
		if (key !== 'Enter' && key !== ' ') return;
		event.originalEvent.preventDefault();
		action();
	});
}
