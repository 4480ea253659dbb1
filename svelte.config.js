import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A single-page app: the sync server serves index.html for every app route.
		adapter: adapter({ fallback: 'index.html', pages: 'build', assets: 'build' }),
		serviceWorker: { register: false }
	}
};

export default config;
