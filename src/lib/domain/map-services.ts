// The map, routing and geocoding servers an installation uses: set by the operator on the server
// (TILE_URL, ROUTING_URL, GEOCODER_URL), told to the app at sign-in and kept on the device for offline use.
import * as v from 'valibot';

const httpUrl = v.pipe(v.string(), v.regex(/^https?:\/\/\S+$/, 'must be an http(s) URL'));

export const MapServicesSchema = v.object({
	/** Leaflet tile template with `{z}/{x}/{y}`. */
	tileUrl: v.pipe(httpUrl, v.check((url) => ['{z}', '{x}', '{y}'].every((part) => url.includes(part)), 'must contain {z}, {x} and {y}')),
	tileAttribution: v.pipe(v.string(), v.maxLength(300)),
	/** OSRM-compatible service (`/table/v1/driving/…`); without it travel times are estimated from straight lines. */
	routingUrl: v.optional(httpUrl),
	/** Nominatim-compatible search; without it no address leaves the device. */
	geocoderUrl: v.optional(httpUrl)
});
export type MapServices = v.InferOutput<typeof MapServicesSchema>;

export const PUBLIC_OSM_SERVICES: MapServices = {
	tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
	tileAttribution: '© OpenStreetMap contributors (openstreetmap.org/copyright)'
};
