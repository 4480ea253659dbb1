// Ordering of machine text: ISO times and ids sort by their characters. localeCompare would give
// the same order for them but loads the ICU collator first (tens of ms of a phone's main thread on
// a page's first use); names people read still sort with the locale's collation.

/** Negative, zero or positive as `a` sorts before, with or after `b`, character by character. */
export function compareCodeUnits(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}
