// A physician's live stream, per team database: the consult notices (live.ts), and the observations
// of the subject of every consult this physician holds open — accepted by them, not closed — as
// `observation` events (one per value of a set), so vital signs taken on the field device reach the
// consult screen as they replicate. Which consults are held is read once when the stream subscribes
// and then followed on the same feed, in order: an observation after the consult's close is never sent.
import { HeldConsults, observationsOfValid, validateDocument, type Consult, type LiveObservationEvent } from '../../src/lib/domain/index.ts';
import type { LiveChange, LiveSink } from './live-hub.ts';
import type { Database } from './storage.ts';

const CONSULT_RANGE = { startkey: 'consult:', endkey: 'consult:\ufff0' };

export interface PhysicianSink extends LiveSink {
	/** Reads the consults held now. Call after subscribing (so no change falls between) and before the catch-up. */
	load(): Promise<void>;
}

function isConsult(doc: unknown): doc is Consult {
	return (doc as { type?: unknown } | undefined)?.type === 'consult' && validateDocument(doc).ok;
}

/**
 * Wraps the notice sink of one database: consult documents update what is held (and go on as
 * notices), observations of a held consult's subject go to `stream` once per consult, nothing else.
 */
export function physicianSink(stream: LiveSink, notices: LiveSink, name: string, db: Database, physician: string): PhysicianSink {
	const held = new HeldConsults(physician);
	// Changes that come before the held consults are known wait for them (the hub normally holds them anyway).
	let waiting: LiveChange[] | undefined = [];

	const pass = (change: LiveChange) => {
		const doc = change.doc;
		if (isConsult(doc)) {
			held.update(doc);
			notices.deliver(change);
			return;
		}
		for (const observation of observationsOfValid([doc])) {
			for (const consultId of held.consultsOf(observation)) {
				const event: LiveObservationEvent = { db: name, consultId, observation };
				stream.deliver({ ...change, event: 'observation', data: JSON.stringify({ seq: change.seq, ...event }) });
			}
		}
	};

	return {
		deliver(change) {
			if (waiting) waiting.push(change);
			else pass(change);
		},
		ready: () => stream.ready(),
		fail: (reason) => stream.fail(reason),
		async load() {
			const consults = await db.allDocs({ ...CONSULT_RANGE, include_docs: true });
			for (const row of consults.rows) if (isConsult(row.doc)) held.update(row.doc);
			const pending = waiting ?? [];
			waiting = undefined;
			for (const change of pending) pass(change);
		}
	};
}
