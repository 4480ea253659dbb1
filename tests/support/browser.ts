// Debian's Chromium driven by playwright-core, headless, with the flags this machine needs.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROME_PATH = process.env.CHROME_PATH || '/usr/bin/chromium';

const FLAGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	// Without these Chromium keeps dialling Google's hosts, which this network refuses.
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
	if (!existsSync(CHROME_PATH)) {
		throw new Error(`Chromium not found at ${CHROME_PATH}: run "node scripts/ensure-chromium.mjs" or set CHROME_PATH.`);
	}
	return chromium.launch({ executablePath: CHROME_PATH, headless: true, args: [...FLAGS, ...extraArgs] });
}

/** Run in the page (Playwright's or Puppeteer's `evaluate`): resolves once the service worker is installed and controls it. */
export async function serviceWorkerInControl(): Promise<void> {
	await navigator.serviceWorker.ready;
	if (navigator.serviceWorker.controller) return;
	await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
}

/** Resolves once the service worker is installed and controls the page (PITFALLS.md). */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(serviceWorkerInControl);
}

/** The unlock PIN the tests choose at first sign-in on a device. */
export const TEST_PIN = '258036';

/** The first sign-in on a device asks for an unlock PIN (twice); sets it and waits for the app. */
export async function setPin(page: Page, pin = TEST_PIN): Promise<void> {
	await page.locator('[data-testid=lock-screen][data-view=set-pin]').waitFor();
	await page.locator('#new-pin').fill(pin);
	await page.locator('#new-pin-repeat').fill(pin);
	await page.getByTestId('set-pin').click();
	await page.getByTestId('lock-screen').waitFor({ state: 'detached' });
}

/** Unlocks the locked app with the PIN. */
export async function unlock(page: Page, pin = TEST_PIN): Promise<void> {
	await page.locator('#unlock-pin').fill(pin);
	await page.getByTestId('unlock').click();
	await page.getByTestId('lock-screen').waitFor({ state: 'detached' });
}

/**
 * Signs in through the login form, as a person would, waits for the role's home page and sets
 * the unlock PIN that the first sign-in on a device asks for.
 */
export async function signIn(page: Page, baseUrl: string, username: string, password: string, home: string): Promise<void> {
	await page.goto(`${baseUrl}/login`);
	await page.locator('#username').fill(username);
	await page.locator('#password').fill(password);
	await page.locator('button[type=submit]').click();
	await page.waitForURL(`**${home}`);
	await setPin(page);
}

/**
 * Web Bluetooth for tests with emulated devices (BLE-TESTING.md): WebBluetooth gives Linux
 * navigator.bluetooth, WebBluetoothNewPermissionsBackend adds navigator.bluetooth.getDevices().
 * One switch for both: with two --enable-features switches Chromium keeps only the last one.
 */
/** Waits until the sync indicator says the device is up to date (a first sync answers the first screen before the rest of the window). */
export async function waitUpToDate(page: Page, timeout = 20_000): Promise<void> {
	await page.locator('[data-testid=sync-indicator][data-phase=up-to-date]').waitFor({ timeout });
}

export const WEB_BLUETOOTH_FLAG = '--enable-features=WebBluetooth,WebBluetoothNewPermissionsBackend';

/**
 * Which of `ids` the page's PouchDB database `idbName` (the `indexeddb` adapter's IndexedDB database)
 * holds, read raw from its `docs` store: what the device keeps, not what the app shows.
 */
export function idbHolds(page: Page, idbName: string, ids: string[]): Promise<string[]> {
	return page.evaluate(
		async ({ name, ids }) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open(name);
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			const store = db.transaction('docs').objectStore('docs');
			const held = await Promise.all(ids.map((id) => new Promise<boolean>((resolve) => (store.get(id).onsuccess = (e) => resolve(Boolean((e.target as IDBRequest).result))))));
			db.close();
			return ids.filter((_, i) => held[i]);
		},
		{ name: idbName, ids }
	);
}
