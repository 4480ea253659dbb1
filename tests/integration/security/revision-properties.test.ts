// Property tests of the revision-exact write check (issue 11): devices edit offline and replicate
// the way PouchDB's replicator does (revs_diff, then the missing leaves with their `_revisions`,
// new_edits=false) into an in-memory database through the server's checked write — in process,
// without a port, so that thousands of revisions fit in seconds. Honest histories
// always pass; forged histories never store a revision that breaks a rule.
import fc from 'fast-check';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { describe, expect, it } from 'vitest';
import { recordFieldEdits, type Role, type UserProfile } from '../../../src/lib/domain/index.ts';
import { loadConflict, settleConflict } from '../../../src/lib/sync/conflict-review.ts';
import { sampleDocument, testPatient } from '../../support/documents.ts';
import { writeChecked, type WriteResult } from '../../../sync-server/src/checked-write.ts';
import type { Database } from '../../../sync-server/src/storage.ts';

PouchDB.plugin(memoryAdapter);

const LIMITS = { maxAttachmentBytes: 1024 * 1024 };
const PATIENT = 'patient:p-prop';
let counter = 0;
const newDb = () => new PouchDB(`prop-${counter++}`, { adapter: 'memory' }) as unknown as Database;
const user = (username: string, role: Role): UserProfile => ({ username, displayName: username, role, teams: [], databases: [] });
const anna = user('anna', 'nurse');
const tom = user('tom', 'nurse');
const pdl = user('pdl', 'dispatcher');

/** What the replicator sends: every leaf the target lacks, with its history. */
async function push(device: Database, server: Database, writer: UserProfile): Promise<WriteResult[]> {
	const changes = await device.changes({ style: 'all_docs' });
	const wanted = Object.fromEntries(changes.results.map((change) => [change.id, change.changes.map((c) => c.rev)]));
	const diff = await server.revsDiff(wanted);
	const docs: Record<string, unknown>[] = [];
	for (const [id, { missing }] of Object.entries(diff)) {
		for (const rev of missing ?? []) docs.push(await device.get(id, { rev, revs: true }));
	}
	return docs.length ? writeChecked(server, docs, writer, false, LIMITS) : [];
}

/** An edit the way the app makes one (db/document-update.ts): editor, time and field stamps. */
async function edit(device: Database, writer: UserProfile, at: string, changes: Record<string, unknown>): Promise<void> {
	const before = await device.get(PATIENT);
	const next: Record<string, unknown> = { ...before, ...changes, updatedAt: at, updatedBy: writer.username };
	next.fieldEdits = recordFieldEdits(before, next, { at, by: writer.username });
	await device.put(next);
}

const errorsOf = (results: WriteResult[]) => results.filter((result) => 'error' in result);

/** Every leaf of a document in storage, deleted ones included. */
async function leaves(db: Database, id: string): Promise<Record<string, unknown>[]> {
	const rows = (await db.get(id, { open_revs: 'all' } as PouchDB.Core.GetOptions)) as unknown as { ok?: Record<string, unknown> }[];
	return rows.flatMap((row) => (row.ok ? [row.ok] : []));
}

type Step =
	| { device: number; kind: 'edit'; field: 'phone' | 'notes' | 'allergies'; value: string; minute: number }
	| { device: number; kind: 'sync' }
	| { device: number; kind: 'settle'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
	fc.record({ device: fc.nat(2), kind: fc.constant('edit' as const), field: fc.constantFrom('phone' as const, 'notes' as const, 'allergies' as const), value: fc.constantFrom('a', 'b', 'c'), minute: fc.nat(600) }),
	fc.record({ device: fc.nat(2), kind: fc.constant('sync' as const) }),
	fc.record({ device: fc.nat(2), kind: fc.constant('settle' as const), pick: fc.nat(3) })
);

/** Three of the nurses' devices edit one patient offline in any order and sync now and then. */
async function honestHistory(steps: Step[]): Promise<{ server: Database; failures: WriteResult[]; settled: number }> {
	let settled = 0;
	const server = newDb();
	const devices = [newDb(), newDb(), newDb()];
	const writers = [anna, tom, anna];
	await devices[0].put(testPatient('p-prop', 'anna') as never);
	const failures = errorsOf(await push(devices[0], server, anna));
	for (const device of devices.slice(1)) await device.replicate.from(server);
	for (const s of steps) {
		const device = devices[s.device];
		if (s.kind === 'edit') {
			const at = new Date(Date.UTC(2026, 10, 24, 8, s.minute)).toISOString();
			await edit(device, writers[s.device], at, { [s.field]: s.field === 'allergies' ? [s.value] : s.value });
		} else if (s.kind === 'settle') {
			// A person settles what the server could not merge (the app's "Konflikte" screen).
			const conflict = await loadConflict(device as never, PATIENT);
			if (!conflict) continue;
			const options = [conflict.winner, ...conflict.others];
			const choice = Object.fromEntries(conflict.disagreements.map((d) => [d.field, options[s.pick % options.length]._rev]));
			await settleConflict(device as never, conflict, choice, { at: new Date(Date.UTC(2026, 10, 24, 18)).toISOString(), by: writers[s.device].username });
			settled++;
		} else {
			failures.push(...errorsOf(await push(device, server, writers[s.device])));
			await device.replicate.from(server);
		}
	}
	for (const [i, device] of devices.entries()) failures.push(...errorsOf(await push(device, server, writers[i])));
	return { server, failures, settled };
}

const hash = fc.stringMatching(/^[0-9a-f]{32}$/);

describe('checked writes of replicated revisions', () => {
	it('honest offline edits, conflicts and resumed pushes always pass', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(step, { maxLength: 16 }), async (steps) => {
				const { server, failures } = await honestHistory(steps);
				expect(failures).toEqual([]);
				// A push resumed after a lost answer sends what is stored already: a no-op.
				const again = await push(newDb(), server, anna);
				expect(again).toEqual([]);
			}),
			{ numRuns: 25 }
		);
	}, 120_000);

	it.each([0, 1, 2])('two nurses edit allergies offline, one settles the conflict (choosing leaf %i): every push passes', async (pick) => {
		const at = (minute: number) => ({ minute, kind: 'edit' as const, field: 'allergies' as const });
		const { server, failures, settled } = await honestHistory([
			{ device: 0, value: 'a', ...at(10) },
			{ device: 1, value: 'b', ...at(20) },
			{ device: 0, kind: 'sync' },
			{ device: 1, kind: 'sync' },
			{ device: 0, kind: 'sync' },
			{ device: 0, kind: 'settle', pick },
			{ device: 0, kind: 'sync' },
			{ device: 1, kind: 'sync' }
		]);
		expect(failures).toEqual([]);
		expect(settled).toBe(1);
		const live = (await leaves(server, PATIENT)).filter((leaf) => !leaf._deleted);
		expect(live).toHaveLength(1);
		expect(live[0].mergeHistory).toEqual([expect.objectContaining({ field: 'allergies' })]);
	});

	it('a forged history never changes an append-only observation', async () => {
		const server = newDb();
		const observation = sampleDocument('observation', 'o-prop', 'anna') as Record<string, unknown>;
		const [created] = await writeChecked(server, [observation], anna, true, LIMITS);
		const storedRev = (created as { rev: string }).rev;
		const before = await leaves(server, String(observation._id));
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					start: fc.integer({ min: 1, max: 4 }),
					ids: fc.array(fc.oneof(hash, fc.constant(storedRev.slice(2))), { minLength: 1, maxLength: 4 }),
					consistentRev: fc.boolean(),
					deleted: fc.boolean(),
					newEdits: fc.boolean(),
					value: fc.integer({ min: 30, max: 250 })
				}),
				async ({ start, ids, consistentRev, deleted, newEdits, value }) => {
					const forged: Record<string, unknown> = { ...observation, value, createdBy: 'tom', _revisions: { start: Math.max(start, ids.length), ids } };
					forged._rev = consistentRev ? `${Math.max(start, ids.length)}-${ids[0]}` : storedRev;
					if (deleted) forged._deleted = true;
					await writeChecked(server, [forged], tom, !newEdits ? false : true, LIMITS);
					expect(await leaves(server, String(observation._id))).toEqual(before);
				}
			),
			{ numRuns: 150 }
		);
	}, 120_000);

	it('a dispatcher\'s forged history never stores a clinical change, another author or a lost allergy', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(step, { maxLength: 8 }),
				fc.array(
					fc.record({
						extraGenerations: fc.integer({ min: 0, max: 3 }),
						forgedIds: fc.array(hash, { minLength: 0, maxLength: 3 }),
						anchor: fc.nat(10),
						tamper: fc.constantFrom('allergies', 'createdBy', 'stamp', 'delete'),
						newEdits: fc.boolean()
					}),
					{ minLength: 1, maxLength: 4 }
				),
				async (steps, attacks) => {
					const { server } = await honestHistory(steps);
					const allergiesBefore = new Set((await leaves(server, PATIENT)).filter((leaf) => !leaf._deleted).map((leaf) => JSON.stringify(leaf.allergies)));
					for (const attack of attacks) {
						const current = await leaves(server, PATIENT);
						const base = current[attack.anchor % current.length];
						const rev = String(base._rev);
						const generation = Number.parseInt(rev, 10);
						const ids = [...attack.forgedIds, 'f'.repeat(32), rev.slice(rev.indexOf('-') + 1)].slice(-(attack.forgedIds.length + 2));
						const forged: Record<string, unknown> = { ...base, updatedBy: 'pdl', updatedAt: '2026-11-24T12:00:00.000Z' };
						if (attack.tamper === 'allergies') forged.allergies = ['FORGED'];
						if (attack.tamper === 'createdBy') forged.createdBy = 'pdl';
						if (attack.tamper === 'stamp') forged.fieldEdits = { ...(base.fieldEdits as object), phone: { at: '2099-01-01T00:00:00.000Z', by: 'anna' } };
						if (attack.tamper === 'delete') Object.assign(forged, { _deleted: true });
						if (attack.newEdits) {
							await writeChecked(server, [{ ...forged, _revisions: undefined }], pdl, true, LIMITS);
						} else {
							const start = generation + 1 + attack.extraGenerations;
							await writeChecked(server, [{ ...forged, _rev: `${start}-${ids[0]}`, _revisions: { start, ids: ids.slice(0, start) } }], pdl, false, LIMITS);
						}
					}
					const after = await leaves(server, PATIENT);
					for (const leaf of after) {
						expect(leaf.allergies).not.toEqual(['FORGED']);
						if (!leaf._deleted) expect(leaf.createdBy).toBe('anna');
						expect(JSON.stringify(leaf.fieldEdits ?? {})).not.toContain('2099');
					}
					const live = after.filter((leaf) => !leaf._deleted);
					expect(live.length).toBeGreaterThan(0);
					expect(new Set(live.map((leaf) => JSON.stringify(leaf.allergies)))).toEqual(allergiesBefore);
				}
			),
			{ numRuns: 25 }
		);
	}, 120_000);
});
