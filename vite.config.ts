import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { defineConfig } from 'vitest/config';

const DEV_SERVER = process.env.FIELDCARE_DEV_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			registerType: 'autoUpdate',
			// Absolute, or a deep link (/patienten/…/verlauf) registers ./sw.js under that path and gets index.html.
			base: '/',
			scope: '/',
			// adapter-static writes the SPA fallback as index.html; it must be precached
			// or an offline reload fails (PITFALLS.md).
			kit: { adapterFallback: 'index.html', spa: true },
			manifest: {
				name: 'FieldCare',
				short_name: 'FieldCare',
				description: 'Pflege und Rettungsdienst im ländlichen Raum – auch ohne Netz',
				lang: 'de',
				start_url: '/',
				scope: '/',
				display: 'standalone',
				orientation: 'any',
				theme_color: '#0b5d4b',
				background_color: '#ffffff',
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
					{ src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
				]
			},
			workbox: {
				navigateFallback: '/index.html',
				// Replication and the API must always reach the network, never the cache.
				navigateFallbackDenylist: [/^\/db\//, /^\/api\//],
				globPatterns: ['**/*.{js,css,html,webmanifest,png,svg,ico,woff2}'],
				clientsClaim: true,
				skipWaiting: true
			},
			devOptions: { enabled: false }
		})
	],
	build: {
		// The bundler's plugin-timing report is noise in `npm start`.
		rolldownOptions: { checks: { bundlerTimings: false } },
		// No <link rel=modulepreload> per dependency of a lazily loaded page: Chromium compiled each
		// one on the main thread as it was inserted (one 100+ ms task on the signed-in home page, the
		// modules already in the service worker's cache). Measured with `npm run bench -- lighthouse`:
		// home TBT 795 → 495–596 ms, /login unchanged (97–99). The modules load through their imports.
		modulePreload: false
	},
	server: {
		proxy: { '/api': DEV_SERVER, '/db': DEV_SERVER }
	},
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts', 'sync-server/src/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					environment: 'node',
					testTimeout: 120_000,
					hookTimeout: 120_000,
					fileParallelism: false
				}
			}
		]
	}
});
