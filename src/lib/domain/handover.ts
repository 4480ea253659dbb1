// The handover at the hospital, in the MIST order emergency departments expect (Mechanism /
// medical problem, Injuries, Signs, Treatment): structured data for the screen, and plain German
// text for the fields of the Handover document, which is what the hospital receives and keeps.
import type { Mission, Note, Observation, Order, OrderResponse } from './documents.ts';
import { ROUTE_CODES } from './fhir-consult.ts';
import { gcsTotal, type Gcs } from './gcs.ts';
import { nacaLevel, type NacaLevel } from './naca.ts';
import { roundTo } from './units.ts';
import { VITAL_SIGN_KEYS, VITAL_SIGNS, vitalSignByCode, type VitalSignKey } from './vital-signs.ts';
import { compareCodeUnits } from './text-order.ts';

/** Length limit of the mechanism, injuries, signs and treatment fields (HandoverSchema). */
export const HANDOVER_FIELD_MAX = 2000;
/** Length limit of the hospital field (HandoverSchema). */
export const HANDOVER_HOSPITAL_MAX = 120;

/**
 * The smallest change between the first and the last value that is called a trend rather than
 * steady. Set at about what a crew would report as a change, above the device's own scatter:
 * 10/min pulse, 3/min breathing, 2 % SpO2 (oximeter accuracy ±2 %, ISO 80601-2-61), 0.5 °C,
 * 10 mmHg, 20 mg/dL glucose, any GCS point, 2 points of pain (the NRS's minimal clinically
 * important difference, Farrar et al. 2001).
 */
export const TREND_THRESHOLD: Readonly<Record<VitalSignKey, number>> = {
	'heart-rate': 10, 'respiratory-rate': 3, spo2: 2, temperature: 0.5, systolic: 10, diastolic: 10, 'mean-arterial': 10,
	weight: 1, height: 1, bmi: 0.5, glucose: 20, gcs: 1, pain: 2
};

export type SignTrend = 'rising' | 'falling' | 'steady';

export interface SignReading {
	value: number;
	at: string;
	observationId: string;
}

export interface SignSummary {
	key: VitalSignKey;
	/** i18n key of the sign's name (the vital-signs catalog's `vital.<key>`). */
	labelKey: `vital.${VitalSignKey}`;
	/** UCUM unit of the values. */
	unit: string;
	decimals: number;
	count: number;
	first: SignReading;
	last: SignReading;
	/** Undefined with a single value. */
	trend: SignTrend | undefined;
	trendKey: `handover.trend.${SignTrend}` | undefined;
}

export interface TreatmentItem {
	kind: 'measure' | 'medication';
	text: string;
	/** When it was done or given (the note's `at`, else when it was written). */
	at: string;
	dose?: string;
	by: string;
	/** The document it comes from: the crew's note, or the physician's order the crew carried out. */
	noteId: string;
	/** The physician whose order it was (a consult). */
	orderedBy?: string;
}

export type AbcdeLetter = 'a' | 'b' | 'c' | 'd' | 'e';

export interface HandoverSummary {
	missionId: string;
	mechanism: { keyword: string; complaint?: string };
	injuries?: string;
	signs: SignSummary[];
	gcs?: Gcs & { total: number };
	/** Only the letters with findings, in ABCDE order. */
	abcde: Partial<Record<AbcdeLetter, string>>;
	naca?: NacaLevel;
	treatment: TreatmentItem[];
	hospital?: string;
	patient?: NonNullable<Mission['patient']>;
	generatedAt: string;
}

// ---- Selection --------------------------------------------------------------------------------

function replacedIds(docs: readonly { replaces?: string }[]): Set<string> {
	const replaced = new Set<string>();
	for (const doc of docs) if (doc.replaces !== undefined) replaced.add(doc.replaces);
	return replaced;
}

const byTimeThenId = (a: { at: string; id: string }, b: { at: string; id: string }) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The mission's observations still current (no correction replaces them), oldest first. */
export function currentMissionObservations(mission: Pick<Mission, '_id'>, observations: readonly Observation[]): Observation[] {
	const replaced = replacedIds(observations);
	return observations
		.filter((o) => o.missionId === mission._id && !replaced.has(o._id))
		.sort((a, b) => byTimeThenId({ at: a.effectiveAt, id: a._id }, { at: b.effectiveAt, id: b._id }));
}

/** The mission's measures and medications still current, in the order they were done. */
export function missionTreatment(mission: Pick<Mission, '_id'>, notes: readonly Note[]): TreatmentItem[] {
	const replaced = replacedIds(notes);
	const items: TreatmentItem[] = [];
	for (const note of notes) {
		if (note.missionId !== mission._id || replaced.has(note._id)) continue;
		if (note.kind !== 'measure' && note.kind !== 'medication') continue;
		items.push({ kind: note.kind, text: note.text, at: note.at ?? note.createdAt, ...(note.dose ? { dose: note.dose } : {}), by: note.createdBy, noteId: note._id });
	}
	return items.sort((a, b) => byTimeThenId({ at: a.at, id: a.noteId }, { at: b.at, id: b.noteId }));
}

/** A physician's orders in the mission's consults: their answers, newest last per order. */
export interface ConsultOrders {
	orders: readonly Order[];
	responses: readonly OrderResponse[];
}

/** Medications and measures a physician ordered on this mission and the crew carried out, at the time they were done. */
export function orderedTreatment(mission: Pick<Mission, '_id'>, consult: ConsultOrders): TreatmentItem[] {
	const items: TreatmentItem[] = [];
	for (const order of consult.orders) {
		if (order.missionId !== mission._id || (order.kind !== 'medication' && order.kind !== 'measure')) continue;
		const last = consult.responses.filter((r) => r.orderId === order._id).sort((a, b) => compareCodeUnits(a.createdAt, b.createdAt)).at(-1);
		if (last?.outcome !== 'done') continue;
		const at = last.doneAt ?? last.createdAt;
		if (order.kind === 'medication') {
			const dose = [order.dose, order.route && ROUTE_CODES[order.route].text].filter(Boolean).join(' ');
			items.push({ kind: 'medication', text: order.substance ?? '', at, ...(dose ? { dose } : {}), by: last.createdBy, noteId: order._id, orderedBy: order.createdBy });
		} else items.push({ kind: 'measure', text: order.text ?? '', at, by: last.createdBy, noteId: order._id, orderedBy: order.createdBy });
	}
	return items;
}

// ---- Summary ----------------------------------------------------------------------------------

function trendOf(key: VitalSignKey, first: number, last: number): SignTrend {
	const decimals = VITAL_SIGNS[key].decimals;
	const change = roundTo(last, decimals) - roundTo(first, decimals);
	// A hair of binary noise must not tip a change of exactly the threshold to steady.
	if (Math.abs(change) + 1e-9 < TREND_THRESHOLD[key]) return 'steady';
	return change > 0 ? 'rising' : 'falling';
}

function signSummaries(observations: readonly Observation[]): SignSummary[] {
	const byKey = new Map<VitalSignKey, Observation[]>();
	for (const observation of observations) {
		const sign = vitalSignByCode(observation.code);
		if (sign === undefined) continue;
		const list = byKey.get(sign.key) ?? [];
		list.push(observation);
		byKey.set(sign.key, list);
	}
	const signs: SignSummary[] = [];
	for (const key of VITAL_SIGN_KEYS) {
		const list = byKey.get(key);
		if (list === undefined) continue;
		const [first, last] = [list[0], list[list.length - 1]];
		const trend = list.length > 1 ? trendOf(key, first.value, last.value) : undefined;
		signs.push({
			key,
			labelKey: `vital.${key}`,
			unit: VITAL_SIGNS[key].unit,
			decimals: VITAL_SIGNS[key].decimals,
			count: list.length,
			first: { value: first.value, at: first.effectiveAt, observationId: first._id },
			last: { value: last.value, at: last.effectiveAt, observationId: last._id },
			trend,
			trendKey: trend && `handover.trend.${trend}`
		});
	}
	return signs;
}

/** MIST summary of a mission from its documents; `now` stamps when it was made. */
export function buildHandover(mission: Mission, observations: readonly Observation[], notes: readonly Note[], now: Date, consult?: ConsultOrders): HandoverSummary {
	const care = mission.care ?? {};
	const abcde: Partial<Record<AbcdeLetter, string>> = {};
	for (const letter of ['a', 'b', 'c', 'd', 'e'] as const) {
		const finding = care.abcde?.[letter]?.trim();
		if (finding) abcde[letter] = finding;
	}
	const naca = care.naca === undefined ? undefined : nacaLevel(care.naca);
	return {
		missionId: mission._id,
		mechanism: { keyword: mission.keyword, ...(care.complaint?.trim() ? { complaint: care.complaint.trim() } : {}) },
		...(care.injuries?.trim() ? { injuries: care.injuries.trim() } : {}),
		signs: signSummaries(currentMissionObservations(mission, observations)),
		...(care.gcs ? { gcs: { ...care.gcs, total: gcsTotal(care.gcs) } } : {}),
		abcde,
		...(naca ? { naca } : {}),
		treatment: consult
			? [...missionTreatment(mission, notes), ...orderedTreatment(mission, consult)].sort((a, b) => byTimeThenId({ at: a.at, id: a.noteId }, { at: b.at, id: b.noteId }))
			: missionTreatment(mission, notes),
		...(mission.destination?.trim() ? { hospital: mission.destination.trim() } : {}),
		...(mission.patient ? { patient: mission.patient } : {}),
		generatedAt: now.toISOString()
	};
}

// ---- German text for the Handover document -----------------------------------------------------

/** How numbers and times read; the caller decides (locale, time zone), not Intl defaults. */
export interface HandoverFormat {
	/** `value` with exactly `decimals` places, e.g. (37.45, 1) → "37,5". */
	number(value: number, decimals: number): string;
	/** The wall-clock time of an instant where the reader is, e.g. "10:14". */
	time(at: string): string;
}

export interface HandoverText {
	mechanism: string;
	injuries: string;
	signs: string;
	treatment: string;
	hospital: string;
}

// The Handover document is German, like the hospital's record it joins; these words are its
// wording, not UI text.
const LABEL_DE: Readonly<Record<VitalSignKey, string>> = {
	'heart-rate': 'Puls', 'respiratory-rate': 'Atemfrequenz', spo2: 'SpO₂', temperature: 'Temperatur',
	systolic: 'RR systolisch', diastolic: 'RR diastolisch', 'mean-arterial': 'Mitteldruck', weight: 'Gewicht',
	height: 'Größe', bmi: 'BMI', glucose: 'BZ', gcs: 'GCS (Messung)', pain: 'Schmerz (NRS)'
};
const TREND_DE: Readonly<Record<SignTrend, string>> = { rising: 'steigend', falling: 'fallend', steady: 'gleichbleibend' };
const UNIT_DE: Readonly<Record<string, string>> = { '/min': '/min', '%': '%', Cel: '°C', 'mm[Hg]': 'mmHg', kg: 'kg', cm: 'cm', 'kg/m2': 'kg/m²', 'mg/dL': 'mg/dl', '{score}': '' };
const KIND_DE = { measure: 'Maßnahme', medication: 'Medikament' } as const;
const NONE_DE = 'keine Angaben';
const ELLIPSIS = '…';

/** At most `max` characters, the last one an ellipsis when cut; never splits a surrogate pair. */
export function clipText(text: string, max: number): string {
	if (text.length <= max) return text;
	let end = max - ELLIPSIS.length;
	const code = text.charCodeAt(end - 1);
	if (code >= 0xd800 && code <= 0xdbff) end--;
	return text.slice(0, end).trimEnd() + ELLIPSIS;
}

function valueText(value: number, key: VitalSignKey, format: HandoverFormat): string {
	const unit = UNIT_DE[VITAL_SIGNS[key].unit] ?? VITAL_SIGNS[key].unit;
	const number = format.number(value, VITAL_SIGNS[key].decimals);
	return unit === '' ? number : unit.startsWith('/') || unit === '%' ? `${number}${unit}` : `${number} ${unit}`;
}

function signLine(label: string, first: string, last: string, sign: SignSummary, format: HandoverFormat): string {
	if (sign.count === 1) return `${label}: ${first} (${format.time(sign.first.at)})`;
	return `${label}: ${first} (${format.time(sign.first.at)}) → ${last} (${format.time(sign.last.at)}), ${TREND_DE[sign.trend ?? 'steady']}`;
}

function signLines(summary: HandoverSummary, format: HandoverFormat): string[] {
	const lines: string[] = [];
	const systolic = summary.signs.find((s) => s.key === 'systolic');
	const diastolic = summary.signs.find((s) => s.key === 'diastolic');
	// One cuff reading gives both values at one time: write them as "120/80 mmHg".
	const paired = systolic && diastolic && systolic.count === diastolic.count && systolic.first.at === diastolic.first.at && systolic.last.at === diastolic.last.at;
	for (const sign of summary.signs) {
		if (paired && sign.key === 'diastolic') continue;
		if (paired && sign.key === 'systolic') {
			const pair = (s: number, d: number) => `${format.number(s, 0)}/${valueText(d, 'diastolic', format)}`;
			lines.push(signLine('RR', pair(systolic.first.value, diastolic.first.value), pair(systolic.last.value, diastolic.last.value), sign, format));
			continue;
		}
		lines.push(signLine(LABEL_DE[sign.key], valueText(sign.first.value, sign.key, format), valueText(sign.last.value, sign.key, format), sign, format));
	}
	if (summary.gcs) lines.push(`GCS ${summary.gcs.total} (A${summary.gcs.eye} V${summary.gcs.verbal} M${summary.gcs.motor})`);
	for (const [letter, finding] of Object.entries(summary.abcde)) lines.push(`${letter.toUpperCase()}: ${finding}`);
	if (summary.naca) lines.push(`NACA ${summary.naca.roman}`);
	return lines;
}

/** The Handover document's text fields, each within the schema's length limit. */
export function handoverText(summary: HandoverSummary, format: HandoverFormat): HandoverText {
	const { keyword, complaint } = summary.mechanism;
	const mechanism = complaint ? `${keyword}\nBeschwerden: ${complaint}` : keyword;
	const treatment = summary.treatment.map((item) => `${format.time(item.at)} ${KIND_DE[item.kind]}: ${item.text}${item.dose ? ` – ${item.dose}` : ''}${item.orderedBy ? ` (ärztl. Anordnung ${item.orderedBy})` : ''}`);
	const signs = signLines(summary, format);
	return {
		mechanism: clipText(mechanism, HANDOVER_FIELD_MAX),
		injuries: clipText(summary.injuries ?? NONE_DE, HANDOVER_FIELD_MAX),
		signs: clipText(signs.length ? signs.join('\n') : NONE_DE, HANDOVER_FIELD_MAX),
		treatment: clipText(treatment.length ? treatment.join('\n') : NONE_DE, HANDOVER_FIELD_MAX),
		hospital: clipText(summary.hospital ?? '', HANDOVER_HOSPITAL_MAX)
	};
}
