import { describe, expect, it } from 'vitest';
import { validateDocument, type Patient, type Visit } from '../../../src/lib/domain/index.ts';
import { buildDemoOrganisation, DEMO_PASSWORD } from './demo-data.ts';

const org = buildDemoOrganisation('2026-11-24', new Date('2026-11-24T05:00:00.000Z'));
const docs = Object.values(org.documents).flat();
const patients = docs.filter((d): d is Patient => d.type === 'patient');
const visits = docs.filter((d): d is Visit => d.type === 'visit');

describe('demo organisation', () => {
	it('consists of valid documents with unique ids', () => {
		for (const doc of docs) {
			const result = validateDocument(doc);
			expect(result.ok ? 'ok' : `${doc._id}: ${result.reason}`).toBe('ok');
		}
		expect(new Set(docs.map((d) => d._id)).size).toBe(docs.length);
	});

	it('has about forty patients in the Landkreis Saalfeld-Rudolstadt', () => {
		expect(patients.length).toBeGreaterThanOrEqual(35);
		expect(patients.length).toBeLessThanOrEqual(45);
		for (const p of patients) {
			expect(p.location!.lat).toBeGreaterThan(50.45);
			expect(p.location!.lat).toBeLessThan(50.8);
			expect(p.location!.lon).toBeGreaterThan(11.05);
			expect(p.location!.lon).toBeLessThan(11.55);
			expect(p.birthDate < '1961').toBe(true);
		}
		expect(new Set(patients.map((p) => `${p.firstName} ${p.lastName}`)).size).toBe(patients.length);
	});

	it('plans 10 to 25 visits today for each nurse, each of an existing patient, inside the shift', () => {
		const patientIds = new Set(patients.map((p) => p._id));
		for (const nurse of org.users.filter((u) => u.role === 'nurse')) {
			const own = visits.filter((v) => v.assignedTo === nurse.username);
			expect(own.length).toBeGreaterThanOrEqual(10);
			expect(own.length).toBeLessThanOrEqual(25);
			for (const v of own) {
				expect(patientIds.has(v.patientId)).toBe(true);
				expect(v.date).toBe('2026-11-24');
				expect(v.windowStart >= '06:00' && v.windowEnd <= '14:00').toBe(true);
			}
		}
	});

	it('has every role, with teams that exist and the one demo password', () => {
		const teamIds = new Set(org.teams.map((t) => t.id));
		expect(new Set(org.users.map((u) => u.role))).toEqual(new Set(['nurse', 'paramedic', 'dispatcher', 'arzt', 'admin']));
		for (const user of org.users) {
			expect(user.password).toBe(DEMO_PASSWORD);
			for (const team of user.teams) expect(teamIds.has(team)).toBe(true);
		}
	});

	it('is the same every time for the same day', () => {
		expect(buildDemoOrganisation('2026-11-24', new Date('2026-11-24T05:00:00.000Z'))).toEqual(org);
	});
});
