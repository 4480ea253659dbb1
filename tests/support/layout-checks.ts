// The three layout checks of issue 13, for any page in any state (a dialog open, a table shown):
// nothing wider than the viewport, every visible control a target of at least 44×44 CSS px, and
// axe-core finds no violation. Used by the phone, desk and open-state e2e tests.
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';

/** A phone held upright (issue 13: 412×915 with touch). */
export const PHONE = { width: 412, height: 915 };
/** An office screen (issue 13: 1440×900, mouse). */
export const DESK = { width: 1440, height: 900 };
/** WCAG 2.5.5 (AAA) target size, the issue's rule for gloved hands, at every size. */
export const MIN_TARGET_PX = 44;
const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
/** How long a page may keep changing after navigation before it is measured. */
const SETTLE_TIMEOUT_MS = 10_000;

/** A phone: its viewport, touch, and no CSP in the way of the injected axe-core script. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
	return browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, bypassCSP: true });
}

/** An office computer: a wide screen and a mouse, no touch. */
export function deskContext(browser: Browser): Promise<BrowserContext> {
	return browser.newContext({ viewport: DESK, hasTouch: false, isMobile: false, bypassCSP: true });
}

/** Waits until the text of the page stopped changing (data from the local database arrived; map tiles don't count). */
export async function settleText(page: Page): Promise<void> {
	let previous = '';
	await expect
		.poll(
			async () => {
				const now = await page.evaluate(() => document.body.innerText);
				const same = now === previous;
				previous = now;
				return same;
			},
			{ timeout: SETTLE_TIMEOUT_MS, interval: 300 }
		)
		.toBe(true);
}

/** Waits until the page has a heading and its text stopped changing. */
export async function settle(page: Page): Promise<void> {
	await page.locator('main h1').first().waitFor({ timeout: SETTLE_TIMEOUT_MS });
	await settleText(page);
}

/**
 * Visible interactive elements smaller than the minimum target, as "selector W×H". With a modal
 * open only the modal counts: the page behind it can't be reached.
 */
export function smallTargets(page: Page): Promise<string[]> {
	return page.evaluate((min) => {
		const SELECTOR = 'a[href], button, input, select, textarea, [role=button], summary';
		const describe = (el: Element): string => {
			const id = el.id ? `#${el.id}` : '';
			const testId = el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : '';
			const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
			const text = (el.textContent ?? '').trim().slice(0, 24);
			return `${el.tagName.toLowerCase()}${id}${testId}${cls}${text ? ` "${text}"` : ''}`;
		};
		const modal = document.querySelector('dialog:modal');
		const offenders: string[] = [];
		for (const el of Array.from((modal ?? document).querySelectorAll(SELECTOR))) {
			if (el.closest('[inert], [aria-hidden=true]')) continue;
			// A checkbox or radio is tapped through its label: that is the target.
			const isCheck = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio');
			const target = isCheck ? ((el as HTMLInputElement).labels?.[0] ?? el) : el;
			if (el instanceof HTMLInputElement && el.type === 'hidden') continue;
			const style = getComputedStyle(target);
			if (style.visibility === 'hidden' || style.display === 'none') continue;
			const rect = target.getBoundingClientRect();
			// Not rendered, or visually hidden until focused (the skip link).
			if (rect.width <= 1 || rect.height <= 1) continue;
			if (rect.width < min || rect.height < min) offenders.push(`${describe(target)} ${Math.round(rect.width)}×${Math.round(rect.height)}`);
		}
		return offenders;
	}, MIN_TARGET_PX);
}

/**
 * How far the document is wider than the viewport, and the elements that stick out of it or
 * cut their own text off (a value clipped at the edge is as lost as one off-screen). Dialogs
 * and the lock screen count as much as the page.
 */
export function overflow(page: Page): Promise<{ excess: number; culprits: string[] }> {
	// The screen's width, not `innerWidth`: a phone browser widens its layout viewport to fit content
	// that is too wide (then zooms out), so measured against `innerWidth` nothing ever sticks out.
	const screenWidth = page.viewportSize()?.width;
	if (!screenWidth) throw new Error('the page has no fixed viewport to measure against');
	return page.evaluate((width) => {
		const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''}`;
		const culprits: string[] = [];
		// What scrolls or draws inside itself: the box itself must fit, what is inside it may not.
		const OWN_WORLD = '.table-wrap, .leaflet-container, canvas, svg';
		for (const el of Array.from(document.querySelectorAll('main *, dialog *, [aria-modal=true] *'))) {
			if (el.parentElement?.closest(OWN_WORLD)) continue;
			const rect = el.getBoundingClientRect();
			if (rect.width === 0) continue;
			if (rect.right > width + 0.5 || rect.left < -0.5) culprits.push(`${name(el)} left=${Math.round(rect.left)} right=${Math.round(rect.right)}`);
			else if (el instanceof HTMLElement && !el.matches(OWN_WORLD) && !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) && ['hidden', 'clip'].includes(getComputedStyle(el).overflowX) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 1) culprits.push(`${name(el)} clipped ${el.scrollWidth}>${el.clientWidth}`);
		}
		return { excess: Math.max(0, document.documentElement.scrollWidth - width), culprits: culprits.slice(0, 5) };
	}, screenWidth);
}

/** axe-core's violations on the page, as "rule: target, target …". */
export async function axeViolations(page: Page): Promise<string[]> {
	if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
	return page.evaluate(async () => {
		type AxeResult = { violations: { id: string; nodes: { target: string[] }[] }[] };
		const axe = (window as unknown as { axe: { run: (context: Document) => Promise<AxeResult> } }).axe;
		const result = await axe.run(document);
		return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 4).join(', ')}`);
	});
}

export interface LayoutReport {
	/** The page's address, or the state it was driven into ("/lage (Stornieren)"). */
	path: string;
	overflow: number;
	culprits: string[];
	small: string[];
	axe: string[];
}

/** The three checks of the page as it is now (no navigation, no waiting). */
export async function checkLayout(page: Page, state: string): Promise<LayoutReport> {
	const { excess, culprits } = await overflow(page);
	return { path: state, overflow: excess, culprits, small: await smallTargets(page), axe: await axeViolations(page) };
}

/** Opens the address (unless the page is on it), waits for it to settle, and checks it. */
export async function auditPage(page: Page, baseUrl: string, url: string): Promise<LayoutReport> {
	if (new URL(page.url()).pathname + new URL(page.url()).search !== url) await page.goto(`${baseUrl}${url}`);
	await settle(page);
	return checkLayout(page, url);
}

/** The first link on the page whose address starts with the prefix (a patient, a visit, a mission). */
export async function firstLink(page: Page, baseUrl: string, url: string, prefix: string): Promise<string> {
	await page.goto(`${baseUrl}${url}`);
	await settle(page);
	const href = await page.locator(`main a[href^="${prefix}"]`).first().getAttribute('href');
	expect(href, `a link to ${prefix} on ${url}`).toBeTruthy();
	return href!;
}

/** Fails with every page or state that broke a rule, listed with what broke it. */
export function expectClean(reports: LayoutReport[]): void {
	const problems = reports.filter((r) => r.overflow > 0 || r.culprits.length > 0 || r.small.length > 0 || r.axe.length > 0);
	expect(problems).toEqual([]);
}
