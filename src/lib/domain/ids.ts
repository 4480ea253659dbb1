// ULIDs (ulid/spec): 48-bit millisecond time + 80 random bits, Crockford base32.
// Sortable by creation time, so `_id`s of one type list in the order they were made.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;

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
	'note',
	'mission',
	'status',
	'handover',
	'alarm'
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
