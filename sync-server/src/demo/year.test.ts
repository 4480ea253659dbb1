import { describe, expect, it } from 'vitest';
import { checkCreation, checkEdit, observationsOfSet, typeOfId, validateDocument, type ObservationSet, type Patient, type Role } from '../../../src/lib/domain/index.ts';
import { checkAttachments } from '../attachment-rules.ts';
import { buildDemoOrganisation } from './demo-data.ts';
import { localMs } from './year-clock.ts';
import { AMBULANCE_TEAM, generateYearEntries, NURSING_TEAM, PLANNED_DAYS_AHEAD, type YearEntry } from './year.ts';

const TODAY = '2026-03-30'; // the day after the switch to summer time
const DAYS = 14;
const patients = buildDemoOrganisation(TODAY, new Date('2026-03-30T04:00:00Z')).documents[NURSING_TEAM].filter((d): d is Patient => d.type === 'patient');
const entries = generateYearEntries({ seed: 7, today: TODAY, days: DAYS, patients });
const stored = entries.map((entry) => entry.revisions.at(-1)!.body);
const ROLES: Record<string, Role> = { 'schwester.anna': 'nurse', 'pfleger.tom': 'nurse', rtw1: 'paramedic', rtw2: 'paramedic', leitstelle: 'dispatcher' };
const count = (team: string, type: string, report?: string) => entries.filter((e) => e.teamId === team && e.revisions[0].body.type === type && e.revisions[0].body.report === report).length;

describe('year generator', { timeout: 60_000 }, () => {
	it('gives the same documents for the same seed, and others for another seed', () => {
		expect(JSON.stringify(generateYearEntries({ seed: 7, today: TODAY, days: DAYS, patients }))).toBe(JSON.stringify(entries));
		expect(JSON.stringify(generateYearEntries({ seed: 8, today: TODAY, days: DAYS, patients }))).not.toBe(JSON.stringify(entries));
	});

	it('gives every document a unique id', () => {
		expect(new Set(stored.map((doc) => doc._id)).size).toBe(stored.length);
	});

	it('writes about 28 visits a day, two tours a day and 4–8 vital signs per finished visit', () => {
		const days = DAYS + 1 + PLANNED_DAYS_AHEAD;
		expect(count(NURSING_TEAM, 'visit') / days).toBeGreaterThan(25);
		expect(count(NURSING_TEAM, 'visit') / days).toBeLessThan(32);
		expect(count(NURSING_TEAM, 'tour')).toBe(2 * days);
		const done = stored.filter((doc) => doc.type === 'visit' && doc.status === 'done');
		for (const visit of done) {
			// One set per visit, as the app saves a round of values (its members are the observations).
			const sets = stored.filter((doc) => doc.type === 'observationSet' && doc.visitId === visit._id);
			expect(sets).toHaveLength(1);
			expect(validateDocument(sets[0]).ok).toBe(true);
			const values = observationsOfSet(sets[0] as unknown as ObservationSet).length;
			expect(values).toBeGreaterThanOrEqual(4);
			expect(values).toBeLessThanOrEqual(8);
		}
		expect(done.filter((visit) => visit._attachments).length).toBeGreaterThan(done.length * 0.1);
		expect(count(NURSING_TEAM, 'note')).toBeGreaterThan(done.length * 0.2);
	});

	it('runs a few missions a day, each with the FMS presses in order and a position every 30 s while driving', () => {
		const missions = stored.filter((doc) => doc.type === 'mission');
		expect(missions.length / DAYS).toBeGreaterThanOrEqual(3);
		expect(missions.length / DAYS).toBeLessThanOrEqual(9);
		for (const mission of missions) {
			const key = mission._id.slice('mission:'.length);
			const presses = stored.filter((doc) => doc._id.startsWith(`status:${key}:`)).map((doc) => doc.status);
			expect([[3, 4, 7, 8, 1], [3, 4, 1]]).toContainEqual(presses);
			expect(mission.state).toBe('closed');
		}
		const positions = stored.filter((doc) => doc.report === 'position');
		expect(positions.length / missions.length).toBeGreaterThan(20);
		expect(count(AMBULANCE_TEAM, 'status', 'position')).toBe(positions.length);
		expect(stored.some((doc) => doc.type === 'alarm' && doc.acknowledgedBy === 'leitstelle')).toBe(true);
	});

	it('passes its schema, every revision', () => {
		for (const entry of entries) {
			for (const { body } of entry.revisions) {
				const result = validateDocument(body);
				expect(result.ok ? 'ok' : `${body._id}: ${result.reason}`).toBe('ok');
			}
		}
	});

	it('is written as its authors may write it: creation, edits, status units, attachments', () => {
		const now = localMs(TODAY, 0);
		const refusals: string[] = [];
		for (const entry of entries) {
			const [first, ...edits] = entry.revisions;
			const type = typeOfId(first.body._id)!;
			const creation = checkCreation(first.body, type, { username: first.by, role: ROLES[first.by] }, now);
			if (!creation.ok) refusals.push(`${first.body._id} by ${first.by}: ${creation.reason}`);
			let parent = first.body;
			for (const edit of edits) {
				const attachmentsChanged = JSON.stringify(parent._attachments) !== JSON.stringify(edit.body._attachments);
				const check = checkEdit(parent, edit.body, type, { username: edit.by, role: ROLES[edit.by] }, { now, revisions: new Map(), attachmentsChanged });
				if (!check.ok) refusals.push(`${edit.body._id} by ${edit.by}: ${check.reason}`);
				const attachments = checkAttachments(edit.body, { maxAttachmentBytes: 1024 * 1024 });
				if (!attachments.ok) refusals.push(`${edit.body._id}: ${attachments.reason}`);
				parent = edit.body;
			}
		}
		expect(refusals.slice(0, 5)).toEqual([]);
	});

	it('puts every document in the team of its writer, and a status press under its own unit', () => {
		const teamOf: Record<string, string[]> = { nurse: [NURSING_TEAM], paramedic: [AMBULANCE_TEAM], dispatcher: [NURSING_TEAM, AMBULANCE_TEAM] };
		for (const entry of entries as YearEntry[]) {
			for (const { by, body } of entry.revisions) {
				expect(teamOf[ROLES[by]]).toContain(entry.teamId);
				expect(body.createdBy).toBe(entry.revisions[0].by);
				if (body.type === 'status') expect(body.unitId).toBe(by);
			}
		}
	});

	it('lies in the past, but for the visits and tours planned for today and the days ahead', () => {
		const midnight = localMs(TODAY, 0);
		const times = ['createdAt', 'updatedAt', 'startedAt', 'endedAt', 'signedAt', 'at', 'effectiveAt', 'acknowledgedAt', 'patientContactAt', 'alarmedAt'];
		for (const doc of stored) {
			for (const field of times) if (typeof doc[field] === 'string') expect(Date.parse(doc[field] as string), `${doc._id} ${field}`).toBeLessThan(midnight);
			if (doc.type === 'visit' || doc.type === 'tour') {
				const ahead = (doc.date as string) >= TODAY;
				if (doc.type === 'visit') expect(ahead ? doc.status === 'planned' : doc.status !== 'planned').toBe(true);
			}
		}
	});
});
