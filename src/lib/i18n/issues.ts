// Schema issues in words people read: every valibot issue the document and account schemas raise
// becomes a German (or English) message with the field's label, chosen by the issue's kind
// (`type`) and its requirement, never by the schema's English developer text.
import type { ValidationIssue } from '../domain/index.ts';
import { de } from './de.ts';
import { formatNumber, t, type MessageKey } from './i18n.svelte.ts';

/** Patterns of the schemas' `regex` rules (their source) and what each asks for. */
const PATTERN_MESSAGES: Record<string, MessageKey> = {
	'^\\d{5}$': 'issue.postalCode',
	'^$|^[A-Z]\\d{9}$': 'issue.insuranceNumber',
	'^([01]\\d|2[0-3]):[0-5]\\d$': 'issue.time',
	'^\\d{1,7}-\\d$': 'issue.loinc',
	'^([0-9a-f]{2})*$': 'issue.hex',
	'^\\S+$': 'issue.unitCode',
	'^[a-z][a-z0-9-]{1,40}$': 'issue.teamId',
	'^[a-z][a-z0-9._-]{1,31}$': 'issue.username'
};

/** `check` rules carry a function, not a requirement: their schema message is the only name they have. */
const CHECK_MESSAGES: Record<string, MessageKey> = {
	'must be a date that exists': 'issue.dateExists',
	'windowEnd must be after windowStart': 'issue.endAfterStart',
	'shiftEnd must be after shiftStart': 'issue.endAfterStart'
};
/** Whole-document checks whose message names no single field. */
const DOCUMENT_CHECK_MESSAGES: Record<string, MessageKey> = {
	'patientId or missionId is required': 'issue.patientOrMission',
	"the id's key must be the subject's key": 'issue.setSubject',
	"effectiveAt must be the latest member's": 'issue.setTime',
	'must not have the form of an observation set member id': 'issue.setMemberId',
	'a consult is asked on a patient or a mission': 'issue.consultSubject',
	'acceptedBy and acceptedAt go together': 'issue.personAndTime',
	'closedBy and closedAt go together': 'issue.personAndTime',
	'a medication needs substance, dose and route': 'issue.medicationOrder',
	'a measure or finding needs its text': 'issue.orderText',
	'an order carried out needs doneAt': 'issue.orderDoneAt',
	'a declined order needs a reason': 'issue.orderDeclineReason'
};

/** Messages of whole-document checks: they name no field, so they carry no label. */
export const DOCUMENT_CHECK_KEYS: ReadonlySet<MessageKey> = new Set(Object.values(DOCUMENT_CHECK_MESSAGES));

/** Fields holding document ids (`_id`, `patientId`, `visitIds.3`, `replaces`): their checks are id rules (ids.ts). */
const ID_PATH = /(^|\.)(_id|\w+Id|\w+Ids\.\d+|replaces)$/;

/** Value types whose wrong value is a choice from a list. */
const CHOICE_TYPES = new Set(['picklist', 'literal', 'enum', 'variant', 'union', 'boolean']);

/** A typical value per field (last path segment), shown in "please enter a number, e.g. 80". */
const NUMBER_EXAMPLES: Record<string, number> = {
	age: 80,
	durationMin: 30,
	careLevel: 2,
	naca: 3,
	lat: 52.52,
	lon: 13.405,
	value: 37.5,
	accuracyM: 20
};

export interface IssueWording {
	/** The field's label as the form shows it; otherwise `field.<name>` from the catalog, or "this field". */
	label?: string;
	/** A typical value for a number field. */
	example?: number;
}

function lastSegment(path: string): string {
	const segments = path.split('.');
	return segments[segments.length - 1] ?? '';
}

function defaultLabel(path: string): string {
	const key = `field.${lastSegment(path)}`;
	return isMessageKey(key) ? t(key) : t('issue.thisField');
}

function isMessageKey(key: string): key is MessageKey {
	return key in de;
}

/** The message key for an issue, from its kind and requirement. */
export function issueMessageKey(issue: ValidationIssue): MessageKey {
	const { type, requirement, received } = issue;
	switch (type) {
		case 'min_length':
			return requirement === 1 ? 'issue.required' : 'issue.minLength';
		case 'max_length':
			return issue.list ? 'issue.maxItems' : 'issue.maxLength';
		case 'min_value':
			return 'issue.minValue';
		case 'max_value':
			return 'issue.maxValue';
		case 'integer':
			return 'issue.integer';
		case 'finite':
			return 'issue.number';
		case 'iso_date':
			return 'issue.date';
		case 'iso_timestamp':
			return 'issue.timestamp';
		case 'starts_with':
			return 'issue.id';
		case 'regex':
			return (typeof requirement === 'string' && PATTERN_MESSAGES[requirement]) || 'issue.invalid';
		case 'check':
			return DOCUMENT_CHECK_MESSAGES[issue.message] ?? CHECK_MESSAGES[issue.message] ?? (ID_PATH.test(issue.path) ? 'issue.id' : 'issue.invalid');
		case 'number':
			return received === 'undefined' ? 'issue.required' : 'issue.number';
		case 'string':
			return received === 'undefined' ? 'issue.required' : 'issue.invalid';
		default:
			return type !== undefined && CHOICE_TYPES.has(type) ? 'issue.choice' : 'issue.invalid';
	}
}

/** What a person reads at the field: German (or English) with the field's label, whatever the schema said. */
export function issueMessage(issue: ValidationIssue, wording: IssueWording = {}): string {
	let key = issueMessageKey(issue);
	const label = wording.label ?? defaultLabel(issue.path);
	const example = wording.example ?? NUMBER_EXAMPLES[lastSegment(issue.path)];
	if (key === 'issue.number' && example !== undefined) key = 'issue.numberExample';
	const requirement = typeof issue.requirement === 'number' ? formatNumber(issue.requirement) : '';
	return t(key, { label, requirement, example: example === undefined ? '' : formatNumber(example) });
}

/**
 * One message per form field, the first issue of each: `fieldOf` maps a document path
 * (`patient.age`, `address.postalCode`) to the form's field name, `labelOf` names the field.
 */
export function fieldMessages(
	issues: readonly ValidationIssue[],
	fieldOf: (path: string) => string,
	labelOf: (field: string) => string | undefined
): Record<string, string> {
	const messages: Record<string, string> = {};
	for (const issue of issues) {
		const field = fieldOf(issue.path);
		if (field in messages) continue;
		messages[field] = issueMessage(issue, { label: labelOf(field) });
	}
	return messages;
}
