// Address → position through a Nominatim-compatible search API (GEOCODER_URL). Only called when
// the operator configured one and the user asked: no address leaves the device otherwise.
import type { Address, GeoPoint } from '../domain/index.ts';

const TIMEOUT_MS = 8000;

export type GeocodeResult = { ok: true; point: GeoPoint; label: string } | { ok: false; error: 'not-found' | 'unreachable' | 'bad-answer' };

export async function geocodeAddress(baseUrl: string, address: Address, fetchFn: typeof fetch = fetch): Promise<GeocodeResult> {
	const params = new URLSearchParams({ format: 'jsonv2', limit: '1', countrycodes: 'de', street: address.street, postalcode: address.postalCode, city: address.city });
	let body: unknown;
	try {
		const response = await fetchFn(`${baseUrl.replace(/\/+$/, '')}/search?${params}`, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
		if (!response.ok) return { ok: false, error: 'unreachable' };
		body = await response.json();
	} catch {
		return { ok: false, error: 'unreachable' };
	}
	if (!Array.isArray(body)) return { ok: false, error: 'bad-answer' };
	if (body.length === 0) return { ok: false, error: 'not-found' };
	const first = body[0] as { lat?: unknown; lon?: unknown; display_name?: unknown };
	const lat = Number(first.lat);
	const lon = Number(first.lon);
	if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return { ok: false, error: 'bad-answer' };
	return { ok: true, point: { lat, lon }, label: typeof first.display_name === 'string' ? first.display_name : '' };
}
