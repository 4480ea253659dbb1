// The check sheet before a visit is finished: every task is done or has a reason, begin and end are
// plausible (a visit never started needs its start time confirmed), the signature is there if required.

/** Longer than a nursing shift: surely a forgotten "Beenden", not care given. */
export const MAX_VISIT_MINUTES = 12 * 60;
export const MAX_REASON_LENGTH = 200;

export interface VisitCheckInput {
	tasks: readonly string[];
	tasksDone: readonly string[];
	/** What the nurse wrote for each task not done (blank = none yet). */
	reasons: Readonly<Record<string, string>>;
	/** Stored start; undefined for a visit never started. */
	startedAt?: string;
	/** The start time the nurse confirmed on the sheet (for a visit never started). */
	confirmedStart?: string;
	now: Date;
	signatureRequired: boolean;
	signed: boolean;
}

export type VisitCheckProblem =
	| { kind: 'reason-missing'; task: string }
	| { kind: 'start-unconfirmed' }
	| { kind: 'start-after-end' }
	| { kind: 'too-long'; minutes: number }
	| { kind: 'signature-missing' };

export interface VisitCheck {
	problems: VisitCheckProblem[];
	/** What goes on the visit: begin, and the tasks not done with their reasons. */
	startedAt?: string;
	durationMin?: number;
	tasksNotDone: { task: string; reason: string }[];
}

export function checkVisitCompletion(input: VisitCheckInput): VisitCheck {
	const problems: VisitCheckProblem[] = [];
	const tasksNotDone: { task: string; reason: string }[] = [];
	for (const task of input.tasks) {
		if (input.tasksDone.includes(task)) continue;
		const reason = (input.reasons[task] ?? '').trim().slice(0, MAX_REASON_LENGTH);
		if (reason) tasksNotDone.push({ task, reason });
		else problems.push({ kind: 'reason-missing', task });
	}
	const startedAt = input.startedAt ?? input.confirmedStart;
	let durationMin: number | undefined;
	if (startedAt === undefined) problems.push({ kind: 'start-unconfirmed' });
	else {
		const minutes = (input.now.getTime() - Date.parse(startedAt)) / 60_000;
		if (!(minutes > 0)) problems.push({ kind: 'start-after-end' });
		else if (minutes > MAX_VISIT_MINUTES) problems.push({ kind: 'too-long', minutes: Math.round(minutes) });
		durationMin = Math.max(0, Math.round(minutes));
	}
	if (input.signatureRequired && !input.signed) problems.push({ kind: 'signature-missing' });
	return { problems, startedAt, durationMin, tasksNotDone };
}

/** A local clock time ("08:40") on the day of `now`, as an instant; undefined when not a time. */
export function startAtClock(clock: string, now: Date): string | undefined {
	const match = /^(\d{2}):(\d{2})$/.exec(clock);
	if (!match) return undefined;
	const at = new Date(now);
	at.setHours(Number(match[1]), Number(match[2]), 0, 0);
	return at.toISOString();
}

/** The visit's own setting wins; without one, the patient's care plan decides (`visitSignatureRequired`). */
export function visitNeedsSignature(visit: { signatureRequired?: boolean }, patient?: { visitSignatureRequired?: boolean }): boolean {
	return visit.signatureRequired ?? patient?.visitSignatureRequired ?? false;
}
