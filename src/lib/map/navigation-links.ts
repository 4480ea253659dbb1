// Hand-off to the phone's navigation app: the geo: URI (RFC 5870) opens the default map app on
// Android; OsmAnd and Google Maps links for the apps nurses use most (OsmAnd works offline).
import type { GeoPoint } from '../domain/index.ts';

export interface NavigationLinks {
	geo: string;
	osmand: string;
	googleMaps: string;
}

/** Six decimals are about 10 cm: more than enough, fewer than JavaScript's full precision. */
const fixed = (value: number) => value.toFixed(6);

export function navigationLinks(to: GeoPoint, label?: string): NavigationLinks {
	const lat = fixed(to.lat);
	const lon = fixed(to.lon);
	const query = label ? `${lat},${lon}(${encodeURIComponent(label)})` : `${lat},${lon}`;
	return {
		geo: `geo:${lat},${lon}?q=${query}`,
		osmand: `https://osmand.net/map?pin=${lat},${lon}#16/${lat}/${lon}`,
		googleMaps: `https://www.google.com/maps/dir/?api=1&destination=${lat},${lon}&travelmode=driving`
	};
}
