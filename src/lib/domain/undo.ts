// What "Rückgängig" writes back after finishing a visit or taking over a day plan: the fields as they
// were, as a new revision (the server keeps the history) — never over a change someone made since.

/** The fields finishing a visit sets and reopening it restores; notes, vitals and signature stay. */
export const FINISH_FIELDS = ['status', 'startedAt', 'endedAt', 'tasksNotDone'] as const;
export type FinishField = (typeof FINISH_FIELDS)[number];

/** The finish fields of the revision before finishing; a field it did not have is `undefined` (removed). */
export function reopenFields<T extends Partial<Record<FinishField, unknown>>>(before: T): Pick<T, FinishField> {
	const fields = {} as Pick<T, FinishField>;
	for (const field of FINISH_FIELDS) (fields as Record<string, unknown>)[field] = before[field];
	return fields;
}

/** One document an operation wrote: the revision it stored, and its fields before (none: it created it). */
export interface WrittenRevision<F> {
	id: string;
	writtenRev: string;
	previous?: F;
}

export type UndoStep<F> =
	| { kind: 'restore'; id: string; rev: string; fields: F }
	/** The operation created it: it goes again. */
	| { kind: 'remove'; id: string; rev: string }
	/** Changed (or removed) by someone since the operation: left as it is, and said so. */
	| { kind: 'changed-since'; id: string };

/**
 * The writes that undo an operation, given each document's current revision (undefined: gone).
 * A document whose current revision is not the one the operation wrote has been changed since —
 * by a nurse on the road, say — and undoing would overwrite her change, so it is left alone.
 */
export function undoSteps<F>(written: readonly WrittenRevision<F>[], currentRev: (id: string) => string | undefined): UndoStep<F>[] {
	return written.map(({ id, writtenRev, previous }) => {
		const rev = currentRev(id);
		if (rev !== writtenRev) return { kind: 'changed-since', id };
		return previous === undefined ? { kind: 'remove', id, rev } : { kind: 'restore', id, rev, fields: previous };
	});
}

/** What a tour's plan says about which visits it holds. */
export interface TourPlanSnapshot {
	visitIds: readonly string[];
	plan?: readonly { visitId: string }[];
	unplanned?: readonly { visitId: string }[];
}

export interface DayPlanWrites<F extends TourPlanSnapshot, V> {
	tours: readonly WrittenRevision<F>[];
	/** Visits whose nurse (`assignedTo`) the plan changed. */
	visits: readonly WrittenRevision<V>[];
}

/**
 * Undo of a day plan. Tours changed since stay as they are, and so do the visits they hold now:
 * those visits stay with that nurse (her `assignedTo` kept) and leave the other tours' restored plans,
 * so that no visit ends up on two tours.
 */
export function undoDayPlan<F extends TourPlanSnapshot, V>(
	written: DayPlanWrites<F, V>,
	current: (id: string) => { rev: string; visitIds?: readonly string[]; unplanned?: readonly { visitId: string }[] } | undefined
): { tours: UndoStep<F>[]; visits: UndoStep<V>[] } {
	const currentRev = (id: string) => current(id)?.rev;
	const tourSteps = undoSteps(written.tours, currentRev);
	const held = new Set(
		tourSteps.flatMap((step) => {
			if (step.kind !== 'changed-since') return [];
			const tour = current(step.id);
			return [...(tour?.visitIds ?? []), ...(tour?.unplanned ?? []).map((u) => u.visitId)];
		})
	);
	const free = (id: string) => !held.has(id);
	const tours = tourSteps.map((step) => {
		if (step.kind !== 'restore' || held.size === 0) return step;
		const { visitIds, plan, unplanned } = step.fields;
		const fields = { ...step.fields, visitIds: visitIds.filter(free), plan: plan?.filter((p) => free(p.visitId)), unplanned: unplanned?.filter((u) => free(u.visitId)) };
		if (fields.unplanned?.length === 0) fields.unplanned = undefined;
		return { ...step, fields };
	});
	const visits = undoSteps(written.visits, currentRev).map((step): UndoStep<V> => (step.kind === 'restore' && held.has(step.id) ? { kind: 'changed-since', id: step.id } : step));
	return { tours, visits };
}
