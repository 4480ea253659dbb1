import { describe, expect, it } from 'vitest';
import { reopenFields, undoDayPlan, undoSteps, type DayPlanWrites, type WrittenRevision } from './undo.ts';

describe('reopenFields', () => {
	it('restores status, start, end and tasks not done as they were, removing those the visit did not have', () => {
		const before = { status: 'in-progress', startedAt: '2026-03-02T08:00:00.000Z', tasksDone: ['Insulin'], signedAt: '2026-03-02T08:20:00.000Z' };
		expect(reopenFields(before)).toEqual({ status: 'in-progress', startedAt: '2026-03-02T08:00:00.000Z', endedAt: undefined, tasksNotDone: undefined });
		expect(Object.keys(reopenFields(before)).sort()).toEqual(['endedAt', 'startedAt', 'status', 'tasksNotDone']);
	});

	it('a visit finished without being started goes back to planned without a start', () => {
		expect(reopenFields({ status: 'planned' })).toEqual({ status: 'planned', startedAt: undefined, endedAt: undefined, tasksNotDone: undefined });
	});
});

describe('undoSteps', () => {
	const written: WrittenRevision<{ visitIds: string[] }>[] = [
		{ id: 'tour:2026-03-02:anna', writtenRev: '3-a', previous: { visitIds: ['visit:1', 'visit:2'] } },
		{ id: 'tour:2026-03-02:tom', writtenRev: '1-t' },
		{ id: 'tour:2026-03-02:eva', writtenRev: '2-e', previous: { visitIds: [] } }
	];

	it('restores what the operation changed, removes what it created', () => {
		const current = new Map([
			['tour:2026-03-02:anna', '3-a'],
			['tour:2026-03-02:tom', '1-t'],
			['tour:2026-03-02:eva', '2-e']
		]);
		expect(undoSteps(written, (id) => current.get(id))).toEqual([
			{ kind: 'restore', id: 'tour:2026-03-02:anna', rev: '3-a', fields: { visitIds: ['visit:1', 'visit:2'] } },
			{ kind: 'remove', id: 'tour:2026-03-02:tom', rev: '1-t' },
			{ kind: 'restore', id: 'tour:2026-03-02:eva', rev: '2-e', fields: { visitIds: [] } }
		]);
	});

	it('leaves a document changed since (a newer revision, or removed) as it is', () => {
		const current = new Map([
			['tour:2026-03-02:anna', '4-hers'],
			['tour:2026-03-02:tom', '1-t']
		]);
		expect(undoSteps(written, (id) => current.get(id))).toEqual([
			{ kind: 'changed-since', id: 'tour:2026-03-02:anna' },
			{ kind: 'remove', id: 'tour:2026-03-02:tom', rev: '1-t' },
			{ kind: 'changed-since', id: 'tour:2026-03-02:eva' }
		]);
	});
});

describe('undoDayPlan', () => {
	type Plan = { visitIds: string[]; plan?: { visitId: string; arrival: string }[]; unplanned?: { visitId: string; reason: string }[]; orderedBy?: string };
	const anna = 'tour:2026-03-02:anna';
	const tom = 'tour:2026-03-02:tom';
	// Before: Anna drove v1, v2; Tom had v3 and v4 (v4 did not fit). The plan moved v2 to Tom, v4 to Anna.
	const written: DayPlanWrites<Plan, { assignedTo: string }> = {
		tours: [
			{ id: anna, writtenRev: '2-a', previous: { visitIds: ['v1', 'v2'], plan: [{ visitId: 'v1', arrival: '08:00' }, { visitId: 'v2', arrival: '09:00' }], orderedBy: 'planner' } },
			{ id: tom, writtenRev: '2-t', previous: { visitIds: ['v3', 'v4'], plan: [{ visitId: 'v3', arrival: '08:30' }], unplanned: [{ visitId: 'v4', reason: 'no-room' }] } }
		],
		visits: [
			{ id: 'v2', writtenRev: '3-v2', previous: { assignedTo: 'anna' } },
			{ id: 'v4', writtenRev: '3-v4', previous: { assignedTo: 'tom' } }
		]
	};

	it('with nobody changing anything since, every tour and visit gets its plan before back', () => {
		const current = new Map([anna, tom, 'v2', 'v4'].map((id) => [id, { rev: written.tours.find((t) => t.id === id)?.writtenRev ?? written.visits.find((v) => v.id === id)!.writtenRev }]));
		const undo = undoDayPlan(written, (id) => current.get(id));
		expect(undo.tours).toEqual(written.tours.map((t) => ({ kind: 'restore', id: t.id, rev: t.writtenRev, fields: t.previous })));
		expect(undo.visits).toEqual([
			{ kind: 'restore', id: 'v2', rev: '3-v2', fields: { assignedTo: 'anna' } },
			{ kind: 'restore', id: 'v4', rev: '3-v4', fields: { assignedTo: 'tom' } }
		]);
	});

	it('a tour its nurse changed since stays, and the visits it holds leave the other restored tour', () => {
		// Anna reordered her new tour (v4, v1) on the road after the plan reached her.
		const current = new Map<string, { rev: string; visitIds?: string[] }>([
			[anna, { rev: '3-hers', visitIds: ['v4', 'v1'] }],
			[tom, { rev: '2-t', visitIds: ['v3', 'v2'] }],
			['v2', { rev: '3-v2' }],
			['v4', { rev: '3-v4' }]
		]);
		const undo = undoDayPlan(written, (id) => current.get(id));
		expect(undo.tours).toEqual([
			{ kind: 'changed-since', id: anna },
			{ kind: 'restore', id: tom, rev: '2-t', fields: { visitIds: ['v3'], plan: [{ visitId: 'v3', arrival: '08:30' }], unplanned: undefined } }
		]);
		// v4 stays with Anna who holds it; v2 goes back to her (assignedTo) as it was.
		expect(undo.visits).toEqual([
			{ kind: 'restore', id: 'v2', rev: '3-v2', fields: { assignedTo: 'anna' } },
			{ kind: 'changed-since', id: 'v4' }
		]);
	});
});
