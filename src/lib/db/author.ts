// Who writes a document, from which device and when: the fields every new document carries.
import { SCHEMA_VERSION, ulid } from '../domain/index.ts';

export interface Author {
	username: string;
	deviceId: string;
	now: Date;
}

export function creationFields(author: Author) {
	return { schemaVersion: SCHEMA_VERSION, createdAt: author.now.toISOString(), createdBy: author.username, deviceId: author.deviceId } as const;
}

/** A ULID for a new document's key, in the author's time: ids of one type list in creation order. */
export function newKey(now: Date): string {
	return ulid(now.getTime(), (n) => crypto.getRandomValues(new Uint8Array(n)));
}

/** The smallest key of a ULID made at `since`: a range from here holds what was made since then. */
export function keyAt(since: Date): string {
	return ulid(since.getTime(), (n) => new Uint8Array(n));
}
