// The physician's side of a consult, pure: the queue kept current by the live stream's notices,
// how long a request has waited, and an order form's values checked by the shared order schema
// before anything is sent (orders are append-only: a wrong one cannot be taken back).
import * as v from 'valibot';
import { buildOrder, compareQueueEntries, OrderInputSchema, type ConsultNotice, type ConsultQueueEntry, type OrderInput } from './consult.ts';
import { MEDICATION_ROUTES, OrderSchema, validationIssuesOf, type Consult, type MedicationRoute, type OrderKind, type ValidationIssue } from './documents.ts';

const MINUTE_MS = 60_000;
const MINUTES_PER_HOUR = 60;
const HOURS_PER_DAY = 24;
/** What the order check signs with: the server replaces author, time and id with its own. */
const CHECK_AUTHOR = 'order-check';
const CHECK_KEY = '00000000000000000000000000';

/** A queue line as the physician sees it: `taken` once another physician accepted it (with their name, where the notice has it). */
export type PhysicianQueueLine = ConsultQueueEntry & { taken?: true; takenByName?: string };

/** The queue after one live notice: a new or accepted consult in its place, a taken one marked, a closed one gone. */
export function applyConsultNotice(queue: readonly PhysicianQueueLine[], notice: ConsultNotice): PhysicianQueueLine[] {
	if ('entry' in notice) return [...queue.filter((line) => line.id !== notice.entry.id), notice.entry].sort(compareQueueEntries);
	if (notice.kind === 'closed') return queue.filter((line) => line.id !== notice.id);
	return queue.map((line) => (line.id === notice.id ? { ...line, taken: true, ...(notice.takenByName ? { takenByName: notice.takenByName } : {}) } : line));
}

/** Newly requested `sofort` consults in `next` that `previous` did not hold: what the audible signal is for. */
export function newUrgentRequests(previous: readonly PhysicianQueueLine[], next: readonly PhysicianQueueLine[]): PhysicianQueueLine[] {
	const known = new Set(previous.map((line) => line.id));
	return next.filter((line) => !known.has(line.id) && line.urgency === 'sofort' && line.state === 'requested' && !line.taken);
}

export interface Waited {
	days: number;
	hours: number;
	minutes: number;
}

/** How long since the request was made on the device (an offline request counts from then); never negative. */
export function waitedSince(requestedAt: string, now: Date): Waited {
	const total = Math.max(0, Math.floor((now.getTime() - Date.parse(requestedAt)) / MINUTE_MS));
	return {
		days: Math.floor(total / (MINUTES_PER_HOUR * HOURS_PER_DAY)),
		hours: Math.floor(total / MINUTES_PER_HOUR) % HOURS_PER_DAY,
		minutes: total % MINUTES_PER_HOUR
	};
}

/** The order form as typed: every field a string, empty when not filled. */
export interface OrderFormValues {
	kind: OrderKind;
	substance: string;
	dose: string;
	route: MedicationRoute | '';
	/** "HH:MM" today, local time; empty: now. */
	time: string;
	text: string;
}

export const EMPTY_ORDER_FORM: OrderFormValues = { kind: 'medication', substance: '', dose: '', route: '', time: '', text: '' };

/** The fields each kind of order uses; the others are not sent. */
export const ORDER_FIELDS: Record<OrderKind, readonly (keyof OrderFormValues)[]> = {
	medication: ['substance', 'dose', 'route', 'time', 'text'],
	measure: ['text'],
	'no-transport': ['text'],
	'gp-visit-tomorrow': ['text'],
	finding: ['text']
};

/** "HH:MM" on the day of `now` in local time, as an instant. */
function timeToday(time: string, now: Date): string | undefined {
	const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
	if (!match) return undefined;
	const at = new Date(now);
	at.setHours(Number(match[1]), Number(match[2]), 0, 0);
	return at.toISOString();
}

export type OrderFormCheck = { ok: true; input: OrderInput } | { ok: false; issues: ValidationIssue[] };

const required = (path: string): ValidationIssue => ({ path, message: 'required', type: 'min_length', requirement: 1 });

/**
 * The form's values as the order request, checked by the order input schema and by the order
 * document schema (as the server will build it): issues name the form's field (`substance`, `text`, …).
 */
export function checkOrderForm(values: OrderFormValues, consult: Consult, now: Date): OrderFormCheck {
	const fields = ORDER_FIELDS[values.kind];
	const used = (field: keyof OrderFormValues) => fields.includes(field) && values[field].trim() !== '';
	const issues: ValidationIssue[] = [];
	const dueAt = used('time') ? timeToday(values.time.trim(), now) : undefined;
	if (used('time') && dueAt === undefined) issues.push({ path: 'time', message: 'must be a time', type: 'regex', requirement: '^([01]\\d|2[0-3]):[0-5]\\d$' });
	const raw = {
		kind: values.kind,
		...(used('text') ? { text: values.text.trim() } : {}),
		...(used('substance') ? { substance: values.substance.trim() } : {}),
		...(used('dose') ? { dose: values.dose.trim() } : {}),
		...(used('route') && (MEDICATION_ROUTES as readonly string[]).includes(values.route) ? { route: values.route } : {}),
		...(dueAt ? { dueAt } : {})
	};
	const input = v.safeParse(OrderInputSchema, raw);
	if (!input.success) return { ok: false, issues: [...issues, ...validationIssuesOf(input.issues)] };
	const order = v.safeParse(OrderSchema, buildOrder(consult, input.output, CHECK_AUTHOR, now, CHECK_KEY));
	if (!order.success) {
		// The schema's whole-order checks name no field: point at the fields the person left empty.
		for (const issue of validationIssuesOf(order.issues)) {
			if (issue.path !== '') issues.push(issue);
			else if (values.kind === 'medication') for (const field of ['substance', 'dose', 'route'] as const) if (!(field in raw)) issues.push(required(field));
			if (issue.path === '' && values.kind !== 'medication' && !('text' in raw)) issues.push(required('text'));
		}
		if (issues.length === 0) issues.push(...validationIssuesOf(order.issues));
	}
	return issues.length > 0 ? { ok: false, issues } : { ok: true, input: input.output };
}
