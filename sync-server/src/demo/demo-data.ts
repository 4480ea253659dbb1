// TEMPORARY minimal demo data (to be replaced by the full data set).
import { docId, SCHEMA_VERSION, type FieldDocument, type Role, type Team } from '../../../src/lib/domain/index.ts';

export interface DemoUser { username: string; displayName: string; role: Role; teams: string[]; password: string }
export interface DemoOrganisation { teams: Team[]; users: DemoUser[]; documents: Record<string, FieldDocument[]> }
export const DEMO_PASSWORD = 'fieldcare-demo';

export function buildDemoOrganisation(today: string, now: Date): DemoOrganisation {
	const meta = { schemaVersion: SCHEMA_VERSION, createdAt: now.toISOString(), createdBy: 'demo', deviceId: 'demo-seed' } as const;
	const patients = Array.from({ length: 12 }, (_, i) => ({
		...meta, _id: docId('patient', `p${String(i + 1).padStart(3, '0')}`), type: 'patient' as const,
		firstName: ['Erna', 'Karl', 'Helga', 'Werner'][i % 4], lastName: `Demo${i}`, birthDate: '1940-01-01', sex: (i % 2 ? 'male' : 'female') as 'male' | 'female',
		address: { street: `Markt ${i + 1}`, postalCode: '07318', city: 'Saalfeld/Saale' }, location: { lat: 50.65, lon: 11.36 }
	}));
	const visits = patients.map((p, i) => ({
		...meta, _id: docId('visit', `${today}:anna-${String(i + 1).padStart(2, '0')}`), type: 'visit' as const, patientId: p._id, date: today,
		windowStart: `${String(6 + Math.floor(i / 2)).padStart(2, '0')}:00`, windowEnd: `${String(7 + Math.floor(i / 2)).padStart(2, '0')}:00`,
		windowKind: 'preferred' as const, durationMin: 20, tasks: ['Grundpflege'], priority: 2 as const, assignedTo: 'schwester.anna', status: 'planned' as const
	}));
	return {
		teams: [
			{ id: 'pflege-saalfeld', name: 'Ambulanter Pflegedienst Saalfeld', kind: 'nursing', region: 'saalfeld-rudolstadt' },
			{ id: 'rw-saalfeld', name: 'Rettungswache Saalfeld', kind: 'ambulance', region: 'saalfeld-rudolstadt' },
			{ id: 'leitstelle-saalfeld', name: 'Leitstelle Saalfeld-Rudolstadt', kind: 'dispatch', region: 'saalfeld-rudolstadt' }
		],
		users: [
			{ username: 'schwester.anna', displayName: 'Anna Köhler', role: 'nurse', teams: ['pflege-saalfeld'], password: DEMO_PASSWORD },
			{ username: 'rtw1', displayName: 'RTW 1 – Saalfeld', role: 'paramedic', teams: ['rw-saalfeld'], password: DEMO_PASSWORD },
			{ username: 'leitstelle', displayName: 'Leitstelle Saalfeld', role: 'dispatcher', teams: ['pflege-saalfeld', 'rw-saalfeld', 'leitstelle-saalfeld'], password: DEMO_PASSWORD },
			{ username: 'admin', displayName: 'Administration', role: 'admin', teams: [], password: DEMO_PASSWORD }
		],
		documents: { 'pflege-saalfeld': [...patients, ...visits], 'rw-saalfeld': [], 'leitstelle-saalfeld': [] }
	};
}
