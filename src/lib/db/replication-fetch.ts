// The fetch of PouchDB's remote databases. Live replication parks one request on the server
// (`_changes?feed=longpoll`) until something changes, again and again all day. Browsers send a
// fetch at high priority, and an open high-priority request looks like part of the page's load to
// the browser's scheduler and to whatever waits for a load to end (Lighthouse, which waits until
// no high-priority request is open, ran into its 45 s timeout and counted a garbage collection
// half a minute later as load). Waiting for the next change is background work: low priority.
// Every other request of the replication (catching up, `_revs_diff`, `_bulk_get`, `_bulk_docs`)
// keeps the default.
import { deviceFetch } from './device-fetch.ts';

const PARKED_FEEDS = new Set(['longpoll', 'continuous']);

/** A request that waits on the server for the next change rather than asking for data. */
export function isParkedRequest(url: string): boolean {
	const parsed = new URL(url, 'http://relative.invalid');
	return parsed.pathname.endsWith('/_changes') && PARKED_FEEDS.has(parsed.searchParams.get('feed') ?? '');
}

function urlOf(input: RequestInfo | URL): string {
	if (typeof input === 'string') return input;
	return input instanceof URL ? input.href : input.url;
}

/** `deviceFetch`, with a parked request at low priority. */
export function replicationFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
	return deviceFetch(input, isParkedRequest(urlOf(input)) ? { ...init, priority: 'low' } : init);
}
