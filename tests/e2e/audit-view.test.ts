// The audit view answers "who opened this patient": a nurse opens Frau Bauer's record on her
// tablet without signal, the opening reaches the server when the tablet is online again, and the
// admin's data-protection view names her. And an account the admin creates starts with a one-time
// password that the new user replaces at the first sign-in.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../sync-server/src/demo/demo-data.ts';
import { signIn, waitForServiceWorker } from '../support/browser.ts';
import type { TestServer } from '../support/test-server.ts';
import { startE2eApp, stopE2eApp } from '../support/e2e-app.ts';

/** The demo organisation's Sieglinde Bauer (sync-server/src/demo/demo-data.ts, deterministic). */
const BAUER = 'patient:p027';
const NURSE = 'schwester.anna';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	({ server, browser } = await startE2eApp({ demo: true }));
});
afterAll(() => stopE2eApp({ server, browser }));

async function openedBy(subject: string): Promise<string[]> {
	return (await server.app.audit.entriesOf(subject, 100)).filter((entry) => entry.action === 'opened').map((entry) => entry.user);
}

async function signInAsAdmin(page: Page): Promise<void> {
	await signIn(page, server.url, 'admin', DEMO_PASSWORD, '/admin');
	await page.getByTestId('data-protection').waitFor();
}

describe('the data-protection view', () => {
	it('answers "who opened this patient" with the nurse who opened the record offline', async () => {
		const tablet = await browser.newContext();
		const page = await tablet.newPage();
		await signIn(page, server.url, NURSE, DEMO_PASSWORD, '/heute');
		await waitForServiceWorker(page);
		// Her team's patients are on the tablet once the record shows online.
		await page.goto(`${server.url}/patienten/${encodeURIComponent(BAUER)}`);
		await expect.poll(() => page.getByTestId('patient-name').textContent(), { timeout: 30_000 }).toBe('Sieglinde Bauer');
		await expect.poll(() => openedBy(BAUER), { timeout: 15_000 }).toEqual([NURSE]);

		// Without signal: opened again, the server learns nothing until the tablet is back online.
		await page.goto(`${server.url}/patienten`);
		await tablet.setOffline(true);
		await page.getByRole('link', { name: /Bauer/ }).first().click();
		await expect.poll(() => page.getByTestId('patient-name').textContent(), { timeout: 15_000 }).toBe('Sieglinde Bauer');
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(await openedBy(BAUER)).toEqual([NURSE]);
		await tablet.setOffline(false);
		await expect.poll(() => openedBy(BAUER), { timeout: 20_000 }).toEqual([NURSE, NURSE]);
		const [offline] = await server.app.audit.entriesOf(BAUER, 100);
		expect(offline.deviceAt && Date.parse(offline.deviceAt)).toBeLessThan(Date.parse(offline.at));
		await tablet.close();

		const office = await browser.newContext();
		const admin = await office.newPage();
		await signInAsAdmin(admin);
		await admin.locator('#audit-query').fill('Frau Bauer');
		await admin.getByTestId('data-protection').getByRole('button', { name: 'Suchen' }).click();
		const match = admin.getByTestId('audit-matches').locator('li', { hasText: 'Bauer, Sieglinde' });
		await expect.poll(() => match.textContent()).toContain('Ambulanter Pflegedienst Saalfeld');
		await match.getByRole('button', { name: 'Zugriffe anzeigen' }).click();
		const opened = admin.getByTestId('audit-entries').locator(`tr[data-action="opened"][data-user="${NURSE}"]`);
		await expect.poll(() => opened.count()).toBe(2);
		expect(await opened.first().textContent()).toContain('in der App geöffnet');
		// The view shows who and what, never the record's content.
		const view = (await admin.getByTestId('data-protection').textContent()) ?? '';
		expect(view).not.toMatch(/Allergi|Pflegegrad|07318|Straße/);
		await office.close();
	});

	it('hands a new user a one-time password that is replaced at the first sign-in', async () => {
		const office = await browser.newContext();
		const admin = await office.newPage();
		await signInAsAdmin(admin);
		await admin.locator('#nu-name').fill('schwester.eva');
		await admin.locator('#nu-display').fill('Eva Berger');
		await admin.locator('fieldset label', { hasText: 'Ambulanter Pflegedienst Saalfeld' }).locator('input').check();
		await admin.getByRole('button', { name: 'Benutzer anlegen' }).click();
		const shown = admin.getByTestId('one-time-password');
		await shown.waitFor();
		const oneTimePassword = ((await shown.locator('code').textContent()) ?? '').trim();
		expect(oneTimePassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
		await office.close();

		const tablet = await browser.newContext();
		const page = await tablet.newPage();
		await page.goto(`${server.url}/login`);
		await page.locator('#username').fill('schwester.eva');
		await page.locator('#password').fill(oneTimePassword);
		await page.locator('button[type=submit]').click();
		await page.getByTestId('change-password').waitFor();
		await page.locator('#new-password').fill('evas-own-password');
		await page.locator('#repeat-password').fill('evas-own-password-typo');
		await page.getByRole('button', { name: 'Passwort festlegen' }).click();
		await expect.poll(() => page.getByRole('alert').textContent()).toContain('stimmen nicht überein');
		await page.locator('#repeat-password').fill('evas-own-password');
		await page.getByRole('button', { name: 'Passwort festlegen' }).click();
		await page.waitForURL('**/heute');
		await tablet.close();

		const res = await fetch(`${server.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'schwester.eva', password: oneTimePassword }) });
		expect(res.status).toBe(401);
	});
});
