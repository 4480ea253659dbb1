// Observation sets (documents.ts ObservationSetSchema) as the observations they hold: every reader
// of vital signs (trends, NEWS2, FHIR, handover, consults) works on observations, whichever way they
// were stored.
import { validateDocument, type Observation, type ObservationSet } from './documents.ts';
import { setMemberId } from './observation-set-ids.ts';

/** The set's members as observations: the set's subject, author and creation, each with its own id. */
export function observationsOfSet(set: ObservationSet): Observation[] {
	const { _id, type: _type, _rev: _r, members: _m, effectiveAt: _e, ...shared } = set;
	return set.members.map((member, index) => ({ ...member, ...shared, _id: setMemberId(_id, index), type: 'observation' as const }) as Observation);
}

/** Observations of stored documents of either kind, in id order (the order they were made). */
export function observationsOfDocuments(docs: readonly (Observation | ObservationSet)[]): Observation[] {
	const observations = docs.flatMap((doc) => (doc.type === 'observationSet' ? observationsOfSet(doc) : [doc]));
	return observations.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0));
}

/**
 * The observations of the valid observation documents and sets among `docs` (anything else left
 * out): what a reader shows of documents from a feed, storage or the server.
 */
export function observationsOfValid(docs: readonly unknown[]): Observation[] {
	const valid = docs.filter((doc) => {
		const type = (doc as { type?: unknown } | null)?.type;
		return (type === 'observation' || type === 'observationSet') && validateDocument(doc).ok;
	});
	return observationsOfDocuments(valid as (Observation | ObservationSet)[]);
}

/** The latest time among values: a set's `effectiveAt`. */
export function latestEffectiveAt(members: readonly { effectiveAt: string }[]): string {
	let latest = members[0].effectiveAt;
	for (const member of members) if (Date.parse(member.effectiveAt) > Date.parse(latest)) latest = member.effectiveAt;
	return latest;
}
