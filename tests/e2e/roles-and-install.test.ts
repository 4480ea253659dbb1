// Every role reaches its own home, the app is installable, English is one tap away, and a
// conflict that needs a person is settled on the "Konflikte" screen.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { signIn, waitForServiceWorker } from '../support/browser.ts';
import type { TestServer } from '../support/test-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	({ server, browser } = await startE2eApp({ demo: true }));
});
afterAll(() => stopE2eApp({ server, browser }));

describe('the installed app', () => {
	it('has a web manifest with icons and a theme colour, and a service worker', async () => {
		const page = await browser.newPage();
		await page.goto(`${server.url}/login`);
		const manifestHref = await page.locator('link[rel=manifest]').getAttribute('href');
		expect(manifestHref).toBeTruthy();
		const manifest = (await (await fetch(new URL(manifestHref!, server.url))).json()) as { name: string; display: string; start_url: string; theme_color: string; icons: { src: string; sizes: string; purpose?: string }[] };
		expect(manifest).toMatchObject({ name: 'FieldCare', display: 'standalone', start_url: '/', theme_color: '#0b5d4b' });
		expect(manifest.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
		expect(manifest.icons.some((i) => i.purpose === 'maskable')).toBe(true);
		for (const icon of manifest.icons) {
			const res = await fetch(new URL(icon.src, server.url));
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('image/png');
		}
		expect(await page.locator('meta[name=theme-color]').getAttribute('content')).toBe('#0b5d4b');
		await waitForServiceWorker(page);
		await page.close();
	});
});

describe('role homes', () => {
	it.each([
		['leitstelle', '/lage', 'unit-row', 2],
		['rtw1', '/einsatz', 'mission-vitals', 1],
		['admin', '/admin', 'admin-users', 1],
		['dr.weber', '/konsile', 'consult-line', 1]
	])('%s lands on %s', async (user, home, testId, count) => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, server.url, user, DEMO_PASSWORD, home);
		await expect.poll(() => page.getByTestId(testId).count(), { timeout: 15_000 }).toBe(count);
		await context.close();
	});

	it('switches to English and back; the choice survives a reload', async () => {
		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, server.url, 'pfleger.tom', DEMO_PASSWORD, '/heute');
		// At once after sign-in: a second navigation to the home page used to swallow this click.
		await page.getByRole('link', { name: 'Einstellungen' }).click();
		await page.waitForURL('**/einstellungen');
		await page.getByTestId('locale-en').click();
		// English loads when chosen (a moment after the tap), German is always there.
		await expect.poll(() => page.getByRole('navigation').textContent()).toContain('Today');
		await page.reload();
		await expect.poll(() => page.getByRole('navigation').textContent()).toContain('Patients');
		expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
		await page.getByTestId('locale-de').click();
		expect(await page.getByRole('navigation').textContent()).toContain('Heute');
		await context.close();
	});
});

describe('conflicts a person settles', () => {
	it('a nurse chooses between two allergy entries and the server ends up with one', async () => {
		const db = server.app.storage.database('team-pflege-saalfeld');
		const base = (await db.get('patient:p002')) as Record<string, unknown> & { _rev: string };
		const leaf = (allergies: string[], by: string, at: string, hash: string) => ({
			...base,
			allergies,
			updatedAt: at,
			updatedBy: by,
			fieldEdits: { allergies: { at, by } },
			_rev: `2-${hash}`,
			_revisions: { start: 2, ids: [hash, base._rev.slice(2)] }
		});
		await db.bulkDocs(
			[leaf(['Penicillin'], 'schwester.anna', '2026-11-24T09:00:00.000Z', 'a'.repeat(32)), leaf(['Latex'], 'pfleger.tom', '2026-11-24T09:30:00.000Z', 'b'.repeat(32))] as never,
			{ new_edits: false }
		);
		expect((await db.get('patient:p002', { conflicts: true }))._conflicts).toHaveLength(1);

		const context = await browser.newContext();
		const page = await context.newPage();
		await signIn(page, server.url, 'schwester.anna', DEMO_PASSWORD, '/heute');
		await page.getByTestId('sync-indicator').click();
		await page.getByTestId('conflicts-link').click({ timeout: 15_000 });
		await page.waitForURL('**/konflikte');
		await expect.poll(() => page.getByTestId('conflict').count(), { timeout: 15_000 }).toBe(1);
		const latex = page.getByTestId('conflict').locator('label', { hasText: 'Latex' }).locator('input');
		await latex.check();
		await page.getByTestId('conflict-apply').click();
		await expect.poll(() => page.getByTestId('no-conflicts').count(), { timeout: 15_000 }).toBe(1);

		await expect.poll(async () => (await db.get('patient:p002', { conflicts: true }))._conflicts?.length ?? 0, { timeout: 20_000 }).toBe(0);
		expect(await db.get('patient:p002')).toMatchObject({ allergies: ['Latex'], updatedBy: 'schwester.anna' });
		await context.close();
	});
});
