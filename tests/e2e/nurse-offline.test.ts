// A nurse signs in, sees her patients, loses signal, keeps working, and her work reaches the server.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { setPin, signIn, waitForServiceWorker, waitUpToDate } from '../support/browser.ts';
import type { TestServer } from '../support/test-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

let server: TestServer;
let browser: Browser;
let demoPatients: number;

beforeAll(async () => {
	({ server, browser } = await startE2eApp({ demo: true }));
	const info = await server.app.storage.database('team-pflege-saalfeld').allDocs({ startkey: 'patient:', endkey: 'patient:\ufff0' });
	demoPatients = info.rows.length;
});
afterAll(() => stopE2eApp({ server, browser }));

async function serverDoc(id: string): Promise<Record<string, unknown> | undefined> {
	try {
		return (await server.app.storage.database('team-pflege-saalfeld').get(id)) as Record<string, unknown>;
	} catch {
		return undefined;
	}
}

describe('a nurse working offline', () => {
	it('signs in, works without network, and her new patient reaches the server', async () => {
		const context = await browser.newContext({ locale: 'de-DE' });
		const page = await context.newPage();

		await page.goto(`${server.url}/login`);
		await page.getByLabel('Benutzername').fill('schwester.anna');
		await page.getByLabel('Passwort').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Anmelden' }).click();
		await page.waitForURL('**/heute');
		await setPin(page);
		await expect.poll(() => page.getByTestId('visit-list').locator('li').count(), { timeout: 15_000 }).toBeGreaterThan(5);

		await page.getByRole('link', { name: 'Patienten' }).click();
		await page.waitForURL('**/patienten');
		await expect.poll(() => page.getByTestId('patient-list').locator('li').count(), { timeout: 15_000 }).toBe(demoPatients);
		await waitUpToDate(page, 15_000);
		await waitForServiceWorker(page);

		// No signal: the app shell comes from the service worker, the data from IndexedDB.
		await context.setOffline(true);
		await page.reload();
		await expect.poll(() => page.getByTestId('patient-list').locator('li').count(), { timeout: 15_000 }).toBe(demoPatients);
		await expect.poll(() => page.getByTestId('sync-indicator').getAttribute('data-phase')).toBe('offline');

		await page.getByTestId('new-patient').click();
		await page.getByLabel('Vorname').fill('Gertrud');
		await page.getByLabel('Nachname').fill('Offlinerin');
		await page.getByLabel('Geburtsdatum').fill('1938-05-17');
		await page.getByLabel('Straße und Hausnummer').fill('Am Bergfried 3');
		await page.getByLabel('PLZ').fill('07338');
		await page.getByLabel('Ort', { exact: true }).fill('Leutenberg');
		await page.getByTestId('patient-save').click();
		await expect.poll(() => page.getByTestId('patient-name').textContent(), { timeout: 10_000 }).toBe('Gertrud Offlinerin');
		const id = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
		expect(id).toMatch(/^patient:/);
		await expect.poll(() => page.getByTestId('sync-pending').textContent()).toContain('1');
		expect(await serverDoc(id)).toBeUndefined();

		// Signal again: the document reaches the server and the indicator says so.
		await context.setOffline(false);
		await expect.poll(async () => (await serverDoc(id))?.lastName, { timeout: 20_000 }).toBe('Offlinerin');
		const stored = await serverDoc(id);
		expect(stored).toMatchObject({ type: 'patient', createdBy: 'schwester.anna', address: { city: 'Leutenberg' } });
		await waitUpToDate(page);
		// Polled: the live pull may bring her own change back right after the push (a short "Synchronisiert …").
		await expect.poll(() => page.getByTestId('sync-label').textContent()).toBe('Aktuell');
		expect(await page.getByTestId('sync-pending').count()).toBe(0);
		await context.close();
	});
});

describe('signing in without signal', () => {
	it('works on a device where the nurse signed in online before, and only with the right password', async () => {
		const context = await browser.newContext({ locale: 'de-DE' });
		const page = await context.newPage();
		await signIn(page, server.url, 'pfleger.tom', DEMO_PASSWORD, '/heute');
		await expect.poll(() => page.getByTestId('visit-list').locator('li').count(), { timeout: 15_000 }).toBeGreaterThan(5);
		await waitForServiceWorker(page);

		await context.setOffline(true);
		await page.goto(`${server.url}/login?renew=1`);
		await page.locator('#username').fill('pfleger.tom');
		await page.locator('#password').fill('wrong-password');
		await page.locator('button[type=submit]').click();
		await expect.poll(() => page.getByRole('alert').textContent()).toContain('falsch');

		await page.locator('#password').fill(DEMO_PASSWORD);
		await page.locator('button[type=submit]').click();
		await page.waitForURL('**/heute');
		await expect.poll(() => page.getByTestId('visit-list').locator('li').count(), { timeout: 15_000 }).toBeGreaterThan(5);
		expect(await page.getByTestId('sync-indicator').getAttribute('data-phase')).toBe('offline');
		await context.close();
	});
});
