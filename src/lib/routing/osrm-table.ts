// Travel times from an OSRM-compatible table service (OSRM HTTP API v1, `table` service with
// `annotations=duration,distance`), used when ROUTING_URL is configured and the device is online.
import type { GeoPoint } from '../domain/index.ts';
import type { TravelMatrix } from './problem.ts';

/** OSRM's default `max-table-size` is 100; a nurse's day stays well below. */
export const OSRM_MAX_PLACES = 100;
const TIMEOUT_MS = 8000;

export type OsrmResult = { ok: true; matrix: TravelMatrix } | { ok: false; error: string };

interface OsrmTableResponse {
	code?: string;
	message?: string;
	durations?: (number | null)[][];
	distances?: (number | null)[][];
}

/** `fetchFn` is passed in so tests can answer for a server. Unreachable pairs (null) make the whole answer unusable. */
export async function fetchOsrmTable(baseUrl: string, places: readonly GeoPoint[], fetchFn: typeof fetch = fetch): Promise<OsrmResult> {
	if (places.length < 2) return { ok: false, error: 'at least two places are needed' };
	if (places.length > OSRM_MAX_PLACES) return { ok: false, error: `more than ${OSRM_MAX_PLACES} places` };
	const coordinates = places.map((p) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`).join(';');
	const url = `${baseUrl.replace(/\/+$/, '')}/table/v1/driving/${coordinates}?annotations=duration,distance`;
	let body: OsrmTableResponse;
	try {
		const response = await fetchFn(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
		if (!response.ok) return { ok: false, error: `routing service answered HTTP ${response.status}` };
		body = (await response.json()) as OsrmTableResponse;
	} catch (err) {
		return { ok: false, error: `routing service not reachable: ${(err as Error).message}` };
	}
	if (body.code !== 'Ok') return { ok: false, error: `routing service: ${body.code ?? 'no code'} ${body.message ?? ''}`.trim() };
	const size = places.length;
	const time = new Float64Array(size * size);
	const distance = new Float64Array(size * size);
	for (let i = 0; i < size; i++) {
		for (let j = 0; j < size; j++) {
			const seconds = body.durations?.[i]?.[j];
			const metres = body.distances?.[i]?.[j];
			if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return { ok: false, error: `no route between places ${i} and ${j}` };
			time[i * size + j] = seconds / 60;
			distance[i * size + j] = typeof metres === 'number' && Number.isFinite(metres) ? metres / 1000 : 0;
		}
	}
	return { ok: true, matrix: { size, time, distance } };
}
