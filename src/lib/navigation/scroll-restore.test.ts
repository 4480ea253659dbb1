import { describe, expect, it } from 'vitest';
import { restoreScroll, RESTORE_WINDOW_MS, ScrollMemory, SETTLE_MS, type ScrollSurface } from './scroll-restore.ts';

const VIEWPORT = 900;

/** A page whose height and links the test sets, with a clock and timers the test advances. */
function fakePage(height: number) {
	let y = 0;
	let clock = 0;
	let ticking: { ms: number; callback: () => void; next: number } | undefined;
	const inputListeners = new Set<() => void>();
	const surface: ScrollSurface = {
		scrollY: () => y,
		maxScrollY: () => Math.max(0, page.height - VIEWPORT),
		scrollTo: (to) => {
			y = Math.min(to, Math.max(0, page.height - VIEWPORT));
			page.scrolls.push(y);
		},
		linkTop: (href) => {
			const top = page.links.get(href);
			return top === undefined ? undefined : top - y;
		},
		now: () => clock,
		every: (ms, callback) => {
			const own = { ms, callback, next: clock + ms };
			ticking = own;
			return () => {
				if (ticking === own) ticking = undefined;
			};
		},
		onUserInput: (callback) => {
			inputListeners.add(callback);
			return () => inputListeners.delete(callback);
		}
	};
	const page = {
		height,
		/** Links on the page: address → top in the document. */
		links: new Map<string, number>(),
		scrolls: [] as number[],
		surface,
		get y() {
			return y;
		},
		set y(value: number) {
			y = value;
		},
		get waiting() {
			return ticking !== undefined || inputListeners.size > 0;
		},
		advance(ms: number) {
			const until = clock + ms;
			while (ticking && ticking.next <= until) {
				clock = ticking.next;
				ticking.next += ticking.ms;
				ticking.callback();
			}
			clock = until;
		},
		input() {
			for (const listener of [...inputListeners]) listener();
		}
	};
	return page;
}

describe('restoreScroll to an offset', () => {
	it('scrolls back once the page has grown tall enough, in one jump, and stops watching once it has settled', () => {
		const page = fakePage(1000);
		restoreScroll({ y: 2600 }, page.surface);
		page.advance(200);
		page.height = 2000; // part of the page drawn: still too short
		page.advance(100);
		expect(page.scrolls).toEqual([]);
		page.height = 4000;
		page.advance(50);
		expect(page.scrolls).toEqual([2600]);
		expect(page.waiting).toBe(true);
		page.advance(SETTLE_MS);
		expect(page.scrolls).toEqual([2600]);
		expect(page.waiting).toBe(false);
	});

	it('scrolls at once when the page is tall enough already, and not at all when it is there', () => {
		const page = fakePage(4000);
		restoreScroll({ y: 1200 }, page.surface);
		expect(page.scrolls).toEqual([1200]);
		page.advance(SETTLE_MS);
		restoreScroll({ y: 1200 }, page.surface);
		page.advance(SETTLE_MS);
		expect(page.scrolls).toEqual([1200]);
		expect(page.waiting).toBe(false);
	});

	it('leaves the page alone once the person scrolls, taps or types', () => {
		const page = fakePage(1000);
		restoreScroll({ y: 2600 }, page.surface);
		page.input();
		page.height = 4000;
		page.advance(RESTORE_WINDOW_MS);
		expect(page.scrolls).toEqual([]);
		expect(page.waiting).toBe(false);
	});

	it('gives up when the page is not drawn within the window: no jump seconds later', () => {
		const page = fakePage(1000);
		restoreScroll({ y: 2600 }, page.surface);
		page.advance(RESTORE_WINDOW_MS);
		expect(page.waiting).toBe(false);
		page.height = 4000;
		page.advance(1000);
		expect(page.scrolls).toEqual([]);
	});
});

describe('restoreScroll to the link that was followed', () => {
	it('puts the link back where it was on the screen, although the page above it got shorter', () => {
		const page = fakePage(1000);
		// Left with the link to visit 6 at 400 px from the screen's top, scrolled to 1405.
		restoreScroll({ y: 1405, link: { href: '/besuche/v6', top: 400 } }, page.surface);
		page.advance(100);
		expect(page.scrolls).toEqual([]); // the list is not drawn yet
		page.height = 2229; // drawn, 91 px shorter: a notice above it has gone
		page.links.set('/besuche/v6', 1405 + 400 - 91);
		page.advance(50);
		expect(page.scrolls).toEqual([1314]);
		expect(page.surface.linkTop('/besuche/v6')).toBe(400);
	});

	it('holds the link in place while the page above it settles (the map gets its height), then lets go', () => {
		const page = fakePage(2400);
		page.links.set('/besuche/v6', 1805);
		restoreScroll({ y: 1405, link: { href: '/besuche/v6', top: 400 } }, page.surface);
		expect(page.scrolls).toEqual([1405]);
		page.height = 2683;
		page.links.set('/besuche/v6', 1805 + 283);
		page.advance(50);
		expect(page.scrolls).toEqual([1405, 1688]);
		expect(page.surface.linkTop('/besuche/v6')).toBe(400);
		page.advance(SETTLE_MS);
		expect(page.waiting).toBe(false);
		page.links.set('/besuche/v6', 2200); // later changes are the page's own business
		page.advance(SETTLE_MS);
		expect(page.scrolls).toEqual([1405, 1688]);
	});

	it('waits while the link is there but the page below it is not drawn yet', () => {
		const page = fakePage(1500);
		page.links.set('/besuche/v6', 1805);
		restoreScroll({ y: 1405, link: { href: '/besuche/v6', top: 400 } }, page.surface);
		expect(page.scrolls).toEqual([]);
		page.height = 2400;
		page.advance(50);
		expect(page.scrolls).toEqual([1405]);
	});
});

describe('ScrollMemory', () => {
	it('returns each address to where it was left: by the link followed, else by the offset', () => {
		const memory = new ScrollMemory();
		const page = fakePage(4000);
		page.links.set('/besuche/v6', 3000);
		page.y = 2600;
		memory.leave('/heute', '/besuche/v6', page.surface);
		page.y = 800;
		memory.leave('/patienten', '/einstellungen', page.surface); // a link outside the page's content
		page.y = 0;
		page.links.set('/besuche/v6', 3100); // the day's page gained a notice above its list
		memory.returnTo('/heute', page.surface);
		expect(page.y).toBe(2700);
		memory.returnTo('/patienten', page.surface);
		expect(page.y).toBe(800);
	});

	it('does not scroll a page it has not seen, or one left at the top', () => {
		const memory = new ScrollMemory();
		const page = fakePage(4000);
		memory.leave('/heute', undefined, page.surface);
		page.y = 300;
		memory.returnTo('/heute', page.surface);
		memory.returnTo('/besuche/x', page.surface);
		expect(page.scrolls).toEqual([]);
	});

	it('stops waiting for a page once it is left again', () => {
		const memory = new ScrollMemory();
		const page = fakePage(1000);
		page.y = 100;
		memory.leave('/heute', undefined, page.surface);
		page.height = 900;
		page.y = 0;
		memory.returnTo('/heute', page.surface);
		expect(page.waiting).toBe(true);
		memory.leave('/heute', undefined, page.surface);
		expect(page.waiting).toBe(false);
		page.height = 4000;
		page.advance(RESTORE_WINDOW_MS);
		expect(page.scrolls).toEqual([]);
	});
});
