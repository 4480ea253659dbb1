import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import * as accountSchemas from '../domain/account.ts';
import * as documentSchemas from '../domain/documents.ts';
import { validateDocument, validationIssuesOf, type ValidationIssue } from '../domain/index.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { i18n, tn, type PluralKey } from './i18n.svelte.ts';
import { DOCUMENT_CHECK_KEYS, fieldMessages, issueMessage, issueMessageKey } from './issues.ts';
import { parseNumberInput } from './number-input.ts';
import { serverRefusalMessage } from './server-refusal.ts';

interface SchemaRule {
	path: string;
	type: string;
	message: string | undefined;
	requirement: unknown;
}

/** Every validation rule and value type in a schema, with the path it sits at. */
function rulesOf(schema: unknown, path: string, into: SchemaRule[]): SchemaRule[] {
	if (typeof schema !== 'object' || schema === null) return into;
	const node = schema as { kind?: string; type?: string; message?: unknown; requirement?: unknown; pipe?: unknown[]; entries?: Record<string, unknown>; wrapped?: unknown; item?: unknown; value?: unknown };
	if (node.kind === 'validation' || node.kind === 'schema') {
		into.push({ path, type: node.type ?? '', message: typeof node.message === 'string' ? node.message : undefined, requirement: node.requirement });
	}
	for (const item of node.pipe?.slice(1) ?? []) rulesOf(item, path, into);
	for (const [key, entry] of Object.entries(node.entries ?? {})) rulesOf(entry, path ? `${path}.${key}` : key, into);
	rulesOf(node.wrapped, path, into);
	rulesOf(node.item, `${path}.0`, into);
	rulesOf(node.value, `${path}.x`, into);
	return into;
}

const ALL_SCHEMAS = Object.entries({ ...documentSchemas, ...accountSchemas }).filter(
	([name, value]) => name.endsWith('Schema') && typeof value === 'object' && value !== null && 'kind' in value
);
const RULES = ALL_SCHEMAS.flatMap(([name, schema]) => rulesOf(schema, '', []).map((rule) => ({ ...rule, schema: name })));

/** Words of the schemas' developer messages and of valibot's own: none may reach a German screen. */
const DEVELOPER_WORDS = new Set(
	[...RULES.map((rule) => rule.message ?? ''), 'Invalid type: Expected number but received NaN', 'Invalid length: Expected >=1 but received 0']
		.flatMap((message) => message.split(/[^A-Za-z]+/))
		.filter((word) => word.length > 2 && !['LOINC', 'UCUM', 'ISO'].includes(word))
		.map((word) => word.toLowerCase())
);
function englishWordsIn(text: string): string[] {
	return text
		.split(/[^A-Za-zÄÖÜäöüß]+/)
		.filter((word) => DEVELOPER_WORDS.has(word.toLowerCase()));
}

function issueOfRule(rule: SchemaRule, received = '"x"'): ValidationIssue {
	const requirement = rule.requirement instanceof RegExp ? rule.requirement.source : typeof rule.requirement === 'number' || typeof rule.requirement === 'string' ? rule.requirement : undefined;
	return { path: rule.path, message: rule.message ?? `Invalid ${rule.type}`, type: rule.type, expected: null, received, requirement };
}

afterEach(async () => {
	await i18n.use('de');
});

describe('the translation of schema issues', () => {
	it('finds the rules of every schema of documents.ts and account.ts', () => {
		expect(ALL_SCHEMAS.length).toBeGreaterThanOrEqual(15);
		const types = new Set(RULES.map((rule) => rule.type));
		for (const type of ['min_length', 'max_length', 'regex', 'check', 'min_value', 'max_value', 'integer', 'iso_date', 'iso_timestamp', 'starts_with', 'number', 'string', 'picklist']) {
			expect(types).toContain(type);
		}
	});

	it('words every rule of every schema in German and English, with the label and without developer words', async () => {
		for (const rule of RULES) {
			const issue = issueOfRule(rule);
			for (const locale of ['de', 'en'] as const) {
				await i18n.use(locale);
				const message = issueMessage(issue, { label: 'Feld' });
				expect(message, `${rule.schema} ${rule.path} ${rule.type}`).not.toBe(rule.message);
				expect(message).not.toMatch(/\{\w+\}/);
				if (locale === 'de') {
					expect(englishWordsIn(message), `${rule.schema} ${rule.path} ${rule.type}: ${message}`).toEqual([]);
					if (!DOCUMENT_CHECK_KEYS.has(issueMessageKey(issue))) expect(message).toContain('Feld');
				}
			}
		}
	});

	it('has a message of its own for every pattern and named check of the schemas (no generic fallback)', () => {
		const generic = RULES.filter((rule) => (rule.type === 'regex' || (rule.type === 'check' && !/(^|\.)news2$/.test(rule.path))) && issueMessageKey(issueOfRule(rule)) === 'issue.invalid');
		expect(generic.map((rule) => `${rule.schema} ${rule.path}: ${rule.message}`)).toEqual([]);
	});

	it('turns the issues of real documents into German messages at their fields', () => {
		const result = validateDocument({
			_id: 'mission:m1',
			type: 'mission',
			schemaVersion: 1,
			createdAt: '2026-01-01T10:00:00.000Z',
			createdBy: 'leitstelle',
			deviceId: 'd1',
			keyword: '',
			priority: 1,
			address: 'Hauptstraße 1',
			state: 'open',
			alarmedAt: '2026-01-01T10:00:00.000Z',
			patient: { age: parseNumberInput('ca. 80') }
		});
		expect(result.ok).toBe(false);
		if (result.ok) return;
		const messages = fieldMessages(result.issues, (path) => path.split('.').pop() ?? path, (field) => ({ age: 'Alter', keyword: 'Einsatzstichwort' })[field]);
		expect(messages.age).toBe('Alter: Bitte eine Zahl eingeben, z. B. 80.');
		expect(messages.keyword).toBe('Einsatzstichwort: Bitte ausfüllen.');
	});

	it('words a bad postal code, an impossible date and a number out of range', async () => {
		const issues = validationIssuesOf(
			v.safeParse(v.object({ address: documentSchemas.AddressSchema, birthDate: documentSchemas.PatientSchema.entries.birthDate, careLevel: documentSchemas.PatientSchema.entries.careLevel }), {
				address: { street: 'Weg 1', postalCode: '1011', city: 'Berlin' },
				birthDate: '1941-02-30',
				careLevel: 7
			}).issues ?? []
		);
		expect(issues.map((issue) => issueMessage(issue))).toEqual([
			'PLZ: Bitte eine Postleitzahl aus 5 Ziffern eingeben, z. B. 10115.',
			'Geburtsdatum: Dieses Datum gibt es nicht.',
			'Pflegegrad: Bitte einen Wert bis 5 eingeben.'
		]);
		await i18n.use('en');
		expect(issueMessage(issues[0])).toBe('Postal code: please enter a postal code of 5 digits, e.g. 10115.');
	});

	it('words account issues: a user name with capitals, a short password', () => {
		const issues = validationIssuesOf(v.safeParse(accountSchemas.NewUserSchema, { username: 'Anna', displayName: ' ', role: 'nurse', teams: [], password: 'kurz' }).issues ?? []);
		const messages = fieldMessages(issues, (path) => path, () => undefined);
		expect(messages.username).toMatch(/^Benutzername: Nur Kleinbuchstaben/);
		expect(messages.displayName).toBe('Anzeigename: Bitte ausfüllen.');
		expect(messages.password).toBe('Passwort: Bitte mindestens 10 Zeichen eingeben.');
	});
});

describe('server refusals', () => {
	it('translates the reasons an admin meets, and the rest by status', async () => {
		expect(serverRefusalMessage(409, 'user rtw1 exists')).toBe('Den Benutzernamen „rtw1“ gibt es schon. Bitte einen anderen wählen.');
		expect(serverRefusalMessage(400, 'unknown team rw-x')).toMatch(/^Das Team „rw-x“ gibt es nicht/);
		expect(serverRefusalMessage(400, "a physician's teams must be of one region, got jena, saalfeld")).toMatch(/^Eine Ärztin\/ein Arzt übernimmt Konsile von Teams einer Region/);
		expect(serverRefusalMessage(400, 'a physician serves nursing and ambulance teams, not dispatch team ls')).toMatch(/keine Leitstelle/);
		expect(serverRefusalMessage(400, 'username: lower-case letters, digits')).toBe('Der Server hat die Eingabe abgelehnt. Bitte die Felder prüfen.');
		expect(serverRefusalMessage(403, 'You are not allowed')).toBe('Dafür fehlt die Berechtigung.');
		expect(serverRefusalMessage(503, undefined)).toBe('Der Server hat die Anfrage abgelehnt (503).');
		await i18n.use('en');
		expect(serverRefusalMessage(409, 'user rtw1 exists')).toBe('The user name "rtw1" already exists. Please choose another.');
	});
});

describe('numbers as people type them', () => {
	it('reads decimal commas and points, and nothing else', () => {
		expect(parseNumberInput('')).toBeUndefined();
		expect(parseNumberInput('  ')).toBeUndefined();
		expect(parseNumberInput('80')).toBe(80);
		expect(parseNumberInput(' 37,5 ')).toBe(37.5);
		expect(parseNumberInput('37.5')).toBe(37.5);
		expect(parseNumberInput('-1,25')).toBe(-1.25);
		for (const text of ['ca. 80', '80 J.', '1,2,3', '0x10', '1e3', 'achtzig']) expect(parseNumberInput(text)).toBeNaN();
	});
});

describe('plurals', () => {
	const CASES: [PluralKey, 'de' | 'en', number, string][] = [
		['today.visits', 'de', 0, '0 Besuche geplant'],
		['today.visits', 'de', 1, '1 Besuch geplant'],
		['today.visits', 'de', 2, '2 Besuche geplant'],
		['today.visits', 'de', 5, '5 Besuche geplant'],
		['visit.tasksOpen', 'de', 1, '1 Leistung nicht abgehakt.'],
		['visit.tasksOpen', 'de', 2, '2 Leistungen nicht abgehakt.'],
		['today.visits', 'en', 0, '0 visits planned'],
		['today.visits', 'en', 1, '1 visit planned'],
		['today.visits', 'en', 2, '2 visits planned'],
		['today.visits', 'en', 5, '5 visits planned'],
		['patients.count', 'de', 1, '1 Patient'],
		['patients.count', 'en', 5, '5 patients']
	];
	it.each(CASES)('%s in %s for %i', async (key, locale, count, expected) => {
		await i18n.use(locale);
		expect(tn(key, count)).toBe(expected);
	});

	it('formats large counts in the locale and fills other parameters', () => {
		expect(tn('situation.visitsToday', 1200, { done: 3, total: 1200 })).toBe('3 von 1.200 Besuchen erledigt');
		expect(tn('situation.visitsToday', 1, { done: 0, total: 1 })).toBe('0 von 1 Besuch erledigt');
	});

	it('has the other form of every plural message in German and English', () => {
		for (const catalog of [de, en]) {
			const keys = Object.keys(catalog);
			for (const key of keys.filter((k) => k.endsWith('.one'))) expect(keys).toContain(key.replace(/\.one$/, '.other'));
		}
	});
});
