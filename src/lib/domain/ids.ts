// ULIDs (ulid/spec): 48-bit millisecond time + 80 random bits, Crockford base32.
// Sortable by creation time, so `_id`s of one type list in the order they were made.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;

/**
 * Longest `_id`, in UTF-16 code units (String length). The sync server's router uses the same
 * number as its longest path segment: an id the schema accepts must be readable by every device.
 */
export const MAX_ID_LENGTH = 200;

/**
 * Characters no id may hold: C0 controls with NUL and DEL, C1 controls, and Unicode bidi controls
 * (UAX #9: ALM, LRM, RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI), which make an id read differently
 * from what it is.
 */
function isForbiddenIdChar(code: number): boolean {
	return (
		code <= 0x1f ||
		(code >= 0x7f && code <= 0x9f) ||
		code === 0x061c ||
		code === 0x200e ||
		code === 0x200f ||
		(code >= 0x202a && code <= 0x202e) ||
		(code >= 0x2066 && code <= 0x2069)
	);
}

/** The first character that makes an id unusable, as a reason; a surrogate half without its partner cannot be UTF-8 and so cannot be put in a URL. */
function badIdChar(id: string): string | undefined {
	for (let i = 0; i < id.length; i++) {
		const code = id.charCodeAt(i);
		if (isForbiddenIdChar(code)) return `must not contain control or bidi characters (U+${code.toString(16).toUpperCase().padStart(4, '0')} at ${i})`;
		if (code >= 0xd800 && code <= 0xdbff) {
			const next = id.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) i++;
			else return 'must not contain an unpaired surrogate';
		} else if (code >= 0xdc00 && code <= 0xdfff) return 'must not contain an unpaired surrogate';
	}
	return undefined;
}

export type RandomBytes = (n: number) => Uint8Array;

export function ulid(nowMs: number, randomBytes: RandomBytes): string {
	let time = '';
	let t = Math.floor(nowMs);
	for (let i = 0; i < TIME_CHARS; i++) {
		time = CROCKFORD[t % 32] + time;
		t = Math.floor(t / 32);
	}
	const bytes = randomBytes(RANDOM_CHARS);
	let random = '';
	for (let i = 0; i < RANDOM_CHARS; i++) random += CROCKFORD[bytes[i] % 32];
	return time + random;
}

export const DOC_TYPES = [
	'patient',
	'visit',
	'tour',
	'observation',
	'observationSet',
	'note',
	'mission',
	'status',
	'handover',
	'alarm',
	'consult',
	'order',
	'orderResponse'
] as const;
export type DocType = (typeof DOC_TYPES)[number];

/** `_id` of a document: `<type>:<key>`. */
export function docId(type: DocType, key: string): string {
	return `${type}:${key}`;
}

/** The `[startkey, endkey]` range of `_all_docs` that holds every document of a type. */
export function typeRange(type: DocType): { startkey: string; endkey: string } {
	return { startkey: `${type}:`, endkey: `${type}:\ufff0` };
}

export function teamDbName(teamId: string): string {
	return `team-${teamId}`;
}

/**
 * What is wrong with a document id (`_local/` checkpoints included), or undefined when nothing is.
 * Also for ids a document refers to: a reference to an id no device can read is no use.
 */
export function idProblem(id: string): string | undefined {
	if (id === '') return 'must not be empty';
	if (id.length > MAX_ID_LENGTH) return `must be at most ${MAX_ID_LENGTH} characters long, is ${id.length}`;
	const bad = badIdChar(id);
	if (bad) return bad;
	// `_local/.` and `_local/..` are dot segments: a client's URL would resolve them away.
	if (/^_local\/\.{0,2}$/.test(id)) return 'a _local id needs a name';
	return undefined;
}
