// Response headers of the whole server in one place: what every response carries, what responses
// with health data carry (/api, /db), and the head of the long-lived streams that bypass Fastify.
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Health data is never kept by the browser, a proxy or the service worker's HTTP cache. */
export const NO_STORE = 'no-store';
/** HSTS lifetime: one year, the usual minimum for preload lists; sent only behind HTTPS. */
const HSTS_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/**
 * Powerful features the app may use, all from its own origin only: Web Bluetooth for measuring
 * devices, geolocation for crews' positions, camera and microphone for consults. Every other
 * feature a page could ask for is off; the names are ones Chromium knows (unknown ones are logged
 * as errors).
 */
const PERMISSIONS_POLICY = [
	'bluetooth=(self)',
	'geolocation=(self)',
	'camera=(self)',
	'microphone=(self)',
	...[
		'accelerometer',
		'autoplay',
		'clipboard-read',
		'display-capture',
		'encrypted-media',
		'fullscreen',
		'gyroscope',
		'hid',
		'idle-detection',
		'magnetometer',
		'midi',
		'payment',
		'picture-in-picture',
		'publickey-credentials-get',
		'screen-wake-lock',
		'serial',
		'sync-xhr',
		'usb',
		'web-share',
		'xr-spatial-tracking'
	].map((feature) => `${feature}=()`)
].join(', ');

/**
 * The app's own content policy is SvelteKit's (svelte.config.js, a meta tag with the hashes of its
 * inline script); a meta tag cannot forbid framing, so that part is a header. JSON answers may
 * load nothing at all.
 */
const APP_CSP = "frame-ancestors 'none'";
const DATA_CSP = "default-src 'none'; frame-ancestors 'none'";

export interface HeaderOptions {
	/** Served behind HTTPS (SECURE_COOKIES=1): browsers are told to come back only over HTTPS. */
	secure: boolean;
}

/** /api and /db: the answers that carry health data or sessions. */
export function isDataPath(url: string): boolean {
	return /^\/(api|db)(\/|\?|$)/.test(url);
}

/** Headers for a response to `url`. */
export function responseHeaders(url: string, options: HeaderOptions): Record<string, string> {
	const data = isDataPath(url);
	return {
		'x-content-type-options': 'nosniff',
		'referrer-policy': 'no-referrer',
		'permissions-policy': PERMISSIONS_POLICY,
		'x-frame-options': 'DENY',
		'content-security-policy': data ? DATA_CSP : APP_CSP,
		...(options.secure ? { 'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}` } : {}),
		...(data ? { 'cache-control': NO_STORE } : {})
	};
}

/**
 * Put on the raw response, not on Fastify's reply: so they also reach responses that are written
 * directly (hijacked feeds and streams merge them into their writeHead) and static files. A
 * route's own reply.header() of the same name still wins.
 */
export function applyResponseHeaders(raw: ServerResponse, url: string, options: HeaderOptions): void {
	for (const [name, value] of Object.entries(responseHeaders(url, options))) raw.setHeader(name, value);
}

export function responseHeadersHook(options: HeaderOptions) {
	return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
		applyResponseHeaders(reply.raw, request.url, options);
	};
}

/** The head of a long-lived stream (changes feeds, the live stream): never cached, never buffered by a proxy. */
export function streamHeaders(contentType: string): OutgoingHttpHeaders {
	return { 'content-type': contentType, 'cache-control': NO_STORE, 'x-accel-buffering': 'no' };
}
