import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/**
 * Content Security Policy of the app, written by SvelteKit into index.html as a meta tag with the
 * hash of its one inline script (an SPA from adapter-static has no server to send nonces). Only
 * the app's own scripts run: no inline scripts, no eval, no other origin. What the app needs:
 * - style attributes (style-src-attr): Svelte templates, Leaflet and uPlot position elements with
 *   them; style sheets and <style> elements still come only from the app. Styles cannot run code.
 * - images from data:/blob: (Leaflet icons, offline tiles from Cache Storage) and network tiles;
 * - connections to the map, routing and geocoding services. These three are operator settings
 *   (TILE_URL, ROUTING_URL, GEOCODER_URL) read at run time, while this policy is fixed at build time
 *   and cached with the app shell by the service worker, so they are allowed by scheme.
 * - workers (the routing solver, the service worker) from the app's origin.
 * The server adds what a meta tag cannot say (frame-ancestors) as a header (http-headers.ts).
 */
const CSP_DIRECTIVES = {
	'default-src': ['self'],
	'script-src': ['self'],
	'worker-src': ['self'],
	'style-src': ['self'],
	'style-src-attr': ['unsafe-inline'],
	'img-src': ['self', 'data:', 'blob:', 'https:', 'http:'],
	'connect-src': ['self', 'https:', 'http:'],
	'font-src': ['self'],
	'manifest-src': ['self'],
	'media-src': ['self', 'blob:'],
	'object-src': ['none'],
	'frame-src': ['none'],
	'base-uri': ['self'],
	'form-action': ['self']
};

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A single-page app: the sync server serves index.html for every app route.
		adapter: adapter({ fallback: 'index.html', pages: 'build', assets: 'build' }),
		serviceWorker: { register: false },
		csp: { mode: 'hash', directives: CSP_DIRECTIVES }
	}
};

export default config;
