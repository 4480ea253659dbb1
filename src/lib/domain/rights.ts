// Who may write what: one table per role and document type — actions, the fields each role may
// set, and whose documents they are — enforced by the server on every revision it stores and read
// by the app to offer only what the user may do. The README's rights table is this one.
import type { Role } from './account.ts';
import { DOC_TYPES, type DocType } from './ids.ts';

export type WriteAction = 'create' | 'update' | 'delete';

/** Field events are never edited, only superseded by a new document with `replaces` (ARCHITECTURE.md). */
export const APPEND_ONLY_TYPES: readonly DocType[] = ['observation', 'observationSet', 'note', 'status', 'handover', 'alarm', 'order', 'orderResponse'];

/**
 * A document belongs to the user named in this field of the revision being edited: the nurse of a
 * tour, the nurse a visit is assigned to, the unit (the paramedic account) a mission is assigned to.
 */
export type OwnerField = 'nurse' | 'assignedTo' | 'unitId';

export interface WriteRule {
	actions: readonly WriteAction[];
	/** Content fields the role may set on creation or change on an edit; `all` for every field. */
	fields: readonly string[] | 'all';
	/** With `all`: the fields the role may still not set (the planner's settings on a record nurses keep). */
	except?: readonly string[];
	/** Edits (and deletions) only of the writer's own documents. */
	owner?: OwnerField;
}

const ALL = 'all' as const;

/** What the nurse documents on a visit of her tour; the plan itself is the care manager's. */
export const VISIT_DOCUMENTATION_FIELDS = ['status', 'startedAt', 'endedAt', 'tasksDone', 'tasksNotDone', 'signedAt', '_attachments'] as const;
/** The order of her own tour and its re-planning from where she is; not which visits it holds. */
export const TOUR_ORDER_FIELDS = ['visitIds', 'plan', 'plannedBreak', 'unplanned', 'orderedBy'] as const;
/** The crew's record of a mission (DIVI protocol) and its progress through the status presses. */
export const MISSION_RECORD_FIELDS = ['care', 'patient', 'patientContactAt', 'destination', 'state'] as const;
/** The dispatcher's part of a mission: the call, the unit, the state; never the crew's findings. */
export const MISSION_DISPATCH_FIELDS = ['keyword', 'priority', 'address', 'location', 'callerInfo', 'patient', 'unitId', 'state', 'alarmedAt', 'cancelReason', 'destination'] as const;
/** Patient master data without clinical entries (allergies are recorded by nurses). */
export const PATIENT_MASTER_FIELDS = ['firstName', 'lastName', 'birthDate', 'sex', 'address', 'location', 'phone', 'insurer', 'insuranceNumber', 'careLevel', 'notes'] as const;
/** The care manager's settings on a patient for the visits she plans; nurses keep the rest of the record. */
export const PATIENT_PLAN_FIELDS = ['visitSignatureRequired'] as const;
/** A consult's course, set on the physician's behalf by the consult endpoints; never by the field user who asked. */
export const CONSULT_LIFECYCLE_FIELDS = ['acceptedBy', 'acceptedAt', 'callStartedAt', 'callEndedAt', 'closedBy', 'closedAt'] as const;
/** The visit plan: the care manager plans, nurses document. */
export const VISIT_PLAN_FIELDS = ['patientId', 'date', 'windowStart', 'windowEnd', 'windowKind', 'durationMin', 'tasks', 'qualification', 'priority', 'assignedTo', 'status', 'signatureRequired'] as const;

/**
 * Nurses document care in their team, on their own tour's visits; paramedics run the missions
 * assigned to their unit; dispatchers and care managers plan (missions, visits, tours, patient
 * master data) but make no clinical entries; field users ask physicians in and answer their orders,
 * physicians take consults and order; admins hold no team data.
 */
export const WRITE_RIGHTS: Record<Role, Partial<Record<DocType, WriteRule>>> = {
	nurse: {
		patient: { actions: ['create', 'update'], fields: ALL, except: PATIENT_PLAN_FIELDS },
		visit: { actions: ['update'], fields: VISIT_DOCUMENTATION_FIELDS, owner: 'assignedTo' },
		tour: { actions: ['update'], fields: TOUR_ORDER_FIELDS, owner: 'nurse' },
		observation: { actions: ['create'], fields: ALL },
		observationSet: { actions: ['create'], fields: ALL },
		note: { actions: ['create'], fields: ALL },
		alarm: { actions: ['create'], fields: ALL },
		consult: { actions: ['create'], fields: ALL, except: CONSULT_LIFECYCLE_FIELDS },
		orderResponse: { actions: ['create'], fields: ALL }
	},
	paramedic: {
		mission: { actions: ['update'], fields: MISSION_RECORD_FIELDS, owner: 'unitId' },
		status: { actions: ['create'], fields: ALL },
		observation: { actions: ['create'], fields: ALL },
		observationSet: { actions: ['create'], fields: ALL },
		note: { actions: ['create'], fields: ALL },
		handover: { actions: ['create'], fields: ALL },
		alarm: { actions: ['create'], fields: ALL },
		consult: { actions: ['create'], fields: ALL, except: CONSULT_LIFECYCLE_FIELDS },
		orderResponse: { actions: ['create'], fields: ALL }
	},
	dispatcher: {
		patient: { actions: ['create', 'update'], fields: [...PATIENT_MASTER_FIELDS, ...PATIENT_PLAN_FIELDS] },
		visit: { actions: ['create', 'update', 'delete'], fields: VISIT_PLAN_FIELDS },
		tour: { actions: ['create', 'update', 'delete'], fields: ALL },
		mission: { actions: ['create', 'update'], fields: MISSION_DISPATCH_FIELDS },
		alarm: { actions: ['create'], fields: ALL }
	},
	// A physician holds no replica and writes only through the consult endpoints, which check as here.
	arzt: {
		consult: { actions: ['update'], fields: CONSULT_LIFECYCLE_FIELDS },
		order: { actions: ['create'], fields: ALL }
	},
	admin: {}
};

/**
 * Fields that name the person or unit who acts, not the subject: they must name the signed-in user
 * (an acknowledgement is made by the one who acknowledges; a status press by the unit pressing).
 */
export const BOUND_FIELDS: Partial<Record<DocType, readonly string[]>> = {
	alarm: ['acknowledgedBy'],
	consult: ['acceptedBy', 'closedBy'],
	status: ['unitId']
};

export type RightsCheck = { ok: true } | { ok: false; reason: string };

export function mayWrite(role: Role, type: DocType, action: WriteAction): RightsCheck {
	if (action !== 'create' && APPEND_ONLY_TYPES.includes(type)) {
		return { ok: false, reason: `${type} documents are append-only: record a new one that replaces it` };
	}
	if (WRITE_RIGHTS[role][type]?.actions.includes(action)) return { ok: true };
	return { ok: false, reason: `the ${role} role may not ${action} ${type} documents` };
}

/** May this role set or change this field of this type (given it may write the type at all)? */
export function mayWriteField(role: Role, type: DocType, field: string): boolean {
	const rule = WRITE_RIGHTS[role][type];
	if (rule?.fields === ALL) return !(rule.except?.includes(field) ?? false);
	return rule?.fields.includes(field) ?? false;
}

/** Is `doc` one of the user's own documents where the rule requires it (always true otherwise)? */
export function ownsDocument(user: { username: string; role: Role }, type: DocType, doc: Record<string, unknown>): boolean {
	const owner = WRITE_RIGHTS[user.role][type]?.owner;
	return owner === undefined || doc[owner] === user.username;
}

/** May the user edit this existing document at all, and which of its fields? For the app's forms. */
export function editableFields(user: { username: string; role: Role }, type: DocType, doc: Record<string, unknown>): readonly string[] | 'all' | 'none' {
	const rule = WRITE_RIGHTS[user.role][type];
	if (!rule?.actions.includes('update') || !ownsDocument(user, type, doc)) return 'none';
	return rule.fields;
}

/** The document type named by an `_id` (`<type>:<key>`), also for tombstones that carry nothing else. */
export function typeOfId(id: string): DocType | undefined {
	const prefix = id.slice(0, id.indexOf(':'));
	return (DOC_TYPES as readonly string[]).includes(prefix) ? (prefix as DocType) : undefined;
}
