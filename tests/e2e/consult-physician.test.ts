// The physician's screens in real Chromium (issue 14): two physicians see a request arrive live, one
// accepts and the other sees it taken (a stale screen's late "Annehmen" gets "bereits übernommen"),
// the consult screen shows allergies first and the 24 h trend, a medication order reaches the field
// team's database signed with the physician's account, and closing the consult works.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/browser.ts';
import { ago, api, consultDoc, requestConsult, seedConsultTeams, seedPatients } from '../support/consults.ts';
import { startE2eApp, stopE2eApp, type E2eApp } from '../support/e2e-app.ts';
import { TEST_PASSWORD } from '../support/test-server.ts';

const MINUTE = 60_000;
const FLOW_TIMEOUT_MS = 180_000;

let app: E2eApp;
let tokens: Record<string, string>;
const replicationRequests: string[] = [];

beforeAll(async () => {
	app = await startE2eApp();
	tokens = await seedConsultTeams(app.server);
	await seedPatients(app.server);
});
afterAll(() => stopE2eApp(app));

async function physician(username: string): Promise<{ context: BrowserContext; page: Page }> {
	const context = await app.browser.newContext();
	const page = await context.newPage();
	// A physician replicates nothing: no request of the app may go to a team database.
	page.on('request', (request) => {
		if (new URL(request.url()).pathname.startsWith('/db/')) replicationRequests.push(request.url());
	});
	await signIn(page, app.server.url, username, TEST_PASSWORD, '/konsile');
	await page.locator('[data-testid=consult-live][data-state=live]').waitFor();
	return { context, page };
}

const lineOf = (page: Page, id: string) => page.locator(`[data-testid=consult-line][data-id="${id}"]`);

describe('the physician', () => {
	it('sees a request live, accepts it against a colleague, orders a medication and closes the consult', async () => {
		const berg = await physician('dr.berg');
		const hain = await physician('dr.hain');
		expect(await berg.page.getByRole('navigation').textContent()).toContain('Konsile');
		// Sound needs a tap first: the page says so and offers it.
		await berg.page.getByTestId('consult-sound-enable').click();
		await berg.page.getByTestId('consult-sound-enable').waitFor({ state: 'detached' });

		// A nurse's request made offline 12 minutes ago arrives now: both queues show it, waiting from then.
		await requestConsult(app.server, tokens.anna, 'team-pflege-a', consultDoc('c1', 'anna', { urgency: 'sofort', requestedAt: ago(12 * MINUTE), reason: 'RR 182 systolisch, Kopfschmerz' }));
		for (const { page } of [berg, hain]) {
			await lineOf(page, 'consult:c1').waitFor();
			expect(await lineOf(page, 'consult:c1').getByTestId('consult-waited').textContent()).toMatch(/wartet seit 1[23] min/);
			expect(await lineOf(page, 'consult:c1').getByTestId('consult-news2').textContent()).toBe('NEWS2 3');
			await page.getByTestId('consult-urgent-alert').waitFor();
		}

		await lineOf(berg.page, 'consult:c1').getByTestId('consult-accept').click();
		await berg.page.waitForURL('**/konsile/consult%3Ac1');
		await lineOf(hain.page, 'consult:c1').locator('[data-testid=consult-taken]').waitFor();
		expect(await lineOf(hain.page, 'consult:c1').getByTestId('consult-taken').textContent()).toContain('Übernommen von dr.berg');
		expect(await lineOf(hain.page, 'consult:c1').getByTestId('consult-accept').count()).toBe(0);

		// A stale screen (no live stream) still offers a consult another physician has just taken.
		await hain.page.route('**/api/live', (route) => route.abort());
		await requestConsult(app.server, tokens.anna, 'team-pflege-a', consultDoc('c2', 'anna', { requestedAt: ago(5 * MINUTE) }));
		await hain.page.reload();
		await lineOf(hain.page, 'consult:c2').getByTestId('consult-accept').waitFor();
		expect((await api(app.server, tokens['dr.berg'], 'POST', '/api/consults/consult%3Ac2/accept')).status).toBe(200);
		await lineOf(hain.page, 'consult:c2').getByTestId('consult-accept').click();
		expect(await hain.page.getByTestId('consult-accept-message').textContent()).toContain('Bereits übernommen');
		expect(await lineOf(hain.page, 'consult:c2').getAttribute('data-state')).toBe('taken');

		// The consult screen: allergies above everything else, then the patient and the 24 h trend.
		const page = berg.page;
		await page.getByTestId('consult-patient').waitFor();
		const banner = await page.getByTestId('allergy-banner').boundingBox();
		const heading = await page.getByTestId('consult-patient').boundingBox();
		expect(await page.getByTestId('allergy-banner').textContent()).toContain('Penicillin');
		expect(banner!.y).toBeLessThan(heading!.y);
		await page.locator('[data-testid=consult-trend][data-key=heart-rate] canvas').first().waitFor();
		expect(await page.getByTestId('consult-trend').count()).toBe(1);
		expect(await page.getByTestId('consult-attached').textContent()).toContain('182');
		// The call and the live values have their places on the screen.
		await page.getByTestId('call').waitFor();
		await page.getByTestId('live-vitals').waitFor();

		// An incomplete medication: German errors at the fields, nothing sent.
		await page.locator('#order-substance').fill('Metamizol');
		await page.getByTestId('order-review').click();
		expect(await page.locator('#order-dose').getAttribute('aria-invalid')).toBe('true');
		expect(await page.locator('#order-dose-error').textContent()).toContain('Dosis');
		expect(await page.locator('#order-route').getAttribute('aria-invalid')).toBe('true');
		expect(await page.locator('dialog[open]').count()).toBe(0);

		await page.locator('#order-dose').fill('1 g');
		await page.locator('#order-route').selectOption('iv');
		await page.getByTestId('order-review').click();
		expect(await page.getByTestId('order-confirm-text').textContent()).toContain('Metamizol 1 g i.v.');
		await page.locator('dialog[open] [data-testid=confirm-ok]').click();
		await page.getByTestId('order-sent').waitFor();
		await expect.poll(() => page.getByTestId('consult-order').count()).toBe(1);

		// In the field team's database, signed with the physician's account, for the consult's patient.
		const stored = await app.server.app.storage.database('team-pflege-a').allDocs({ startkey: 'order:c1:', endkey: 'order:c1:\ufff0', include_docs: true });
		expect(stored.rows).toHaveLength(1);
		expect(stored.rows[0].doc).toMatchObject({ type: 'order', kind: 'medication', substance: 'Metamizol', dose: '1 g', route: 'iv', createdBy: 'dr.berg', consultId: 'consult:c1', patientId: 'patient:p1' });

		await page.getByTestId('consult-close').click();
		await page.locator('dialog[open] [data-testid=confirm-ok]').click();
		await page.waitForURL('**/konsile');
		await lineOf(page, 'consult:c2').waitFor();
		expect(await lineOf(page, 'consult:c1').count()).toBe(0);
		const closed = (await app.server.app.storage.database('team-pflege-a').get('consult:c1')) as unknown as { closedBy?: string };
		expect(closed.closedBy).toBe('dr.berg');

		expect(replicationRequests).toEqual([]);
		await berg.context.close();
		await hain.context.close();
	}, FLOW_TIMEOUT_MS);

	it('keeps a typed order as a draft when the server cannot be reached', async () => {
		const { context, page } = await physician('dr.berg');
		await page.goto(`${app.server.url}/konsile/consult%3Ac2`);
		await page.getByTestId('consult-patient').waitFor();
		await page.locator('#order-kind').selectOption('measure');
		await page.locator('#order-text').fill('Oberkörper hoch lagern');
		await page.route('**/api/consults/**', (route) => route.abort());
		await page.getByTestId('order-review').click();
		await page.locator('dialog[open] [data-testid=confirm-ok]').click();
		expect(await page.getByTestId('order-problem').textContent()).toContain('Server nicht erreichbar');
		await page.unroute('**/api/consults/**');
		// The browser asks before leaving a page with unsaved input: leave.
		page.on('dialog', (dialog) => void dialog.accept());
		await page.reload();
		await page.getByTestId('consult-patient').waitFor();
		await expect.poll(() => page.locator('#order-text').inputValue()).toBe('Oberkörper hoch lagern');
		await context.close();
	}, FLOW_TIMEOUT_MS);
});
