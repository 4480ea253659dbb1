// Going back to a page puts it where the person left it. SvelteKit restores the scroll position
// right after the page is mounted, but pages draw their content once the device's database has
// answered, a moment later: the page is still short then, the browser clamps the position, and a
// nurse back from her eleventh visit is at the top of her day again. So each page's position is
// kept here and applied once the page is drawn, unless the person scrolls, taps or types first, or
// the page is not drawn within a few seconds (then it stays where it is: no jump later on).
// The position is the link that was followed, where it was on the screen (a notice above the list
// may have gone meanwhile), else the scroll offset; for a moment after, the link is held there
// while the page above it settles (the map's height, a notice arriving).

/** How long a page may take to draw its content before the position is given up. */
export const RESTORE_WINDOW_MS = 3000;
/** How long the position is held once reached, while the page around it settles. */
export const SETTLE_MS = 1000;
/** How often the page is looked at meanwhile. */
export const RESTORE_STEP_MS = 50;

/** The page as far as scrolling goes (the window in the app, fakes in tests). */
export interface ScrollSurface {
	scrollY(): number;
	/** The furthest the page can scroll now. */
	maxScrollY(): number;
	scrollTo(y: number): void;
	/** Where a link to `href` is on the screen now (its top, from the viewport's top), if the page has one. */
	linkTop(href: string): number | undefined;
	now(): number;
	/** Calls back every `ms` until the returned function is called. */
	every(ms: number, callback: () => void): () => void;
	/** Calls back when the person scrolls, taps or types, until the returned function is called. */
	onUserInput(callback: () => void): () => void;
}

/** Where a page was left: its scroll offset and, when a link on it was followed, where that link was on the screen. */
export interface LeftAt {
	y: number;
	link?: { href: string; top: number };
}

/** The scroll offset that puts the page back as it was left, once the page is drawn far enough to tell. */
function goalOf(left: LeftAt, surface: ScrollSurface): number | undefined {
	if (!left.link) return left.y;
	const top = surface.linkTop(left.link.href);
	return top === undefined ? undefined : Math.max(0, surface.scrollY() + top - left.link.top);
}

/**
 * Scrolls back to where the page was left as soon as the page allows it, and holds it there for
 * `SETTLE_MS`. Returns a function that gives up.
 */
export function restoreScroll(left: LeftAt, surface: ScrollSurface, windowMs = RESTORE_WINDOW_MS, stepMs = RESTORE_STEP_MS): () => void {
	const started = surface.now();
	let reachedAt: number | undefined;
	const stops: (() => void)[] = [];
	const stop = () => {
		for (const stopOne of stops.splice(0)) stopOne();
	};
	const check = () => {
		const now = surface.now();
		if (reachedAt !== undefined && now - reachedAt >= SETTLE_MS) return stop();
		const goal = goalOf(left, surface);
		if (goal !== undefined && surface.maxScrollY() >= goal) {
			if (Math.abs(surface.scrollY() - goal) >= 1) surface.scrollTo(goal);
			reachedAt ??= now;
		} else if (reachedAt === undefined && now - started >= windowMs) stop();
	};
	stops.push(surface.onUserInput(stop), surface.every(stepMs, check));
	check();
	return stop;
}

/** Where the pages were left, by address (path and query). */
export class ScrollMemory {
	readonly #left = new Map<string, LeftAt>();
	#pending: () => void = () => {};

	/** The page at `href` is being left for `to`. */
	leave(href: string, to: string | undefined, surface: ScrollSurface): void {
		this.#pending();
		const top = to === undefined ? undefined : surface.linkTop(to);
		this.#left.set(href, { y: surface.scrollY(), ...(to !== undefined && top !== undefined ? { link: { href: to, top } } : {}) });
	}

	/** Back (or forward) at `href`: it is put where it was left once the page allows it. */
	returnTo(href: string, surface: ScrollSurface): void {
		const left = this.#left.get(href);
		if (left && left.y > 0) this.#pending = restoreScroll(left, surface);
	}
}

/** What the person does to a page: scrolling by wheel or finger, tapping, typing. */
const USER_INPUT = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;

/** The browser window as a scroll surface. */
export function windowSurface(): ScrollSurface {
	return {
		scrollY: () => window.scrollY,
		maxScrollY: () => document.documentElement.scrollHeight - window.innerHeight,
		scrollTo: (y) => window.scrollTo({ top: y, behavior: 'instant' }),
		linkTop: (href) => {
			for (const link of document.querySelectorAll<HTMLAnchorElement>('main a[href]')) {
				const url = new URL(link.href);
				if (url.origin === location.origin && url.pathname + url.search === href) return link.getBoundingClientRect().top;
			}
			return undefined;
		},
		now: () => performance.now(),
		every: (ms, callback) => {
			const timer = setInterval(callback, ms);
			return () => clearInterval(timer);
		},
		onUserInput: (callback) => {
			for (const type of USER_INPUT) window.addEventListener(type, callback, { passive: true, capture: true });
			return () => {
				for (const type of USER_INPUT) window.removeEventListener(type, callback, { capture: true });
			};
		}
	};
}
