// The device's access log: "opened patient X / mission Y", kept in an IndexedDB database of its own
// until the server has it (POST /api/audit/events). Opening a record happens offline, where the
// server sees nothing; these entries are what the audit trail knows of it. Ids and times only.
import type { AccessEvent } from '../domain/index.ts';
import { IdbDatabase } from './idb-store.ts';

/** An opened record, waiting for upload; the user it is uploaded for is the one who opened it. */
export interface PendingAccessEvent extends AccessEvent {
	username: string;
}

// A database of its own: its schema versions move independently of the device store's.
const events = new IdbDatabase('fieldcare-access-log', 1, { events: { key: 'id', indexes: ['username'] } }).table<PendingAccessEvent, string>('events');

export async function addAccessEvent(event: PendingAccessEvent): Promise<void> {
	await events.put(event);
}

/** The oldest events of a user not uploaded yet (ids are ULIDs: in the order they were opened). */
export async function pendingAccessEvents(username: string, limit: number): Promise<PendingAccessEvent[]> {
	// The index lists equal usernames in key order, i.e. by id.
	return events.where('username', username, limit);
}

export async function forgetAccessEvents(ids: string[]): Promise<void> {
	await events.bulkDelete(ids);
}
