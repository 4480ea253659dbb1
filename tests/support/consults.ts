// A consult set-up for integration tests: teams a physician serves, field users, a patient with a
// record, and calls to the consult endpoints.
import { docId, SCHEMA_VERSION, type Consult, type Observation } from '../../src/lib/domain/index.ts';
import { testPatient } from './documents.ts';
import { login, TEST_PASSWORD, type TestServer } from './test-server.ts';

export const HOUR = 3600_000;
export const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** Two served teams of one region, one team of another region; nurse, crew and two physicians. */
export async function seedConsultTeams(server: TestServer): Promise<Record<string, string>> {
	const { accounts } = server.app;
	await accounts.saveTeam({ id: 'pflege-a', name: 'Pflege A', kind: 'nursing', region: 'saalfeld' });
	await accounts.saveTeam({ id: 'wache-a', name: 'Wache A', kind: 'ambulance', region: 'saalfeld' });
	await accounts.saveTeam({ id: 'pflege-far', name: 'Pflege Fern', kind: 'nursing', region: 'jena' });
	const users = [
		['anna', 'nurse', ['pflege-a']],
		['rtw1', 'paramedic', ['wache-a']],
		['fern', 'nurse', ['pflege-far']],
		['dr.berg', 'arzt', ['pflege-a', 'wache-a']],
		['dr.hain', 'arzt', ['pflege-a', 'wache-a']]
	] as const;
	const tokens: Record<string, string> = {};
	for (const [username, role, teams] of users) {
		await accounts.createUser({ username, displayName: username, role, teams: [...teams], password: TEST_PASSWORD });
		tokens[username] = await login(server.url, username);
	}
	return tokens;
}

export function consultDoc(key: string, createdBy: string, extra: Partial<Consult> = {}): Consult {
	const requestedAt = extra.requestedAt ?? ago(HOUR);
	return {
		_id: docId('consult', key),
		type: 'consult',
		schemaVersion: SCHEMA_VERSION,
		createdAt: requestedAt,
		createdBy,
		deviceId: 'test-device',
		reason: `Frage ${key}`,
		urgency: 'heute',
		requestedAt,
		patientId: docId('patient', 'p1'),
		vitals: [{ code: '8480-6', value: 182, unit: 'mm[Hg]', effectiveAt: requestedAt }],
		news2Score: 3,
		...extra
	};
}

export function observationOf(patientKey: string, key: string, effectiveAt: string, value: number): Observation {
	return {
		_id: `observation:${patientKey}:${key}`,
		type: 'observation',
		schemaVersion: SCHEMA_VERSION,
		createdAt: effectiveAt,
		createdBy: 'anna',
		deviceId: 'test-device',
		patientId: docId('patient', patientKey),
		code: '8867-4',
		value,
		unit: '/min',
		effectiveAt
	};
}

/** Patient p1 (allergic to penicillin, two pulses: one of 2 h ago, one of 30 h ago) and patient p2 in team A. */
export async function seedPatients(server: TestServer): Promise<void> {
	const db = server.app.storage.database('team-pflege-a');
	await db.bulkDocs([
		testPatient('p1', 'anna', { allergies: ['Penicillin'] }),
		testPatient('p2', 'anna', { firstName: 'Zweite', lastName: 'Fremdpatientin' }),
		observationOf('p1', 'recent', ago(2 * HOUR), 88),
		observationOf('p1', 'old', ago(30 * HOUR), 61),
		observationOf('p2', 'other', ago(HOUR), 123)
	] as never[]);
}

export async function api(server: TestServer, token: string, method: string, path: string, body?: unknown) {
	const res = await fetch(`${server.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, text, body: JSON.parse(text) as Record<string, unknown> & { consults?: { id: string; requestedAt: string; state: string }[] } };
}

/** A consult as the field device sends it: PUT into its team database. */
export async function requestConsult(server: TestServer, token: string, db: string, doc: Consult): Promise<void> {
	const res = await api(server, token, 'PUT', `/db/${db}/${encodeURIComponent(doc._id)}`, doc);
	if (res.status !== 201) throw new Error(`consult not stored: ${res.text}`);
}

/**
 * The physician's pages for the layout walks: the queue and the consult screen of the first
 * request in it, accepted through the signed-in page's session (as "Annehmen" does).
 */
export async function physicianPages(page: import('playwright-core').Page, baseUrl: string): Promise<string[]> {
	await page.goto(`${baseUrl}/konsile`);
	const line = page.getByTestId('consult-line').first();
	await line.waitFor();
	const id = (await line.getAttribute('data-id')) ?? '';
	const status = await page.evaluate(async (consultId) => (await fetch(`/api/consults/${encodeURIComponent(consultId)}/accept`, { method: 'POST', credentials: 'same-origin' })).status, id);
	if (status !== 200) throw new Error(`accepting ${id} answered ${status}`);
	return ['/konsile', `/konsile/${encodeURIComponent(id)}`, '/einstellungen'];
}
