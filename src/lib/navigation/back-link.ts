// Back links that return where the person came from. When a page is reached by a link inside the
// app, the page it came from is remembered with the history entry; the back link then goes back in
// history to it (scroll position and the tapped marker kept) and says where that is. Without such
// an origin (opened from a bookmark, a reload, a page that is not named here) it goes to the
// page's fixed parent. Pure: addresses in, a decision out.

/** The app's pages a back link can name. */
export type OriginKind = 'tour' | 'visit' | 'patients' | 'patient' | 'trends' | 'vitals' | 'missions' | 'mission' | 'handover' | 'situation' | 'planning';

/** A page the person came from: its address (path and query) and, when the page gave one, a short name. */
export interface Origin {
	href: string;
	name?: string;
}

export interface BackTarget {
	href: string;
	kind: OriginKind | undefined;
	name: string | undefined;
	/** Go back in history instead of following the link: the previous entry is this page. */
	viaHistory: boolean;
}

/** Path patterns of the pages a back link can name, first match wins. */
const NAMED_PAGES: readonly [RegExp, OriginKind][] = [
	[/^\/heute$/, 'tour'],
	[/^\/besuche\/[^/]+$/, 'visit'],
	[/^\/patienten$/, 'patients'],
	[/^\/patienten\/(?!neu$)[^/]+$/, 'patient'],
	[/^\/patienten\/[^/]+\/verlauf$/, 'trends'],
	[/^\/vitalwerte$/, 'vitals'],
	[/^\/einsatz$/, 'missions'],
	[/^\/einsatz\/[^/]+$/, 'mission'],
	[/^\/einsatz\/[^/]+\/uebergabe$/, 'handover'],
	[/^\/lage$/, 'situation'],
	[/^\/planung$/, 'planning']
];

/** Which named page an in-app address is, if any. Addresses must be app-relative ("/…"). */
export function kindOf(href: string): OriginKind | undefined {
	if (!href.startsWith('/') || href.startsWith('//')) return undefined;
	const path = href.split(/[?#]/, 1)[0].replace(/\/+$/, '') || '/';
	return NAMED_PAGES.find(([pattern]) => pattern.test(path))?.[1];
}

/** An address as a back link stores it: path and query, no origin, no hash. */
export function appHref(url: { pathname: string; search: string }): string {
	return `${url.pathname}${url.search}`;
}

/**
 * Where the back link of the page at `current` goes. `recorded` is the origin remembered with this
 * history entry (undefined after a reload or when the page was opened directly); it counts only if
 * it names an app page other than this one.
 */
export function backTarget(recorded: Origin | undefined, current: string, fallback: Origin): BackTarget {
	if (recorded && recorded.href !== current) {
		const kind = kindOf(recorded.href);
		if (kind) {
			// Came from the fixed parent itself: the page knows its name best.
			const name = recorded.name ?? (recorded.href === fallback.href ? fallback.name : undefined);
			return { href: recorded.href, kind, name, viaHistory: true };
		}
	}
	return { href: fallback.href, kind: kindOf(fallback.href), name: fallback.name, viaHistory: false };
}

/**
 * Whether a navigation from `from` to `to` should be remembered as the origin of the new entry:
 * only one that added an entry (a link or goto, not back/forward or the first load) between two
 * different pages.
 */
export function shouldRecord(type: string, from: string | undefined, to: string | undefined): boolean {
	return (type === 'link' || type === 'goto') && from !== undefined && to !== undefined && from !== to;
}
