// One e2e file's world: the built app served by a test server on loopback (with the demo
// organisation when asked), a tile server of its own when the file shows maps, and Chromium.
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { seedDemo } from '../../sync-server/src/demo/seed.ts';
import { launchBrowser } from './browser.ts';
import { startTestServer, type TestServer } from './test-server.ts';
import { startTileServer, type TileServer } from './tile-server.ts';

export interface E2eApp {
	server: TestServer;
	browser: Browser;
	tiles?: TileServer;
}

export interface E2eAppOptions {
	/** Load the demo organisation (nursing team, ambulance station, dispatcher, admin). */
	demo?: boolean;
	/** Map tiles from loopback, as from an operator's tile server (`retina`: the template with `{r}`). */
	tiles?: 'plain' | 'retina';
	/** Extra Chromium switches (e.g. Web Bluetooth). */
	browserArgs?: string[];
}

export async function startE2eApp(options: E2eAppOptions & { tiles: 'plain' | 'retina' }): Promise<E2eApp & { tiles: TileServer }>;
export async function startE2eApp(options?: E2eAppOptions): Promise<E2eApp>;
export async function startE2eApp(options: E2eAppOptions = {}): Promise<E2eApp> {
	const tiles = options.tiles ? await startTileServer() : undefined;
	const services = tiles ? { tileUrl: options.tiles === 'retina' ? tiles.retinaTemplate : tiles.template, tileAttribution: 'Testkacheln' } : undefined;
	const server = await startTestServer({ staticDir: path.resolve('build'), ...(services ? { services } : {}) });
	if (options.demo) await seedDemo(server.app.accounts, server.app.storage);
	const browser = await launchBrowser(options.browserArgs);
	return { server, browser, tiles };
}

/** Stops what started, also after a start that failed half-way (afterAll runs anyway). */
export async function stopE2eApp(app: Partial<E2eApp>): Promise<void> {
	await app.browser?.close();
	await app.server?.close();
	await app.tiles?.close();
}
