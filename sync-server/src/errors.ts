// CouchDB-shaped errors: `error` is CouchDB's wire name, `reason` is for people.
// The table mirrors the names stock clients (PouchDB) react to.

export const COUCH_ERRORS = {
	bad_request: 400,
	unauthorized: 401,
	forbidden: 403,
	not_found: 404,
	method_not_allowed: 405,
	not_acceptable: 406,
	conflict: 409,
	file_exists: 412,
	too_large: 413,
	bad_content_type: 415,
	too_many_requests: 429,
	internal_server_error: 500,
	service_unavailable: 503
} as const;

export type CouchErrorName = keyof typeof COUCH_ERRORS;

export class CouchError extends Error {
	readonly error: CouchErrorName;
	readonly status: number;
	readonly reason: string;

	constructor(error: CouchErrorName, reason: string) {
		super(`${error}: ${reason}`);
		this.name = 'CouchError';
		this.error = error;
		this.status = COUCH_ERRORS[error];
		this.reason = reason;
	}

	toJSON(): { error: string; reason: string } {
		return { error: this.error, reason: this.reason };
	}
}

/** PouchDB rejects with `{ status, name, message }`; turn that into a CouchError. */
export function fromPouchError(err: unknown): CouchError | undefined {
	if (typeof err !== 'object' || err === null) return undefined;
	const { status, name, message, reason } = err as { status?: unknown; name?: unknown; message?: unknown; reason?: unknown };
	if (typeof status !== 'number' || typeof name !== 'string') return undefined;
	const known = (Object.keys(COUCH_ERRORS) as CouchErrorName[]).find((key) => key === name);
	const text = typeof reason === 'string' ? reason : typeof message === 'string' ? message : name;
	if (known) return new CouchError(known, text);
	if (status >= 400 && status < 500) return Object.assign(new CouchError('bad_request', text), { status });
	return undefined;
}

/**
 * A per-document failure in a `_bulk_docs` or `_bulk_get` answer as CouchDB writes it: the wire
 * name and a reason. PouchDB's error objects also carry a stack with the server's file paths.
 */
export function couchErrorEntry(err: unknown): { error: string; reason: string } {
	const { error, name, reason, message } = (typeof err === 'object' && err !== null ? err : {}) as Record<string, unknown>;
	const wireName = typeof error === 'string' ? error : typeof name === 'string' ? name : 'unknown_error';
	const text = typeof reason === 'string' ? reason : typeof message === 'string' ? message : wireName;
	return { error: wireName, reason: text };
}
