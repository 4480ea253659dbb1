// Valibot schemas of every synced document: the one definition the app and the server share.
import * as v from 'valibot';
import { DOC_TYPES, idProblem, type DocType } from './ids.ts';
import { isSetMemberId, MAX_SET_MEMBERS, setKeyMatchesSubject } from './observation-set-ids.ts';

export const SCHEMA_VERSION = 1;

const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const requiredText = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(max));
/** A calendar date that exists: valibot's isoDate checks the pattern only (it lets 1941-02-30 through). */
const isoDate = v.pipe(
	v.string(),
	v.isoDate('must be a date YYYY-MM-DD'),
	v.check((text) => {
		if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return true; // the pattern's own issue says it
		const date = new Date(`${text}T00:00:00Z`);
		return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
	}, 'must be a date that exists')
);
const clockTime = v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM'));
/** An id of a document of `type`, own or referred to: its prefix, and no more than every device can read (ids.ts). */
const idOf = (type: DocType) =>
	v.pipe(
		v.string(),
		v.startsWith(`${type}:`, `must start with "${type}:"`),
		v.check((id) => idProblem(id) === undefined, (issue) => idProblem(String(issue.input)) ?? 'invalid id')
	);
/** Full ISO 8601 instant with offset, as `Date.prototype.toISOString()` writes it. */
const instant = v.pipe(v.string(), v.isoTimestamp('must be an ISO timestamp'));

export const GeoPointSchema = v.object({
	lat: v.pipe(v.number(), v.minValue(-90), v.maxValue(90)),
	lon: v.pipe(v.number(), v.minValue(-180), v.maxValue(180))
});
export type GeoPoint = v.InferOutput<typeof GeoPointSchema>;

export const AddressSchema = v.object({
	street: requiredText(120),
	postalCode: v.pipe(v.string(), v.regex(/^\d{5}$/, 'must be a 5-digit German postal code')),
	city: requiredText(80)
});
export type Address = v.InferOutput<typeof AddressSchema>;

/** Fields every document carries; CouchDB's own `_` fields pass through untouched. */
const base = <T extends DocType>(type: T) => ({
	_id: idOf(type),
	_rev: v.optional(v.string()),
	type: v.literal(type),
	schemaVersion: v.literal(SCHEMA_VERSION),
	createdAt: instant,
	createdBy: requiredText(64),
	deviceId: requiredText(64)
});
/** Mutable documents also say who changed them last, and when each field was last edited. */
const mutable = {
	updatedAt: v.optional(instant),
	updatedBy: v.optional(requiredText(64)),
	fieldEdits: v.optional(v.record(v.string(), v.object({ at: instant, by: requiredText(64) }))),
	/** Values that lost a field-by-field merge of conflicting edits, kept for people to see. */
	mergeHistory: v.optional(
		v.pipe(
			v.array(v.object({ field: v.string(), value: v.unknown(), at: instant, by: requiredText(64), rev: v.string() })),
			v.maxLength(50)
		)
	)
};

export const SEXES = ['female', 'male', 'diverse', 'unknown'] as const;

export const PatientSchema = v.looseObject({
	...base('patient'),
	...mutable,
	firstName: requiredText(80),
	lastName: requiredText(80),
	birthDate: isoDate,
	sex: v.picklist(SEXES),
	address: AddressSchema,
	location: v.optional(GeoPointSchema),
	phone: v.optional(text(40)),
	insurer: v.optional(text(80)),
	insuranceNumber: v.optional(v.pipe(v.string(), v.regex(/^$|^[A-Z]\d{9}$/, 'must be a letter and 9 digits'))),
	/** Pflegegrad 1–5 (SGB XI); 0 = none. */
	careLevel: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(5))),
	allergies: v.optional(v.array(text(120))),
	notes: v.optional(text(2000)),
	/** The care plan asks for the patient's signature on every visit (Leistungsnachweis), unless a visit says otherwise. */
	visitSignatureRequired: v.optional(v.boolean())
});

export const VISIT_STATUSES = ['planned', 'in-progress', 'done', 'cancelled'] as const;

export const VisitSchema = v.pipe(
	v.looseObject({
		...base('visit'),
		...mutable,
		patientId: idOf('patient'),
		date: isoDate,
		windowStart: clockTime,
		windowEnd: clockTime,
		/** Hard windows are fixed-time tasks (insulin); preferred ones may slip. */
		windowKind: v.picklist(['hard', 'preferred']),
		durationMin: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(480)),
		tasks: v.array(requiredText(120)),
		qualification: v.optional(v.picklist(['basic', 'treatment', 'specialist'])),
		priority: v.picklist([1, 2, 3]),
		assignedTo: v.optional(requiredText(64)),
		status: v.picklist(VISIT_STATUSES),
		/** Visit documentation for the Leistungsnachweis: when care began and ended, which tasks were done. */
		startedAt: v.optional(instant),
		endedAt: v.optional(instant),
		tasksDone: v.optional(v.pipe(v.array(requiredText(120)), v.maxLength(50))),
		/** The patient signed on the device; the image is the attachment `signature.png`. */
		signedAt: v.optional(instant),
		/** Tasks left undone when the visit was finished, each with the nurse's reason (the check sheet). */
		tasksNotDone: v.optional(v.pipe(v.array(v.object({ task: requiredText(120), reason: requiredText(200) })), v.maxLength(50))),
		/** The plan asks for the patient's signature before the visit may be finished. */
		signatureRequired: v.optional(v.boolean())
	}),
	v.check((visit) => visit.windowStart < visit.windowEnd, 'windowEnd must be after windowStart')
);

/** Where a tour begins or ends: the nursing station or the nurse's home. */
export const TourPlaceSchema = v.object({
	kind: v.picklist(['station', 'home']),
	location: GeoPointSchema,
	label: v.optional(text(120))
});
export type TourPlace = v.InferOutput<typeof TourPlaceSchema>;

/** Reasons the planner gives for a visit it could not fit (routing/problem.ts UnassignedReason codes). */
export const UNPLANNED_REASONS = ['window-unreachable', 'shift-too-short', 'no-qualified-vehicle', 'over-capacity', 'no-room', 'no-location'] as const;

export const TourSchema = v.pipe(
	v.looseObject({
		...base('tour'),
		...mutable,
		date: isoDate,
		nurse: requiredText(64),
		/** The visits in the order she drives them. */
		visitIds: v.pipe(v.array(idOf('visit')), v.maxLength(100)),
		shiftStart: clockTime,
		shiftEnd: clockTime,
		breakRule: v.optional(
			v.object({ earliest: clockTime, latest: clockTime, durationMin: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(120)) })
		),
		startPlace: v.optional(TourPlaceSchema),
		endPlace: v.optional(TourPlaceSchema),
		/** Planned arrival per visit from the last planning run; absent after a reorder by hand until planned again. */
		plan: v.optional(v.pipe(v.array(v.object({ visitId: idOf('visit'), arrival: clockTime, start: clockTime })), v.maxLength(100))),
		plannedBreak: v.optional(clockTime),
		/** The nurse's own visits the planner could not fit, with its reason: never dropped silently. */
		unplanned: v.optional(v.pipe(v.array(v.object({ visitId: idOf('visit'), reason: v.picklist(UNPLANNED_REASONS) })), v.maxLength(100))),
		orderedBy: v.optional(v.picklist(['planner', 'hand']))
	}),
	v.check((tour) => tour.shiftStart < tour.shiftEnd, 'shiftEnd must be after shiftStart')
);

/** One value of a vital sign: what an observation document holds beside its subject, and a member of an observation set. */
const observationValue = {
	/** LOINC code, e.g. 8867-4 heart rate. */
	code: v.pipe(v.string(), v.regex(/^\d{1,7}-\d$/, 'must be a LOINC code')),
	value: v.pipe(v.number(), v.finite('must be a finite number')),
	/** UCUM unit, e.g. `/min`, `mm[Hg]`, `Cel`. */
	unit: requiredText(20),
	effectiveAt: instant,
	device: v.optional(v.object({ name: text(80), id: text(80) })),
	rawHex: v.optional(v.pipe(v.string(), v.regex(/^([0-9a-f]{2})*$/, 'must be lower-case hex bytes'))),
	replaces: v.optional(v.string()),
	/** Observations taken together in one reading (systolic, diastolic, mean and pulse of one cuff measurement) share it. */
	groupId: v.optional(requiredText(64)),
	/** Outside the usual range of the vital sign: saved, but flagged. */
	unusual: v.optional(v.boolean()),
	/** UCUM unit the device sent before the value was converted into `unit`, e.g. `kPa`, `[degF]`. */
	sourceUnit: v.optional(v.pipe(requiredText(20), v.regex(/^\S+$/, 'must be a UCUM unit without spaces')))
};

/** The patient, visit or mission values are taken on. */
const observationSubject = {
	patientId: v.optional(idOf('patient')),
	visitId: v.optional(v.string()),
	missionId: v.optional(idOf('mission'))
};

/**
 * An observation is of a known patient (home care) or of a mission's patient, often unnamed (rescue).
 * Stored on its own (as before observation sets) or expanded from a set (observation-sets.ts).
 */
export const ObservationSchema = v.pipe(
	v.looseObject({ ...base('observation'), ...observationSubject, ...observationValue }),
	v.check((observation) => observation.patientId !== undefined || observation.missionId !== undefined, 'patientId or missionId is required')
);

/** A stored observation document: its id is not one of a set's members (`observation:<key>:<set key>:<n>`), which it would shadow. */
const ObservationDocumentSchema = v.pipe(
	ObservationSchema,
	v.check((observation) => !isSetMemberId(observation._id), 'must not have the form of an observation set member id')
);

/**
 * The values taken together in one save (a cuff's reading, the round of one visit) as one document:
 * a device's window holds about a quarter of the documents it would as single observations, and the
 * cost of replicating is per document. Readers see its members as observations (observation-sets.ts).
 */
export const ObservationSetSchema = v.pipe(
	v.looseObject({
		...base('observationSet'),
		...observationSubject,
		/** The latest member's time: the set stays in a device's window as long as its newest value. */
		effectiveAt: instant,
		members: v.pipe(v.array(v.object(observationValue)), v.minLength(1, 'must hold a value'), v.maxLength(MAX_SET_MEMBERS))
	}),
	v.check((set) => set.patientId !== undefined || set.missionId !== undefined, 'patientId or missionId is required'),
	v.check((set) => setKeyMatchesSubject(set._id, set.patientId ?? set.missionId ?? ''), "the id's key must be the subject's key"),
	v.check((set) => Date.parse(set.effectiveAt) === Math.max(...set.members.map((member) => Date.parse(member.effectiveAt))), "effectiveAt must be the latest member's")
);

export const NOTE_KINDS = ['text', 'measure', 'medication'] as const;

/** Free text, or on a mission a measure (Maßnahme) or a medication given, with its time. */
export const NoteSchema = v.looseObject({
	...base('note'),
	patientId: v.optional(idOf('patient')),
	visitId: v.optional(v.string()),
	missionId: v.optional(v.string()),
	text: requiredText(10000),
	kind: v.optional(v.picklist(NOTE_KINDS)),
	/** When the measure was done or the drug given (may be earlier than it was written down). */
	at: v.optional(instant),
	/** Dose and route of a medication, e.g. "500 mg i.v.". */
	dose: v.optional(text(80)),
	replaces: v.optional(v.string())
});

export const MISSION_STATES = ['open', 'assigned', 'active', 'closed', 'cancelled'] as const;

export const MissionSchema = v.looseObject({
	...base('mission'),
	...mutable,
	keyword: requiredText(80),
	priority: v.picklist([1, 2, 3]),
	address: text(200),
	location: v.optional(GeoPointSchema),
	callerInfo: v.optional(text(2000)),
	patient: v.optional(
		v.object({
			name: v.optional(text(120)),
			age: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(130))),
			sex: v.optional(v.picklist(SEXES))
		})
	),
	unitId: v.optional(requiredText(64)),
	state: v.picklist(MISSION_STATES),
	alarmedAt: instant,
	/** The crew reached the patient (no FMS code of its own). */
	patientContactAt: v.optional(instant),
	/** The crew's findings (DIVI protocol, MIND): ABCDE, GCS, NACA, complaint, injuries. */
	care: v.optional(
		v.object({
			complaint: v.optional(text(1000)),
			injuries: v.optional(text(1000)),
			abcde: v.optional(v.object({ a: v.optional(text(500)), b: v.optional(text(500)), c: v.optional(text(500)), d: v.optional(text(500)), e: v.optional(text(500)) })),
			gcs: v.optional(
				v.object({
					eye: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(4)),
					verbal: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(5)),
					motor: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(6))
				})
			),
			/** NACA score 0–7 (0 = no injury or illness, 7 = dead). */
			naca: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(7)))
		})
	),
	/** Destination hospital. */
	destination: v.optional(text(120)),
	cancelReason: v.optional(text(500))
});

/** FMS status codes 0–9 (DOMAIN.md). */
export const StatusEventSchema = v.looseObject({
	...base('status'),
	unitId: requiredText(64),
	missionId: v.optional(v.string()),
	status: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9)),
	/** When it was pressed on the device: kept through offline periods, so the timeline orders by it. */
	at: instant,
	position: v.optional(v.object({ ...GeoPointSchema.entries, accuracyM: v.optional(v.pipe(v.number(), v.minValue(0))) })),
	/** A position report while on a mission repeats the current status; it is not a status change. */
	report: v.optional(v.picklist(['status', 'position']))
});

export const HandoverSchema = v.looseObject({
	...base('handover'),
	missionId: idOf('mission'),
	mechanism: text(2000),
	injuries: text(2000),
	signs: text(2000),
	treatment: text(2000),
	hospital: text(120)
});

const news2ParameterScore = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3));

export /** NEWS2 score of each parameter present (RCP 2017 chart rows); on alarms and consult requests. */
const news2Parameters = v.pipe(
	v.unknown(),
	// v.object lets a list through when every key is optional.
	v.check((scores) => !Array.isArray(scores), 'must be an object, not a list'),
	v.object({
		respiratoryRate: v.optional(news2ParameterScore),
		spo2: v.optional(news2ParameterScore),
		airOrOxygen: v.optional(news2ParameterScore),
		systolic: v.optional(news2ParameterScore),
		pulse: v.optional(news2ParameterScore),
		consciousness: v.optional(news2ParameterScore),
		temperature: v.optional(news2ParameterScore)
	})
);

const AlarmSchema = v.looseObject({
	...base('alarm'),
	kind: v.picklist(['news2', 'device-silent']),
	patientId: v.optional(v.string()),
	/** The unit or nurse whose device went silent. */
	unitId: v.optional(requiredText(64)),
	/** An acknowledgement is a new alarm document that replaces the raised one (alarms are append-only). */
	replaces: v.optional(idOf('alarm')),
	acknowledgedBy: v.optional(requiredText(64)),
	acknowledgedAt: v.optional(instant),
	missionId: v.optional(idOf('mission')),
	severity: v.picklist(['low-medium', 'medium', 'high']),
	message: requiredText(500),
	score: v.optional(v.number()),
	/** The observations the alarm was raised from. */
	observationIds: v.optional(v.pipe(v.array(idOf('observation')), v.maxLength(20))),
	/** NEWS2 score of each parameter present (RCP 2017 chart rows). */
	news2: v.optional(news2Parameters)
});

/** "sofort": the physician is needed now (Telenotarzt at the scene); "heute": within the day (GP). */
export const CONSULT_URGENCIES = ['sofort', 'heute'] as const;
export type ConsultUrgency = (typeof CONSULT_URGENCIES)[number];

/** Most vital signs a request carries: one reading of each parameter, with a few devices' extras. */
export const MAX_CONSULT_VITALS = 30;

/**
 * A field user asks a physician in (Ärztin/Arzt hinzuziehen) on a visit, a patient or a mission. The
 * request's content is the field user's and never changes; the lifecycle (accepted, call, closed) is
 * written by the server on the physician's behalf (consult endpoints, rights.ts).
 */
export const ConsultSchema = v.pipe(
	v.looseObject({
		...base('consult'),
		...mutable,
		reason: requiredText(2000),
		urgency: v.picklist(CONSULT_URGENCIES),
		/** When it was asked for on the device: an offline request keeps it, the queue waits from it. */
		requestedAt: instant,
		patientId: v.optional(idOf('patient')),
		visitId: v.optional(idOf('visit')),
		missionId: v.optional(idOf('mission')),
		/** The latest vital signs at the time of the request, attached automatically. */
		vitals: v.optional(
			v.pipe(
				v.array(
					v.object({
						observationId: v.optional(idOf('observation')),
						code: v.pipe(v.string(), v.regex(/^\d{1,7}-\d$/, 'must be a LOINC code')),
						value: v.pipe(v.number(), v.finite('must be a finite number')),
						unit: requiredText(20),
						effectiveAt: instant
					})
				),
				v.maxLength(MAX_CONSULT_VITALS)
			)
		),
		/** NEWS2 at the time of the request, as the device computed it from `vitals`, and its parameters' scores. */
		news2Score: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(20))),
		news2: v.optional(news2Parameters),
		acceptedBy: v.optional(requiredText(64)),
		acceptedAt: v.optional(instant),
		callStartedAt: v.optional(instant),
		callEndedAt: v.optional(instant),
		closedBy: v.optional(requiredText(64)),
		closedAt: v.optional(instant)
	}),
	v.check((consult) => consult.patientId !== undefined || consult.missionId !== undefined, 'a consult is asked on a patient or a mission'),
	v.check((consult) => (consult.acceptedBy === undefined) === (consult.acceptedAt === undefined), 'acceptedBy and acceptedAt go together'),
	v.check((consult) => (consult.closedBy === undefined) === (consult.closedAt === undefined), 'closedBy and closedAt go together')
);

/**
 * What a physician orders in a consult: a medication (substance, dose, route, when), a measure, the
 * two standing decisions of the Telenotarzt and the GP, or a finding without an order.
 */
export const ORDER_KINDS = ['medication', 'measure', 'no-transport', 'gp-visit-tomorrow', 'finding'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];
/** Routes of administration (SNOMED CT codes in fhir-consult.ts). */
export const MEDICATION_ROUTES = ['iv', 'im', 'sc', 'po', 'sl', 'nasal', 'inhalation', 'rectal', 'io', 'transdermal'] as const;
export type MedicationRoute = (typeof MEDICATION_ROUTES)[number];

/** An order, append-only and signed by the physician's account (`createdBy`, set by the server from the session). */
export const OrderSchema = v.pipe(
	v.looseObject({
		...base('order'),
		consultId: idOf('consult'),
		kind: v.picklist(ORDER_KINDS),
		/** The measure or finding in words; for a medication, what else the field user must know. */
		text: v.optional(text(2000)),
		substance: v.optional(requiredText(120)),
		/** Amount with its unit, e.g. "500 mg", "2 Hub". */
		dose: v.optional(requiredText(80)),
		route: v.optional(v.picklist(MEDICATION_ROUTES)),
		/** When to give it; absent means now. May lie ahead (not an event time). */
		dueAt: v.optional(instant),
		patientId: v.optional(idOf('patient')),
		visitId: v.optional(idOf('visit')),
		missionId: v.optional(idOf('mission'))
	}),
	v.check((order) => order.kind !== 'medication' || (order.substance !== undefined && order.dose !== undefined && order.route !== undefined), 'a medication needs substance, dose and route'),
	v.check((order) => (order.kind !== 'measure' && order.kind !== 'finding') || (order.text ?? '') !== '', 'a measure or finding needs its text')
);

export const ORDER_OUTCOMES = ['done', 'declined'] as const;

/** The field user's answer to an order: carried out (when) or declined (why). Append-only. */
export const OrderResponseSchema = v.pipe(
	v.looseObject({
		...base('orderResponse'),
		orderId: idOf('order'),
		consultId: idOf('consult'),
		outcome: v.picklist(ORDER_OUTCOMES),
		doneAt: v.optional(instant),
		reason: v.optional(requiredText(500))
	}),
	v.check((response) => response.outcome !== 'done' || response.doneAt !== undefined, 'an order carried out needs doneAt'),
	v.check((response) => response.outcome !== 'declined' || response.reason !== undefined, 'a declined order needs a reason')
);

const SCHEMAS = {
	patient: PatientSchema,
	visit: VisitSchema,
	tour: TourSchema,
	observation: ObservationDocumentSchema,
	observationSet: ObservationSetSchema,
	note: NoteSchema,
	mission: MissionSchema,
	status: StatusEventSchema,
	handover: HandoverSchema,
	alarm: AlarmSchema,
	consult: ConsultSchema,
	order: OrderSchema,
	orderResponse: OrderResponseSchema
} as const satisfies Record<DocType, v.GenericSchema>;

export type Patient = v.InferOutput<typeof PatientSchema>;
export type Visit = v.InferOutput<typeof VisitSchema>;
export type Tour = v.InferOutput<typeof TourSchema>;
export type Observation = v.InferOutput<typeof ObservationSchema>;
export type ObservationSet = v.InferOutput<typeof ObservationSetSchema>;
export type Note = v.InferOutput<typeof NoteSchema>;
export type Mission = v.InferOutput<typeof MissionSchema>;
export type StatusEvent = v.InferOutput<typeof StatusEventSchema>;
export type Handover = v.InferOutput<typeof HandoverSchema>;
export type Alarm = v.InferOutput<typeof AlarmSchema>;
export type Consult = v.InferOutput<typeof ConsultSchema>;
export type Order = v.InferOutput<typeof OrderSchema>;
export type OrderResponse = v.InferOutput<typeof OrderResponseSchema>;
export type FieldDocument = Patient | Visit | Tour | Observation | ObservationSet | Note | Mission | StatusEvent | Handover | Alarm | Consult | Order | OrderResponse;

export interface ValidationIssue {
	/** Dotted path of the field, e.g. `address.postalCode`; empty for the whole document. */
	path: string;
	/** The schema's own words, for developers and server logs; people read `i18n/issues.ts`'s translation. */
	message: string;
	/** valibot's issue type: a wrong type (`number`, `string`) or the broken rule (`min_length`, `regex`, `check` …). */
	type?: string;
	expected?: string | null;
	received?: string;
	/** The rule's bound (`maxLength(120)` → 120) or pattern source (`regex` → `^\\d{5}$`). */
	requirement?: number | string;
	/** The value was a list (a `max_length` of entries, not characters). */
	list?: true;
}
export type Validation = { ok: true; doc: FieldDocument } | { ok: false; reason: string; issues: ValidationIssue[] };

function isDocType(value: unknown): value is DocType {
	return typeof value === 'string' && (DOC_TYPES as readonly string[]).includes(value);
}

/** Validates a document before it is stored; `reason` names the field and the rule broken. */
export function validateDocument(input: unknown): Validation {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		return invalid([{ path: '', message: 'document must be a JSON object' }]);
	}
	const type = (input as { type?: unknown }).type;
	if (!isDocType(type)) return invalid([{ path: 'type', message: `unknown document type ${JSON.stringify(type)}` }]);
	const result = v.safeParse(SCHEMAS[type], input);
	if (result.success) return { ok: true, doc: result.output as FieldDocument };
	return invalid(validationIssuesOf(result.issues));
}

/** valibot's issues as plain data: the field, the schema's message, and what the UI needs to word it. */
export function validationIssuesOf(issues: readonly v.BaseIssue<unknown>[]): ValidationIssue[] {
	return issues.map((issue) => {
		const { requirement } = issue;
		const plain: ValidationIssue = { path: v.getDotPath(issue) ?? '', message: issue.message, type: issue.type, expected: issue.expected, received: issue.received };
		if (typeof requirement === 'number' || typeof requirement === 'string') plain.requirement = requirement;
		else if (requirement instanceof RegExp) plain.requirement = requirement.source;
		if (Array.isArray(issue.input)) plain.list = true;
		return plain;
	});
}

function invalid(issues: ValidationIssue[]): Validation {
	const reason = issues.map(({ path, message }) => (path ? `${path}: ${message}` : message)).join('; ');
	return { ok: false, reason, issues };
}
