// The device's access log: "opened patient X / mission Y", kept in a Dexie database of its own
// until the server has it (POST /api/audit/events). Opening a record happens offline, where the
// server sees nothing; these entries are what the audit trail knows of it. Ids and times only.
import Dexie, { type EntityTable } from 'dexie';
import type { AccessEvent } from '../domain/index.ts';

/** An opened record, waiting for upload; the user it is uploaded for is the one who opened it. */
export interface PendingAccessEvent extends AccessEvent {
	username: string;
}

class AccessLogStore extends Dexie {
	events!: EntityTable<PendingAccessEvent, 'id'>;

	constructor() {
		// A database of its own: its schema versions move independently of the device store's.
		super('fieldcare-access-log');
		this.version(1).stores({ events: 'id, username' });
	}
}

const store = new AccessLogStore();

export async function addAccessEvent(event: PendingAccessEvent): Promise<void> {
	await store.events.put(event);
}

/** The oldest events of a user not uploaded yet (ids are ULIDs: in the order they were opened). */
export async function pendingAccessEvents(username: string, limit: number): Promise<PendingAccessEvent[]> {
	const events = await store.events.where('username').equals(username).sortBy('id');
	return events.slice(0, limit);
}

export async function forgetAccessEvents(ids: string[]): Promise<void> {
	await store.events.bulkDelete(ids);
}
