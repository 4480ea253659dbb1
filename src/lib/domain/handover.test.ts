import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, validateDocument, type Handover, type Mission, type Note, type Observation } from './documents.ts';
import { buildHandover, clipText, HANDOVER_FIELD_MAX, handoverText, type HandoverFormat } from './handover.ts';

const MISSION_ID = 'mission:01JDB0MIS0000000000000000A';
const NOW = new Date('2026-11-24T11:00:00.000Z');
const t = (hhmm: string) => `2026-11-24T${hhmm}:00.000Z`;

/** German-looking numbers, UTC wall clock: enough to see the formatter is used. */
const FORMAT: HandoverFormat = { number: (value, decimals) => value.toFixed(decimals).replace('.', ','), time: (at) => at.slice(11, 16) };

const mission: Mission = {
	_id: MISSION_ID,
	type: 'mission',
	schemaVersion: SCHEMA_VERSION,
	createdAt: t('09:59'),
	createdBy: 'leitstelle.k',
	deviceId: 'ils-console-2',
	keyword: 'RD 2 – Atemnot',
	priority: 1,
	address: 'Markt 1, 07318 Saalfeld',
	state: 'active',
	unitId: 'rtw-1',
	alarmedAt: t('10:00'),
	patient: { age: 84, sex: 'female' },
	care: {
		complaint: 'Zunehmende Atemnot seit dem Morgen ',
		injuries: 'Keine Verletzungen',
		abcde: { a: 'frei', b: 'Tachypnoe, Giemen beidseits', c: '', d: 'wach, orientiert', e: undefined },
		gcs: { eye: 4, verbal: 4, motor: 6 },
		naca: 4
	},
	destination: 'Thüringen-Kliniken Saalfeld'
};

let serial = 0;
function obs(code: string, value: number, unit: string, at: string, extra: Partial<Observation> = {}): Observation {
	serial++;
	return {
		_id: `observation:M:${String(serial).padStart(4, '0')}`,
		type: 'observation',
		schemaVersion: SCHEMA_VERSION,
		createdAt: at,
		createdBy: 'sani.b',
		deviceId: 'tablet-rtw-1',
		missionId: MISSION_ID,
		code,
		value,
		unit,
		effectiveAt: at,
		...extra
	};
}
function note(kind: Note['kind'], text: string, at: string | undefined, extra: Partial<Note> = {}): Note {
	serial++;
	return {
		_id: `note:M:${String(serial).padStart(4, '0')}`,
		type: 'note',
		schemaVersion: SCHEMA_VERSION,
		createdAt: t('10:50'),
		createdBy: 'sani.b',
		deviceId: 'tablet-rtw-1',
		missionId: MISSION_ID,
		text,
		kind,
		...(at ? { at } : {}),
		...extra
	};
}

const typo = obs('8867-4', 181, '/min', t('10:16'));
const observations = [
	obs('8867-4', 96, '/min', t('10:40')),
	obs('2708-6', 89, '%', t('10:16')),
	obs('59408-5', 95, '%', t('10:40')), // pulse oximetry code of the same sign
	typo,
	obs('8867-4', 118, '/min', t('10:16'), { replaces: typo._id }),
	obs('8480-6', 150, 'mm[Hg]', t('10:17'), { groupId: 'g1' }),
	obs('8462-4', 90, 'mm[Hg]', t('10:17'), { groupId: 'g1' }),
	obs('8480-6', 135, 'mm[Hg]', t('10:41'), { groupId: 'g2' }),
	obs('8462-4', 85, 'mm[Hg]', t('10:41'), { groupId: 'g2' }),
	obs('8310-5', 37.24, 'Cel', t('10:18')),
	obs('8867-4', 60, '/min', t('10:20'), { missionId: 'mission:other' })
];
const oldSalbutamol = note('medication', 'Salbutamol', t('10:24'), { dose: '2,5 mg' });
const notes = [
	note('medication', 'Salbutamol', t('10:25'), { dose: '2,5 mg vernebelt', replaces: oldSalbutamol._id }),
	oldSalbutamol,
	note('measure', 'Oberkörperhochlagerung', t('10:18')),
	note('measure', 'O₂ 6 l/min über Maske', undefined), // no `at`: counts from when it was written
	note('text', 'Tochter informiert', t('10:30')),
	note('medication', 'Heparin', t('10:20'), { missionId: 'mission:other' })
];

describe('buildHandover', () => {
	const summary = buildHandover(mission, observations, notes, NOW);

	it('takes mechanism, injuries, GCS, ABCDE findings, NACA and hospital from the mission', () => {
		expect(summary.mechanism).toEqual({ keyword: 'RD 2 – Atemnot', complaint: 'Zunehmende Atemnot seit dem Morgen' });
		expect(summary.injuries).toBe('Keine Verletzungen');
		expect(summary.gcs).toEqual({ eye: 4, verbal: 4, motor: 6, total: 14 });
		expect(summary.abcde).toEqual({ a: 'frei', b: 'Tachypnoe, Giemen beidseits', d: 'wach, orientiert' });
		expect(summary.naca).toMatchObject({ score: 4, roman: 'IV', messageKey: 'naca.4' });
		expect(summary.hospital).toBe('Thüringen-Kliniken Saalfeld');
		expect(summary.generatedAt).toBe(NOW.toISOString());
	});

	it('gives first and last value of each sign with its trend, corrections applied, other missions left out', () => {
		expect(summary.signs.map((s) => [s.key, s.first.value, s.last.value, s.count, s.trend])).toEqual([
			['heart-rate', 118, 96, 2, 'falling'],
			['spo2', 89, 95, 2, 'rising'],
			['temperature', 37.24, 37.24, 1, undefined],
			['systolic', 150, 135, 2, 'falling'],
			['diastolic', 90, 85, 2, 'steady']
		]);
		expect(summary.signs[0]).toMatchObject({ labelKey: 'vital.heart-rate', unit: '/min', first: { at: t('10:16') }, last: { at: t('10:40') }, trendKey: 'handover.trend.falling' });
	});

	it('lists measures and medications by when they were done, with dose; replaced and plain notes left out', () => {
		expect(summary.treatment.map((item) => [item.kind, item.text, item.at, item.dose])).toEqual([
			['measure', 'Oberkörperhochlagerung', t('10:18'), undefined],
			['medication', 'Salbutamol', t('10:25'), '2,5 mg vernebelt'],
			['measure', 'O₂ 6 l/min über Maske', t('10:50'), undefined]
		]);
	});

	it('calls a change of less than the threshold steady, and one of the threshold a trend', () => {
		const pair = (code: string, unit: string, a: number, b: number) =>
			buildHandover(mission, [obs(code, a, unit, t('10:10')), obs(code, b, unit, t('10:20'))], [], NOW).signs[0].trend;
		expect(pair('8867-4', '/min', 80, 89)).toBe('steady');
		expect(pair('8867-4', '/min', 80, 90)).toBe('rising');
		expect(pair('8310-5', 'Cel', 37.0, 37.4)).toBe('steady');
		expect(pair('8310-5', 'Cel', 37.0, 37.5)).toBe('rising');
		expect(pair('8310-5', 'Cel', 38.6, 38.1)).toBe('falling');
		expect(pair('9269-2', '{score}', 14, 13)).toBe('falling');
	});

	it('an empty mission gives an empty summary, not missing lists', () => {
		const bare: Mission = { ...mission, care: undefined, destination: undefined, patient: undefined };
		const empty = buildHandover(bare, [], [], NOW);
		expect(empty).toEqual({ missionId: MISSION_ID, mechanism: { keyword: 'RD 2 – Atemnot' }, signs: [], abcde: {}, treatment: [], generatedAt: NOW.toISOString() });
	});
});

describe('handoverText', () => {
	const text = handoverText(buildHandover(mission, observations, notes, NOW), FORMAT);

	it('writes the MIST fields in German, with the caller’s numbers and times', () => {
		expect(text.mechanism).toBe('RD 2 – Atemnot\nBeschwerden: Zunehmende Atemnot seit dem Morgen');
		expect(text.injuries).toBe('Keine Verletzungen');
		expect(text.signs.split('\n')).toEqual([
			'Puls: 118/min (10:16) → 96/min (10:40), fallend',
			'SpO₂: 89% (10:16) → 95% (10:40), steigend',
			'Temperatur: 37,2 °C (10:18)',
			'RR: 150/90 mmHg (10:17) → 135/85 mmHg (10:41), fallend',
			'GCS 14 (A4 V4 M6)',
			'A: frei',
			'B: Tachypnoe, Giemen beidseits',
			'D: wach, orientiert',
			'NACA IV'
		]);
		expect(text.treatment.split('\n')).toEqual([
			'10:18 Maßnahme: Oberkörperhochlagerung',
			'10:25 Medikament: Salbutamol – 2,5 mg vernebelt',
			'10:50 Maßnahme: O₂ 6 l/min über Maske'
		]);
		expect(text.hospital).toBe('Thüringen-Kliniken Saalfeld');
	});

	it('uses the formatter it is given, not a built-in one', () => {
		const other = handoverText(buildHandover(mission, observations, notes, NOW), { number: (v, d) => `<${v.toFixed(d)}>`, time: () => 'T' });
		expect(other.signs).toContain('Temperatur: <37.2> °C (T)');
	});

	it('says "keine Angaben" rather than leaving a field empty', () => {
		const empty = handoverText(buildHandover({ ...mission, care: undefined, destination: undefined }, [], [], NOW), FORMAT);
		expect(empty).toEqual({ mechanism: 'RD 2 – Atemnot', injuries: 'keine Angaben', signs: 'keine Angaben', treatment: 'keine Angaben', hospital: '' });
	});

	it('cuts fields over 2000 characters with an ellipsis, so the Handover document validates', () => {
		const many = Array.from({ length: 80 }, (_, i) => note('measure', `Maßnahme Nummer ${i} mit ausführlicher Beschreibung`, t('10:30')));
		const long = handoverText(buildHandover(mission, [], many, NOW), FORMAT);
		expect(long.treatment.length).toBeLessThanOrEqual(HANDOVER_FIELD_MAX);
		expect(long.treatment.endsWith('…')).toBe(true);
		expect(long.treatment.startsWith('10:30 Maßnahme: Maßnahme Nummer 0 mit')).toBe(true);
		const doc: Handover = {
			_id: 'handover:01JDB0HND0000000000000000A',
			type: 'handover',
			schemaVersion: SCHEMA_VERSION,
			createdAt: NOW.toISOString(),
			createdBy: 'sani.b',
			deviceId: 'tablet-rtw-1',
			missionId: MISSION_ID,
			...long
		};
		expect(validateDocument(doc)).toMatchObject({ ok: true });
		expect(validateDocument({ ...doc, treatment: `${long.treatment}x` })).toMatchObject({ ok: false });
	});

	it('clipText leaves short text alone and never splits a surrogate pair', () => {
		expect(clipText('kurz', 10)).toBe('kurz');
		expect(clipText('abcdefghij', 10)).toBe('abcdefghij');
		expect(clipText('abcdefghijk', 10)).toBe('abcdefghi…');
		const clipped = clipText(`${'a'.repeat(8)}🚑🚑`, 10); // the first ambulance straddles the cut
		expect(clipped).toBe(`${'a'.repeat(8)}…`);
		expect(clipped.length).toBeLessThanOrEqual(10);
	});
});

it('the fixtures are valid documents', () => {
	for (const doc of [mission, ...observations, ...notes]) expect(validateDocument(doc), doc._id).toMatchObject({ ok: true });
});
