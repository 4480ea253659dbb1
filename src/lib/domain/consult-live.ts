// Live vital signs in a consult. The record stays the source of truth: an observation saved on the
// field device replicates to the team database, and the server passes it on to the physician's
// live stream only while that physician holds the consult (accepted, not closed) and only when it
// is of the consult's subject. These rules decide both; the physician's screen keeps the values in
// the order they were taken, whatever order they arrived in (a device back from offline sends late).
import { holdsConsult } from './consult.ts';
import type { Consult, Observation } from './documents.ts';

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
