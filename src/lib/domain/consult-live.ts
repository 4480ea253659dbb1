// Live vital signs in a consult. The record stays the source of truth: an observation saved on the
// field device replicates to the team database, and the server passes it on to the physician's
// live stream only while that physician holds the consult (accepted, not closed) and only when it
// is of the consult's subject. These rules decide both; the physician's screen keeps the values in
// the order they were taken, whatever order they arrived in (a device back from offline sends late).
// A Bluetooth reading waiting for the nurse's confirmation is not in the record: the device relays it
// to the physician as "unbestätigt" (never stored), and it goes away once confirmed or discarded.
import * as v from 'valibot';
import { holdsConsult } from './consult.ts';
import type { Consult, Observation } from './documents.ts';
import { compareCodeUnits } from './text-order.ts';

/** An unconfirmed reading left unsettled this long (the device went offline) is dropped from the screen. */
export const UNCONFIRMED_MAX_AGE_MS = 120_000;
/** Values of one device reading: a cuff sends four. */
const MAX_READING_VALUES = 8;

/** The patient or mission an observation is of: its id range (`observation:<subject key>:…`) follows the same rule. */
export function observationSubject(observation: Pick<Observation, 'patientId' | 'missionId'>): string | undefined {
	return observation.patientId ?? observation.missionId;
}

/** Whose observations a consult shows: its patient and its mission (as the consult record reads them). */
export function consultSubjects(consult: Pick<Consult, 'patientId' | 'missionId'>): string[] {
	return [consult.patientId, consult.missionId].filter((id): id is string => id !== undefined);
}

/**
 * The consults of one team database that one physician holds open, as consult id → subjects. The
 * server keeps one per database of a physician's stream and feeds it every consult document it sees.
 */
export class HeldConsults {
	readonly #physician: string;
	readonly #subjects = new Map<string, readonly string[]>();

	constructor(physician: string) {
		this.#physician = physician;
	}

	/** A consult document as it is now: held when accepted by this physician and open, dropped otherwise. */
	update(consult: Consult): void {
		if (holdsConsult(consult, this.#physician)) this.#subjects.set(consult._id, consultSubjects(consult));
		else this.#subjects.delete(consult._id);
	}

	/** The held consults an observation belongs to (normally one); empty: it is not the physician's to see. */
	consultsOf(observation: Pick<Observation, 'patientId' | 'missionId'>): string[] {
		const subject = observationSubject(observation);
		if (subject === undefined) return [];
		return [...this.#subjects].filter(([, subjects]) => subjects.includes(subject)).map(([id]) => id);
	}

	get size(): number {
		return this.#subjects.size;
	}
}

/** What a physician's stream sends for an observation of a held consult (SSE event `observation`). */
export interface LiveObservationEvent {
	db: string;
	consultId: string;
	observation: Observation;
}

/** A value on the physician's screen: the observation and when the screen received it. */
export interface LiveVital {
	observation: Observation;
	/** When it reached this screen (ISO); with `effectiveAt` it says how late a value arrived. */
	receivedAt: string;
}

function byTimeTaken(a: LiveVital, b: LiveVital): number {
	const taken = Date.parse(a.observation.effectiveAt) - Date.parse(b.observation.effectiveAt);
	if (taken !== 0) return taken;
	return a.observation._id < b.observation._id ? -1 : a.observation._id > b.observation._id ? 1 : 0;
}

/**
 * The screen's live values after one more arrived: each observation once (a catch-up after a
 * reconnect may repeat one; the first arrival is kept), superseded ones left out, in the order taken.
 */
export function addLiveVital(vitals: readonly LiveVital[], observation: Observation, receivedAt: Date): LiveVital[] {
	if (vitals.some((v) => v.observation._id === observation._id)) return [...vitals];
	const next = [...vitals, { observation, receivedAt: receivedAt.toISOString() }];
	const replaced = new Set(next.flatMap((v) => (v.observation.replaces ? [v.observation.replaces] : [])));
	return next.filter((v) => !replaced.has(v.observation._id)).sort(byTimeTaken);
}

/** The newest first, for a list read from the top; `limit` keeps a long consult's list short. */
export function newestLiveVitals(vitals: readonly LiveVital[], limit: number): LiveVital[] {
	return vitals.slice(-limit).reverse();
}

/**
 * What a field device relays while a Bluetooth reading waits for confirmation (`pending`), and when
 * it was confirmed and saved or discarded (`settled`). `readingId` is the device's own name for it.
 */
export const LiveReadingSchema = v.pipe(
	v.strictObject({
		readingId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1–64 letters, digits, _ or -')),
		state: v.picklist(['pending', 'settled']),
		takenAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
		device: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(80))),
		values: v.optional(
			v.pipe(
				v.array(
					v.strictObject({
						code: v.pipe(v.string(), v.regex(/^\d{1,7}-\d$/, 'must be a LOINC code')),
						value: v.pipe(v.number(), v.finite()),
						unit: v.pipe(v.string(), v.minLength(1), v.maxLength(20))
					})
				),
				v.minLength(1),
				v.maxLength(MAX_READING_VALUES)
			)
		)
	}),
	v.check((r) => r.state === 'settled' || (r.takenAt !== undefined && r.values !== undefined), 'a pending reading needs takenAt and values')
);
export type LiveReading = v.InferOutput<typeof LiveReadingSchema>;

/** What a physician's stream carries for a relayed reading (SSE event `reading`). */
export interface LiveReadingEvent {
	consultId: string;
	/** The field user who took it. */
	from: string;
	reading: LiveReading;
}

/** An unconfirmed reading on the physician's screen. */
export interface UnconfirmedReading {
	consultId: string;
	readingId: string;
	from: string;
	takenAt: string;
	device?: string;
	values: { code: string; value: number; unit: string }[];
	receivedAt: string;
}

/**
 * The unconfirmed readings after one relayed event: a pending one added (or replacing the same
 * reading), a settled one removed — its saved value comes as an observation. Newest first.
 */
export function applyLiveReading(readings: readonly UnconfirmedReading[], event: LiveReadingEvent, now: Date): UnconfirmedReading[] {
	const { reading } = event;
	const others = readings.filter((r) => !(r.readingId === reading.readingId && r.from === event.from));
	if (reading.state === 'settled' || reading.takenAt === undefined || reading.values === undefined) return others;
	const added: UnconfirmedReading = {
		consultId: event.consultId,
		readingId: reading.readingId,
		from: event.from,
		takenAt: reading.takenAt,
		values: reading.values,
		receivedAt: now.toISOString(),
		...(reading.device ? { device: reading.device } : {})
	};
	return [...others, added].sort((a, b) => compareCodeUnits(b.takenAt, a.takenAt));
}

/** Drops readings nobody settled within UNCONFIRMED_MAX_AGE_MS (the device went away); the same list when nothing changed. */
export function freshReadings(readings: readonly UnconfirmedReading[], now: Date): readonly UnconfirmedReading[] {
	const fresh = readings.filter((r) => now.getTime() - Date.parse(r.receivedAt) <= UNCONFIRMED_MAX_AGE_MS);
	return fresh.length === readings.length ? readings : fresh;
}

/** The saved value of a reading has arrived: its unconfirmed line goes (the same user, the same time taken). */
export function withoutSaved(readings: readonly UnconfirmedReading[], observation: Pick<Observation, 'createdBy' | 'effectiveAt'>): readonly UnconfirmedReading[] {
	const left = readings.filter((r) => !(r.from === observation.createdBy && Date.parse(r.takenAt) === Date.parse(observation.effectiveAt)));
	return left.length === readings.length ? readings : left;
}
