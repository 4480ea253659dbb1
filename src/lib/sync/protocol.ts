// CouchDB wire shapes the app and the server both speak.

export interface CouchErrorBody {
	error: string;
	reason: string;
}

export function isCouchErrorBody(value: unknown): value is CouchErrorBody {
	return typeof value === 'object' && value !== null && typeof (value as CouchErrorBody).error === 'string' && typeof (value as CouchErrorBody).reason === 'string';
}

/** A revision the server refused to store (`forbidden` per document from `_bulk_docs`). */
export interface DeniedWrite {
	id: string;
	reason: string;
}
