// Irreversible operations confirm or undo (issue 13): the dispatcher's reassign and cancel need a
// confirmation that names what changes, and "Rückgängig" writes the state before back to the server.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/lib/domain/index.ts';
import { launchBrowser, signIn } from '../support/browser.ts';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/test-server.ts';

const STATION = 'rw-confirm';
const DB = `team-${STATION}`;
const RUNNING = 'mission:01RUNNING';
const OTHER = 'mission:02OTHER';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	server = await startTestServer({ staticDir: path.resolve('build') });
	const { accounts, storage } = server.app;
	await accounts.saveTeam({ id: STATION, name: 'Rettungswache Bestätigung', kind: 'ambulance', region: 'test' });
	await accounts.saveTeam({ id: 'ls-confirm', name: 'Leitstelle', kind: 'dispatch', region: 'test' });
	await accounts.createUser({ username: 'ls.confirm', displayName: 'Leitstelle', role: 'dispatcher', teams: [STATION, 'ls-confirm'], password: TEST_PASSWORD });
	const at = new Date(Date.now() - 600_000).toISOString();
	const meta = { schemaVersion: SCHEMA_VERSION, createdAt: at, createdBy: 'ls.confirm', deviceId: 'seed' };
	await storage.database(DB).bulkDocs([
		{ ...meta, _id: RUNNING, type: 'mission', keyword: 'RD 1 – Atemnot', priority: 1, address: 'Markt 1, Saalfeld', unitId: 'rtw.a', state: 'active', alarmedAt: at },
		// rtw.b waits at the station (status 2) but has just been alerted to another mission.
		{ ...meta, _id: OTHER, type: 'mission', keyword: 'RD 2 – Sturz', priority: 2, address: 'Bahnhofstraße 3, Saalfeld', unitId: 'rtw.b', state: 'assigned', alarmedAt: at },
		{ ...meta, _id: 'status:-:01A', type: 'status', createdBy: 'rtw.a', unitId: 'rtw.a', status: 2, at, position: { lat: 50.65, lon: 11.36 } },
		{ ...meta, _id: 'status:-:02B', type: 'status', createdBy: 'rtw.b', unitId: 'rtw.b', status: 2, at, position: { lat: 50.66, lon: 11.37 } }
	] as never[]);
	browser = await launchBrowser();
});
afterAll(async () => {
	await browser?.close();
	await server?.close();
});

const stored = async (id: string) => (await server.app.storage.database(DB).get(id)) as unknown as { unitId?: string; state: string; cancelReason?: string; _rev: string };

async function console(): Promise<Page> {
	const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1400, height: 900 } });
	const page = await context.newPage();
	await signIn(page, server.url, 'ls.confirm', TEST_PASSWORD, '/lage');
	await page.locator(`[data-testid=mission-row][data-mission="${RUNNING}"]`).waitFor();
	return page;
}

describe('the dispatcher reassigns and cancels only after confirming, and can undo', () => {
	it('an arrow key on the unit select changes nothing; the confirmation names mission, units and the busy unit; undo restores the unit', async () => {
		const page = await console();
		const row = page.locator(`[data-testid=mission-row][data-mission="${RUNNING}"]`);
		const select = row.getByTestId('reassign-unit');
		await select.focus();
		await page.keyboard.press('ArrowDown');
		expect(await select.inputValue()).toBe('rtw.b');
		await expect.poll(() => page.getByTestId('confirm-dialog').count()).toBe(0);
		expect((await stored(RUNNING)).unitId).toBe('rtw.a');

		await row.getByTestId('reassign').click();
		const dialog = page.getByTestId('confirm-dialog');
		await expect.poll(() => dialog.isVisible()).toBe(true);
		const text = (await dialog.textContent()) ?? '';
		expect(text).toContain('P1 · RD 1 – Atemnot');
		expect(text).toContain('Bisher: rtw.a → neu: rtw.b');
		expect(await dialog.getByTestId('confirm-busy').textContent()).toContain('rtw.b ist bereits zu P2 · RD 2 – Sturz alarmiert');
		// Focus is inside the dialog; Escape leaves everything as it was.
		expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
		await page.keyboard.press('Escape');
		await expect.poll(() => page.getByTestId('confirm-dialog').count()).toBe(0);
		expect((await stored(RUNNING)).unitId).toBe('rtw.a');

		await row.getByTestId('reassign').click();
		await page.getByTestId('confirm-ok').click();
		await expect.poll(async () => (await stored(RUNNING)).unitId, { timeout: 15_000 }).toBe('rtw.b');
		const reassignedRev = (await stored(RUNNING))._rev;
		await page.getByTestId('undo').click();
		await expect.poll(async () => (await stored(RUNNING)).unitId, { timeout: 15_000 }).toBe('rtw.a');
		const restored = await stored(RUNNING);
		expect(restored.state).toBe('active');
		expect(Number.parseInt(restored._rev)).toBeGreaterThan(Number.parseInt(reassignedRev)); // a new revision, history kept
		await page.context().close();
	});

	it('cancelling asks for a reason; undo makes the mission run again', async () => {
		const page = await console();
		const row = page.locator(`[data-testid=mission-row][data-mission="${RUNNING}"]`);
		await row.getByRole('button', { name: 'Stornieren' }).click();
		const ok = page.getByTestId('confirm-ok');
		expect(await ok.isDisabled()).toBe(true);
		await page.getByTestId('confirm-cancel').click();
		expect((await stored(RUNNING)).state).toBe('active');

		await row.getByRole('button', { name: 'Stornieren' }).click();
		await page.getByTestId('cancel-reason').fill('Doppelalarmierung');
		await ok.click();
		await expect.poll(async () => (await stored(RUNNING)).state, { timeout: 15_000 }).toBe('cancelled');
		expect((await stored(RUNNING)).cancelReason).toBe('Doppelalarmierung');
		await page.getByTestId('undo').click();
		await expect.poll(async () => (await stored(RUNNING)).state, { timeout: 15_000 }).toBe('active');
		expect((await stored(RUNNING)).cancelReason).toBeUndefined();
		await expect.poll(() => row.count(), { timeout: 5000 }).toBe(1);
		await page.context().close();
	});
});
