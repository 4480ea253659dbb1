// Queries across all of the user's team databases, each row tagged with its database.
import type { Mission, Patient, Tour, Visit } from '../domain/index.ts';
import { typeRange } from '../domain/index.ts';
import type { LocalDatabases } from './local-databases.ts';
import { getPatient, listPatients, readPatients } from './patients.ts';
import { toursOn } from './tours.ts';
import { getVisit, visitsOn } from './visits.ts';

export interface InDatabase<T> {
	database: string;
	item: T;
}

async function acrossTeams<T>(dbs: LocalDatabases, query: (db: ReturnType<LocalDatabases['get']>) => Promise<T[]>): Promise<InDatabase<T>[]> {
	const perDb = await Promise.all(dbs.entries().map(async ([database, db]) => (await query(db)).map((item) => ({ database, item }))));
	return perDb.flat();
}

export function allPatients(dbs: LocalDatabases): Promise<InDatabase<Patient>[]> {
	return acrossTeams(dbs, listPatients);
}

/** Every team's patients unsorted, for lookups by id. */
export function allPatientsUnsorted(dbs: LocalDatabases): Promise<InDatabase<Patient>[]> {
	return acrossTeams(dbs, readPatients);
}

export async function findPatient(dbs: LocalDatabases, id: string): Promise<InDatabase<Patient> | undefined> {
	for (const [database, db] of dbs.entries()) {
		const item = await getPatient(db, id);
		if (item) return { database, item };
	}
	return undefined;
}

export function allVisitsOn(dbs: LocalDatabases, date: string): Promise<InDatabase<Visit>[]> {
	return acrossTeams(dbs, (db) => visitsOn(db, date));
}

export function allToursOn(dbs: LocalDatabases, date: string): Promise<InDatabase<Tour>[]> {
	return acrossTeams(dbs, (db) => toursOn(db, date));
}

export function allMissions(dbs: LocalDatabases): Promise<InDatabase<Mission>[]> {
	return acrossTeams(dbs, async (db) => {
		const result = await db.allDocs({ ...typeRange('mission'), include_docs: true });
		return result.rows.map((row) => row.doc as unknown as Mission);
	});
}

export async function findMission(dbs: LocalDatabases, id: string): Promise<InDatabase<Mission> | undefined> {
	for (const [database, db] of dbs.entries()) {
		try {
			return { database, item: (await db.get(id)) as unknown as Mission };
		} catch (err) {
			if ((err as { status?: number }).status !== 404) throw err;
		}
	}
	return undefined;
}

export async function findVisit(dbs: LocalDatabases, id: string): Promise<InDatabase<Visit> | undefined> {
	for (const [database, db] of dbs.entries()) {
		const item = await getVisit(db, id);
		if (item) return { database, item };
	}
	return undefined;
}

/** Just these patients, from whichever team database holds them: a few documents, not the whole list. */
export async function patientsByIds(dbs: LocalDatabases, ids: readonly string[]): Promise<Map<string, Patient>> {
	const found = new Map<string, Patient>();
	if (ids.length === 0) return found;
	for (const [, db] of dbs.entries()) {
		const result = await db.allDocs({ keys: [...ids], include_docs: true });
		for (const row of result.rows) if ('doc' in row && row.doc) found.set(row.id, row.doc as unknown as Patient);
	}
	return found;
}
