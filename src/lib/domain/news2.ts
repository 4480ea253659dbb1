// NEWS2, the National Early Warning Score 2 (Royal College of Physicians, 2017): seven
// parameters, each scored 0–3 from the chart below, summed; the sum and any single 3 set the
// clinical response. A score with parameters missing is partial: it is shown marked as such,
// never as a full score. Because every parameter scores 0 or more, a partial total is a lower
// bound of the full one, so a partial score that already calls for an alarm raises it.
import { SCHEMA_VERSION, type Alarm, type Observation } from './documents.ts';
import { docId } from './ids.ts';
import { convertUnit, roundTo } from './units.ts';
import { VITAL_SIGNS, type VitalSignKey } from './vital-signs.ts';

export type Consciousness = 'alert' | 'new-confusion' | 'voice' | 'pain' | 'unresponsive';
/** Scale 2 only for patients with hypercapnic respiratory failure, prescribed by a clinician. */
export type Spo2Scale = 1 | 2;

export interface News2Input {
	respiratoryRate?: number;
	/** Per cent. */
	spo2?: number;
	/** Default 1. */
	spo2Scale?: Spo2Scale;
	/** Supplemental oxygen (the chart's "air or oxygen"). */
	onOxygen?: boolean;
	/** mmHg. */
	systolic?: number;
	/** Per minute. */
	pulse?: number;
	/** ACVPU; new confusion counts as C. */
	consciousness?: Consciousness;
	temperatureC?: number;
}

/** The chart's seven rows, in the chart's order. */
export const NEWS2_PARAMETERS = ['respiratoryRate', 'spo2', 'airOrOxygen', 'systolic', 'pulse', 'consciousness', 'temperature'] as const;
export type News2Parameter = (typeof NEWS2_PARAMETERS)[number];
export type ParameterScore = 0 | 1 | 2 | 3;
export type News2Scores = Partial<Record<News2Parameter, ParameterScore>>;

/** One chart row: `[highest value of the band, score]`, ascending; the last band is open. */
type ChartRow = readonly (readonly [number, ParameterScore])[];

// NEWS2 chart (RCP 2017), one row per parameter; values are compared at the chart's resolution.
const RESPIRATORY_RATE: ChartRow = [[8, 3], [11, 1], [20, 0], [24, 2], [Infinity, 3]];
const SPO2_SCALE_1: ChartRow = [[91, 3], [93, 2], [95, 1], [Infinity, 0]];
/** Scale 2 on air: 88–92 and ≥ 93 both score 0. */
const SPO2_SCALE_2_AIR: ChartRow = [[83, 3], [85, 2], [87, 1], [Infinity, 0]];
/** Scale 2 on oxygen: above the 88–92 target, 93–94 / 95–96 / ≥ 97 score 1 / 2 / 3. */
const SPO2_SCALE_2_OXYGEN: ChartRow = [[83, 3], [85, 2], [87, 1], [92, 0], [94, 1], [96, 2], [Infinity, 3]];
const SYSTOLIC: ChartRow = [[90, 3], [100, 2], [110, 1], [219, 0], [Infinity, 3]];
const PULSE: ChartRow = [[40, 3], [50, 1], [90, 0], [110, 1], [130, 2], [Infinity, 3]];
const TEMPERATURE: ChartRow = [[35.0, 3], [36.0, 1], [38.0, 0], [39.0, 1], [Infinity, 2]];
const OXYGEN_SCORE: ParameterScore = 2;
const NOT_ALERT_SCORE: ParameterScore = 3;
/** The chart's resolution: temperature to 0.1 °C, everything else in whole numbers. */
const TEMPERATURE_DECIMALS = 1;

// Clinical response thresholds (RCP 2017).
const MEDIUM_FROM = 5;
const HIGH_FROM = 7;
const RED_SCORE = 3;

/** Device and tablet clocks differ by a little; a reading this far "in the future" still counts. */
const CLOCK_SKEW_MS = 5 * 60_000;
/** The alarm document schema (AlarmSchema.observationIds) allows this many observation ids. */
const MAX_ALARM_OBSERVATIONS = 20;

export type News2Band = 'low' | 'low-medium' | 'medium' | 'high';
/** `grey`: a partial score in the low band, which reassures about nothing. */
export type News2Colour = 'grey' | 'green' | 'amber' | 'orange' | 'red';
const BAND_COLOURS: Record<News2Band, News2Colour> = { low: 'green', 'low-medium': 'amber', medium: 'orange', high: 'red' };

export interface News2Result {
	scores: News2Scores;
	/** Sum of the scores present; a lower bound when `complete` is false. */
	total: number;
	complete: boolean;
	missing: News2Parameter[];
	band: News2Band;
	colour: News2Colour;
	/** Total ≥ 5 or a 3 in one parameter; raised for partial scores too, as missing rows only add. */
	alarmNeeded: boolean;
	spo2Scale: Spo2Scale;
}

function scoreOn(row: ChartRow, value: number): ParameterScore {
	for (const [highest, score] of row) if (value <= highest) return score;
	return row[row.length - 1][1];
}

/** A value to score, or undefined when missing or no number at all (NaN never reaches a total). */
function present(value: number | undefined, decimals = 0): number | undefined {
	return value !== undefined && Number.isFinite(value) ? roundTo(value, decimals) : undefined;
}

function spo2Row(scale: Spo2Scale, onOxygen: boolean | undefined): ChartRow {
	if (scale === 1) return SPO2_SCALE_1;
	// Oxygen not yet known: score as on air, the lower bound, so the partial total stays one.
	return onOxygen ? SPO2_SCALE_2_OXYGEN : SPO2_SCALE_2_AIR;
}

export function news2Scores(input: News2Input): News2Scores {
	const scale = input.spo2Scale ?? 1;
	const scores: News2Scores = {};
	const respiratoryRate = present(input.respiratoryRate);
	const spo2 = present(input.spo2);
	const systolic = present(input.systolic);
	const pulse = present(input.pulse);
	const temperature = present(input.temperatureC, TEMPERATURE_DECIMALS);
	if (respiratoryRate !== undefined) scores.respiratoryRate = scoreOn(RESPIRATORY_RATE, respiratoryRate);
	if (spo2 !== undefined) scores.spo2 = scoreOn(spo2Row(scale, input.onOxygen), spo2);
	if (input.onOxygen !== undefined) scores.airOrOxygen = input.onOxygen ? OXYGEN_SCORE : 0;
	if (systolic !== undefined) scores.systolic = scoreOn(SYSTOLIC, systolic);
	if (pulse !== undefined) scores.pulse = scoreOn(PULSE, pulse);
	if (input.consciousness !== undefined) scores.consciousness = input.consciousness === 'alert' ? 0 : NOT_ALERT_SCORE;
	if (temperature !== undefined) scores.temperature = scoreOn(TEMPERATURE, temperature);
	return scores;
}

export function news2Band(total: number, redScore: boolean): News2Band {
	if (total >= HIGH_FROM) return 'high';
	if (total >= MEDIUM_FROM) return 'medium';
	return redScore ? 'low-medium' : 'low';
}

export function news2Score(input: News2Input): News2Result {
	const scores = news2Scores(input);
	let total = 0;
	let redScore = false;
	const missing: News2Parameter[] = [];
	for (const parameter of NEWS2_PARAMETERS) {
		const score = scores[parameter];
		if (score === undefined) {
			missing.push(parameter);
			continue;
		}
		total += score;
		if (score === RED_SCORE) redScore = true;
	}
	const complete = missing.length === 0;
	const band = news2Band(total, redScore);
	return {
		scores,
		total,
		complete,
		missing,
		band,
		colour: !complete && band === 'low' ? 'grey' : BAND_COLOURS[band],
		alarmNeeded: band !== 'low',
		spo2Scale: input.spo2Scale ?? 1
	};
}

// ---- From observations --------------------------------------------------------------------

/** The rows a nurse enters by hand; the others come from observations. */
export type HandEnteredNews2 = Pick<News2Input, 'consciousness' | 'onOxygen' | 'spo2Scale'>;
type MeasuredField = 'respiratoryRate' | 'spo2' | 'systolic' | 'pulse' | 'temperatureC';

const MEASURED: readonly [VitalSignKey, MeasuredField][] = [
	['respiratory-rate', 'respiratoryRate'],
	['spo2', 'spo2'],
	['systolic', 'systolic'],
	['heart-rate', 'pulse'],
	['temperature', 'temperatureC']
];
const FIELD_BY_CODE = new Map<string, { field: MeasuredField; unit: string }>();
for (const [key, field] of MEASURED) {
	const vital = VITAL_SIGNS[key];
	for (const code of [vital.loinc, ...(vital.alsoCodedAs ?? []).map((c) => c.code)]) FIELD_BY_CODE.set(code, { field, unit: vital.unit });
}

/** `toISOString()` form (UTC, milliseconds), whose text order is time order; '' if no instant. */
function utcInstant(timestamp: string): string {
	if (timestamp.length === 24 && timestamp.endsWith('Z')) return timestamp; // already: skip the parse
	const ms = Date.parse(timestamp);
	return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

export interface LatestNews2Inputs {
	input: News2Input;
	/** `_id`s of the observations used, for the alarm to point at. */
	observationIds: string[];
}

/**
 * The latest value of each measured parameter taken within `maxAgeMin` before `now`, from the
 * observations of one patient, plus the rows entered by hand. Superseded observations (another
 * one `replaces` them) are skipped; of two at the same instant the later created (`_id`) wins.
 * Two passes over the list, no sorting: O(n).
 */
export function latestNews2Inputs(observations: readonly Observation[], now: Date, maxAgeMin: number, entered: HandEnteredNews2 = {}): LatestNews2Inputs {
	const from = new Date(now.getTime() - maxAgeMin * 60_000).toISOString();
	const until = new Date(now.getTime() + CLOCK_SKEW_MS).toISOString();
	const replaced = new Set<string>();
	for (const observation of observations) if (observation.replaces !== undefined) replaced.add(observation.replaces);

	const latest = new Map<MeasuredField, { at: string; id: string; value: number }>();
	for (const observation of observations) {
		const source = FIELD_BY_CODE.get(observation.code);
		if (source === undefined || replaced.has(observation._id)) continue;
		const at = utcInstant(observation.effectiveAt);
		if (!(at >= from && at <= until)) continue;
		const best = latest.get(source.field);
		if (best !== undefined && (at < best.at || (at === best.at && observation._id < best.id))) continue;
		const converted = convertUnit(observation.value, observation.unit, source.unit);
		if (converted.ok) latest.set(source.field, { at, id: observation._id, value: converted.value });
	}

	const input: News2Input = { ...entered };
	const observationIds: string[] = [];
	for (const [, field] of MEASURED) {
		const found = latest.get(field);
		if (found === undefined) continue;
		input[field] = found.value;
		observationIds.push(found.id);
	}
	return { input, observationIds };
}

// ---- Alarm ----------------------------------------------------------------------------------

export interface News2AlarmInput {
	result: News2Result;
	/** The patient, or in the rescue service the mission whose patient was measured. */
	patientId?: string;
	missionId?: string;
	observationIds: readonly string[];
	createdBy: string;
	deviceId: string;
	now: Date;
	/** Key of the new alarm (a ULID); the `_id` becomes `alarm:<id>`. */
	id: string;
}

export type News2AlarmBuild = { ok: true; alarm: Alarm } | { ok: false; reason: 'news2.alarm-not-needed' };

/** "NEWS2 7 (high)"; a partial score reads "NEWS2 ≥5 (medium, partial)", never like a full one. */
export function news2AlarmMessage(result: News2Result): string {
	return result.complete ? `NEWS2 ${result.total} (${result.band})` : `NEWS2 ≥${result.total} (${result.band}, partial)`;
}

/** The alarm document for a score that calls for one; severity is the clinical response band. */
export function buildNews2Alarm({ result, patientId, missionId, observationIds, createdBy, deviceId, now, id }: News2AlarmInput): News2AlarmBuild {
	if (!result.alarmNeeded || result.band === 'low') return { ok: false, reason: 'news2.alarm-not-needed' };
	return {
		ok: true,
		alarm: {
			_id: docId('alarm', id),
			type: 'alarm',
			schemaVersion: SCHEMA_VERSION,
			createdAt: now.toISOString(),
			createdBy,
			deviceId,
			kind: 'news2',
			...(patientId ? { patientId } : {}),
			...(missionId ? { missionId } : {}),
			severity: result.band,
			message: news2AlarmMessage(result),
			score: result.total,
			observationIds: observationIds.slice(0, MAX_ALARM_OBSERVATIONS),
			news2: { ...result.scores }
		}
	};
}
