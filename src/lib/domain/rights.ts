// Who may write what: one table per role and document type, enforced by the server on every
// revision and read by the app to offer only what the user may do.
import type { Role } from './account.ts';
import { DOC_TYPES, type DocType } from './ids.ts';

export type WriteAction = 'create' | 'update' | 'delete';

/** Field events are never edited, only superseded by a new document with `replaces` (ARCHITECTURE.md). */
export const APPEND_ONLY_TYPES: readonly DocType[] = ['observation', 'note', 'status', 'handover', 'alarm'];

const C: WriteAction[] = ['create'];
const CU: WriteAction[] = ['create', 'update'];
const CUD: WriteAction[] = ['create', 'update', 'delete'];

/**
 * Nurses document care in their team; paramedics run missions of their station; dispatchers plan
 * (missions, visits, tours, patient master data) but make no clinical entries; admins hold no team data.
 */
export const WRITE_RIGHTS: Record<Role, Partial<Record<DocType, readonly WriteAction[]>>> = {
	nurse: { patient: CU, visit: ['update'], tour: ['update'], observation: C, note: C, alarm: C },
	paramedic: { mission: ['update'], status: C, observation: C, note: C, handover: C, alarm: C },
	dispatcher: { patient: CU, visit: CUD, tour: CUD, mission: CU, alarm: C },
	admin: {}
};

export type RightsCheck = { ok: true } | { ok: false; reason: string };

export function mayWrite(role: Role, type: DocType, action: WriteAction): RightsCheck {
	if (action !== 'create' && APPEND_ONLY_TYPES.includes(type)) {
		return { ok: false, reason: `${type} documents are append-only: record a new one that replaces it` };
	}
	if (WRITE_RIGHTS[role][type]?.includes(action)) return { ok: true };
	return { ok: false, reason: `the ${role} role may not ${action} ${type} documents` };
}

/** The document type named by an `_id` (`<type>:<key>`), also for tombstones that carry nothing else. */
export function typeOfId(id: string): DocType | undefined {
	const prefix = id.slice(0, id.indexOf(':'));
	return (DOC_TYPES as readonly string[]).includes(prefix) ? (prefix as DocType) : undefined;
}
