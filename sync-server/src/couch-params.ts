// CouchDB query parameters: some are JSON-encoded (keys, open_revs), others plain flags.
import { CouchError } from './errors.ts';

export type Query = Record<string, string | undefined>;

/** Upper bound of rows in one answer; larger `limit`s are clamped, not refused. */
export const MAX_LIMIT = 10_000;

export function boolParam(query: Query, name: string): boolean | undefined {
	const raw = query[name];
	if (raw === undefined) return undefined;
	if (raw === 'true') return true;
	if (raw === 'false') return false;
	throw new CouchError('bad_request', `${name} must be true or false`);
}

export function intParam(query: Query, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
	const raw = query[name];
	if (raw === undefined) return undefined;
	if (!/^\d{1,16}$/.test(raw)) throw new CouchError('bad_request', `${name} must be a non-negative integer`);
	return Math.min(Number(raw), max);
}

export function jsonParam(query: Query, name: string): unknown {
	const raw = query[name];
	if (raw === undefined) return undefined;
	try {
		return JSON.parse(raw);
	} catch {
		throw new CouchError('bad_request', `${name} must be JSON`);
	}
}

export function stringArrayParam(value: unknown, name: string): string[] | undefined {
	if (value === undefined) return undefined;
	if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
		throw new CouchError('bad_request', `${name} must be an array of strings`);
	}
	return value;
}

/** A JSON object body or a bad_request; the parser already refused broken JSON. */
export function objectBody(body: unknown): Record<string, unknown> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new CouchError('bad_request', 'Request body must be a JSON object');
	}
	return body as Record<string, unknown>;
}
