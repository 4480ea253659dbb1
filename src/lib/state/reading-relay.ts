// The field side of unconfirmed readings in a consult: while a physician holds an open consult on
// the patient or mission whose vitals are being taken, each Bluetooth reading that waits for the
// user's confirmation is relayed to them as "unbestätigt" (POST /api/consults/:id/readings), and
// that it was settled once it is confirmed and saved or discarded. Fire and forget: offline, the
// relay is skipped — the confirmed value reaches the physician through the record anyway.
import { measuredAt, vitalsOfReading } from '../ble/index.ts';
// The one module, not db/index.ts: that opens PouchDB, which this module and its Node test do not need.
import { deviceFetch } from '../db/device-fetch.ts';
import { VITAL_SIGNS, type LiveReading } from '../domain/index.ts';
import type { PendingReading } from './devices.svelte.ts';

export type RelaySend = (consultId: string, reading: LiveReading) => void;

/** POSTs one relay message; a failure (offline, consult closed meanwhile) is dropped on purpose. */
export const postReading: RelaySend = (consultId, reading) => {
	void deviceFetch(`/api/consults/${encodeURIComponent(consultId)}/readings`, {
		method: 'POST',
		credentials: 'same-origin',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(reading)
	}).catch(() => undefined);
};

/** A pending reading as the relay sends it: values in the units the record stores, the time the record will give it. */
export function relayedReading(pending: PendingReading, readingId: string): LiveReading {
	return {
		readingId,
		state: 'pending',
		takenAt: (measuredAt(pending.reading) ?? pending.receivedAt).toISOString(),
		device: pending.deviceName.slice(0, 80),
		values: vitalsOfReading(pending.reading).map(({ key, value }) => ({ code: VITAL_SIGNS[key].loinc, value, unit: VITAL_SIGNS[key].unit }))
	};
}

export class PendingReadingRelay {
	readonly #send: RelaySend;
	/** Pending readings relayed so far: their device key → the consult and the id they were sent under. */
	readonly #sent = new Map<string, { consultId: string; readingId: string }>();

	constructor(send: RelaySend = postReading) {
		this.#send = send;
	}

	/** Brings the physician's view in line with the device: new pending readings out, settled ones withdrawn. */
	update(consultId: string | undefined, pending: readonly PendingReading[]): void {
		const waiting = new Set(pending.map((p) => p.key));
		for (const [key, sent] of this.#sent) {
			if (waiting.has(key) && sent.consultId === consultId) continue;
			this.#send(sent.consultId, { readingId: sent.readingId, state: 'settled' });
			this.#sent.delete(key);
		}
		if (consultId === undefined) return;
		for (const reading of pending) {
			if (this.#sent.has(reading.key)) continue;
			const readingId = `${reading.key}-${reading.receivedAt.getTime()}`;
			const relayed = relayedReading(reading, readingId);
			if (relayed.values?.length) {
				this.#send(consultId, relayed);
				this.#sent.set(reading.key, { consultId, readingId });
			}
		}
	}

	/** The screen closes: what was relayed is withdrawn (it may be confirmed elsewhere, then it comes as a saved value). */
	stop(): void {
		this.update(undefined, []);
	}
}
