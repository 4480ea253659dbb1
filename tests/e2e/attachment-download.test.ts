// A dispatcher opens an HTML attachment that was stored before the allow-list existed (issue 11,
// item 7): the browser downloads it, and none of its script runs on the app's origin.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/browser.ts';
import { testPatient } from '../support/documents.ts';
import { TEST_PASSWORD, type TestServer } from '../support/test-server.ts';
import type { TileServer } from '../support/tile-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

const TEAM = 'pflege-download';
const DB = `team-${TEAM}`;
const ATTACHMENT = 'befund.html';
/** The page would mark the app's origin (its storage) and call home, if it ran. */
const PAGE = `<!doctype html><html><head><title>Befund</title></head><body>
<script>localStorage.setItem('pwned', '1'); document.title = 'pwned'; fetch('/api/pwned?from=attachment');</script>
<img src="/api/pwned?from=img" onerror="fetch('/api/pwned?from=onerror')">Befund</body></html>`;

let server: TestServer;
let tiles: TileServer;
let browser: Browser;

beforeAll(async () => {
	({ server, browser, tiles } = await startE2eApp({ tiles: 'plain' }));
	const { accounts, storage } = server.app;
	await accounts.saveTeam({ id: TEAM, name: 'Pflege Download', kind: 'nursing', region: 'test' });
	await accounts.createUser({ username: 'pdl.download', displayName: 'PDL', role: 'dispatcher', teams: [TEAM], password: TEST_PASSWORD });
	// Straight into storage, past the server's checks, as an upload from before the fix would be.
	const legacy = { ...testPatient('legacy-upload', 'schwester.x'), _attachments: { [ATTACHMENT]: { content_type: 'text/html', data: Buffer.from(PAGE).toString('base64') } } };
	await storage.database(DB).put(legacy as never);
});
afterAll(() => stopE2eApp({ server, browser, tiles }));

describe('an HTML attachment stored before the allow-list', () => {
	it('is downloaded, not rendered, when a signed-in dispatcher opens it; no script of it runs', async () => {
		const context = await browser.newContext({ locale: 'de-DE', acceptDownloads: true });
		const called: string[] = [];
		context.on('request', (request) => {
			if (request.url().includes('/api/pwned')) called.push(request.url());
		});
		const page = await context.newPage();
		await signIn(page, server.url, 'pdl.download', TEST_PASSWORD, '/lage');
		const url = `${server.url}/db/${DB}/patient:legacy-upload/${ATTACHMENT}`;

		// Followed as a link from the app (same origin, with the session cookie) ...
		const [fromLink] = await Promise.all([
			page.waitForEvent('download'),
			page.evaluate((href) => {
				const link = document.createElement('a');
				link.href = href;
				document.body.append(link);
				link.click();
			}, url)
		]);
		expect(fromLink.suggestedFilename()).toBe(ATTACHMENT);
		const saved = await fromLink.path();
		expect(saved).toBeTruthy();

		// ... and typed into the address bar of a new tab.
		const tab = await context.newPage();
		const [typed] = await Promise.all([tab.waitForEvent('download'), tab.goto(url).catch(() => undefined)]);
		expect(typed.suggestedFilename()).toBe(ATTACHMENT);

		// Still the app on the app's page; nothing of the attachment ran anywhere.
		expect(new URL(page.url()).pathname).toBe('/lage');
		expect(await page.title()).not.toBe('pwned');
		expect(await page.evaluate(() => localStorage.getItem('pwned'))).toBeNull();
		for (const open of context.pages()) expect(await open.title().catch(() => '')).not.toBe('pwned');
		expect(called).toEqual([]);
		await context.close();
	});
});
