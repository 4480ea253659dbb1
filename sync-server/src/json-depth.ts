// Checks of request bodies beyond JSON syntax.
// Refuses JSON nested deeper than any document needs, before JSON.parse recurses into it:
// a body of 100,000 "[" would otherwise overflow the stack of the parser or of later code.

export const MAX_JSON_DEPTH = 64;

export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++; // backslash: skip the escaped character
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x7b || c === 0x5b) {
			if (++depth > max) return true;
		} else if (c === 0x7d || c === 0x5d) depth--;
	}
	return false;
}

/**
 * Whether a parsed body holds a number JSON cannot carry: `1e309` parses as Infinity, which
 * storage would write back as `null`. Depth is bounded by the check above, so recursion is safe.
 */
export function hasNonFiniteNumber(value: unknown): boolean {
	if (typeof value === 'number') return !Number.isFinite(value);
	if (typeof value !== 'object' || value === null) return false;
	if (Array.isArray(value)) return value.some(hasNonFiniteNumber);
	for (const key in value) if (hasNonFiniteNumber((value as Record<string, unknown>)[key])) return true;
	return false;
}
