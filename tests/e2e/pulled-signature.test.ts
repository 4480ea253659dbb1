// A signature given on another device arrives with its replication batch on a fresh tablet
// (sync/inline-attachments.ts): no request of its own, and the visit shows the picture.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localIsoDate } from '../../src/lib/domain/index.ts';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { base64, signaturePng } from '../../sync-server/src/demo/signature-png.ts';
import { signIn, waitUpToDate } from '../support/browser.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';
import type { TestServer } from '../support/test-server.ts';

const TEAM = 'team-pflege-saalfeld';
const NURSE = 'schwester.anna';

let server: TestServer;
let browser: Browser;
let visitId: string;

beforeAll(async () => {
	({ server, browser } = await startE2eApp({ demo: true }));
	const db = server.app.storage.database(TEAM);
	const today = localIsoDate(new Date());
	const visits = await db.allDocs({ startkey: `visit:${today}:`, endkey: `visit:${today}:\ufff0`, include_docs: true });
	const visit = visits.rows.map((row) => row.doc as unknown as Record<string, unknown> & { _id: string }).find((doc) => doc.assignedTo === NURSE);
	if (!visit) throw new Error('the demo has no visit of the nurse today');
	visitId = visit._id;
	const now = Date.now();
	let seed = 7;
	const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
	// Documented and signed on the colleague's tablet, as it reaches the server.
	await db.put({
		...visit,
		status: 'done',
		startedAt: new Date(now - 40 * 60_000).toISOString(),
		endedAt: new Date(now - 10 * 60_000).toISOString(),
		tasksDone: visit.tasks,
		signedAt: new Date(now - 10 * 60_000).toISOString(),
		updatedAt: new Date(now - 9 * 60_000).toISOString(),
		updatedBy: NURSE,
		_attachments: { 'signature.png': { content_type: 'image/png', data: base64(signaturePng(random)) } }
	});
}, 120_000);
afterAll(() => stopE2eApp({ server, browser }));

describe('a signature pulled by a fresh tablet', () => {
	it('comes with its batch, not in a request of its own, and the visit shows it', async () => {
		const context = await browser.newContext({ locale: 'de-DE' });
		const page = await context.newPage();
		const ownRequests: string[] = [];
		page.on('request', (request) => {
			if (new URL(request.url()).pathname.endsWith('/signature.png')) ownRequests.push(request.url());
		});
		await signIn(page, server.url, NURSE, DEMO_PASSWORD, '/heute');
		await waitUpToDate(page, 30_000);
		await page.goto(`${server.url}/besuche/${encodeURIComponent(visitId)}`);
		const picture = page.getByTestId('signature-image');
		await picture.waitFor();
		await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
		expect(ownRequests).toEqual([]);
		await context.close();
	}, 90_000);
});
