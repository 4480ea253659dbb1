// Vital signs of the generated year: one observation set per measurement round, as the app saves
// them (LOINC code and UCUM unit from the vital-sign catalog), a blood pressure's values sharing a
// group, flagged `unusual` as the app flags them; a NEWS2 alarm (RCP 2017, news2.ts) when the
// values call for one, acknowledged by the dispatcher a few minutes later as the console does (a
// new alarm that replaces it).
import {
	buildNews2Alarm,
	checkVital,
	news2Score,
	roundTo,
	setMemberId,
	subjectKeyOf,
	VITAL_SIGNS,
	type News2Input,
	type VitalSignKey
} from '../../../src/lib/domain/index.ts';
import { created, DEVICE_OF, DISPATCHER, single, type Doc, type YearEntry } from './year-authors.ts';
import { iso, seededUlid } from './year-clock.ts';

/** A person's usual values, around which each measurement scatters. */
export interface Baseline {
	pulse: number;
	systolic: number;
	diastolic: number;
	spo2: number;
	temperature: number;
	respiratoryRate: number;
	glucose: number;
	weight: number;
	pain: number;
}

/** How far a deteriorating patient's values move (an infection with sepsis, say). */
const DETERIORATION = { pulse: 38, systolic: -42, spo2: -8, temperature: 2.1, respiratoryRate: 10 } as const;
/** Minutes from a raised alarm to the dispatcher's acknowledgement. */
const ACKNOWLEDGE_MINUTES = { min: 2, max: 14 } as const;
/** Devices the values come from, when they do not come by hand. */
const DEVICES: Partial<Record<VitalSignKey, { name: string; id: string }>> = {
	systolic: { name: 'Omron M500 Intelli IT', id: 'omron-m500' },
	diastolic: { name: 'Omron M500 Intelli IT', id: 'omron-m500' },
	'heart-rate': { name: 'Omron M500 Intelli IT', id: 'omron-m500' },
	spo2: { name: 'Nonin 3230', id: 'nonin-3230' },
	temperature: { name: 'Braun ThermoScan 7', id: 'braun-irt6520' },
	glucose: { name: 'Accu-Chek Guide', id: 'accu-chek-guide' }
};

/** A normally distributed number, mean 0 and deviation about 1 (sum of uniforms). */
export function gauss(random: () => number): number {
	return (random() + random() + random() + random() - 2) * 1.73;
}

export function randomBaseline(random: () => number, age: number): Baseline {
	return {
		pulse: 68 + gauss(random) * 7,
		systolic: 118 + age * 0.25 + gauss(random) * 10,
		diastolic: 76 + gauss(random) * 6,
		spo2: 96 + gauss(random) * 0.8,
		temperature: 36.6 + gauss(random) * 0.2,
		respiratoryRate: 16 + gauss(random) * 1.2,
		glucose: 130 + gauss(random) * 25,
		weight: 72 + gauss(random) * 12,
		pain: Math.max(0, 2 + gauss(random) * 1.5)
	};
}

/** One value of `key` for a person with `baseline`, as the catalog would accept it (charted decimals, possible range). */
function valueOf(key: VitalSignKey, baseline: Baseline, random: () => number, deteriorated: boolean): number {
	const worse = deteriorated ? 1 : 0;
	const raw: Record<string, number> = {
		'heart-rate': baseline.pulse + gauss(random) * 6 + worse * DETERIORATION.pulse,
		systolic: baseline.systolic + gauss(random) * 9 + worse * DETERIORATION.systolic,
		diastolic: baseline.diastolic + gauss(random) * 5 + (worse * DETERIORATION.systolic) / 2,
		spo2: Math.min(100, baseline.spo2 + gauss(random) * 1 + worse * DETERIORATION.spo2),
		temperature: baseline.temperature + gauss(random) * 0.25 + worse * DETERIORATION.temperature,
		'respiratory-rate': baseline.respiratoryRate + gauss(random) * 1.5 + worse * DETERIORATION.respiratoryRate,
		glucose: baseline.glucose + gauss(random) * 30,
		weight: baseline.weight + gauss(random) * 0.6,
		pain: baseline.pain + gauss(random) * 1.2,
		gcs: deteriorated ? 13 + Math.floor(random() * 2) : 15
	};
	const vital = VITAL_SIGNS[key];
	const value = roundTo(raw[key] ?? vital.usual.min, vital.decimals);
	return Math.min(vital.possible.max, Math.max(vital.possible.min, value));
}

export interface VitalsInput {
	teamId: string;
	/** The nurse or the crew who measured. */
	by: string;
	/** Whose values: a patient (`patient:…`) or a mission's patient (`mission:…`); its key starts each id. */
	subjectId: string;
	visitId?: string;
	keys: readonly VitalSignKey[];
	baseline: Baseline;
	/** When the first value was taken; the next follow a minute or so apart. */
	atMs: number;
	deteriorated: boolean;
	random: () => number;
}

/** The values of one measurement round as one observation set, and a NEWS2 alarm with its acknowledgement where one is due. */
export function measurementRound(input: VitalsInput): YearEntry[] {
	const { teamId, by, subjectId, keys, baseline, random } = input;
	const subject = subjectId.startsWith('patient:') ? { patientId: subjectId } : { missionId: subjectId };
	const members: Record<string, unknown>[] = [];
	const values = new Map<VitalSignKey, { index: number; value: number }>();
	let at = input.atMs;
	let groupId: string | undefined;
	for (const key of keys) {
		const vital = VITAL_SIGNS[key];
		const value = valueOf(key, baseline, random, input.deteriorated);
		const check = checkVital(key, value);
		const isPressure = key === 'systolic' || key === 'diastolic';
		if (isPressure) groupId ??= `bp-${seededUlid(at, random).toLowerCase()}`;
		const byDevice = DEVICES[key] !== undefined && random() < 0.7;
		members.push({
			code: vital.loinc,
			value,
			unit: vital.unit,
			effectiveAt: iso(at),
			...(byDevice ? { device: DEVICES[key] } : {}),
			...(isPressure ? { groupId } : {}),
			...(check.ok && check.unusual ? { unusual: true } : {})
		});
		values.set(key, { index: members.length - 1, value });
		if (!isPressure) at += 40_000 + Math.floor(random() * 60_000);
	}
	const last = members[members.length - 1].effectiveAt as string;
	const setId = `observationSet:${subjectKeyOf(subjectId)}:${seededUlid(input.atMs, random)}`;
	const set: Doc = {
		_id: setId,
		type: 'observationSet',
		...created(by, Date.parse(last) + 15_000),
		...subject,
		...(input.visitId ? { visitId: input.visitId } : {}),
		effectiveAt: last,
		members
	};
	const ids = new Map([...values].map(([key, { index, value }]) => [key, { id: setMemberId(setId, index), value }]));
	return [single(teamId, by, set), ...news2Alarms(input, ids, at + 30_000)];
}

function news2Alarms(input: VitalsInput, values: Map<VitalSignKey, { id: string; value: number }>, atMs: number): YearEntry[] {
	const news2: News2Input = {
		pulse: values.get('heart-rate')?.value,
		systolic: values.get('systolic')?.value,
		spo2: values.get('spo2')?.value,
		respiratoryRate: values.get('respiratory-rate')?.value,
		temperatureC: values.get('temperature')?.value,
		...(values.has('gcs') ? { consciousness: values.get('gcs')!.value < 15 ? 'voice' : 'alert' } : {})
	};
	const result = news2Score(news2);
	const observationIds = ['respiratory-rate', 'spo2', 'systolic', 'heart-rate', 'temperature', 'gcs'].flatMap((key) => values.get(key as VitalSignKey)?.id ?? []);
	const subject = input.subjectId.startsWith('patient:') ? { patientId: input.subjectId } : { missionId: input.subjectId };
	const raised = buildNews2Alarm({ result, ...subject, observationIds, createdBy: input.by, deviceId: DEVICE_OF[input.by], now: new Date(atMs), id: seededUlid(atMs, input.random) });
	if (!raised.ok) return [];
	const alarm = raised.alarm as unknown as Doc;
	const ackMs = atMs + (ACKNOWLEDGE_MINUTES.min + input.random() * (ACKNOWLEDGE_MINUTES.max - ACKNOWLEDGE_MINUTES.min)) * 60_000;
	const { kind, patientId, missionId, severity, message, score, news2: scores } = raised.alarm;
	const acknowledgement: Doc = {
		_id: `alarm:${seededUlid(ackMs, input.random)}`,
		type: 'alarm',
		...created(DISPATCHER, ackMs),
		kind,
		...(patientId ? { patientId } : {}),
		...(missionId ? { missionId } : {}),
		severity,
		message,
		score,
		observationIds: [...observationIds],
		news2: scores,
		replaces: alarm._id,
		acknowledgedBy: DISPATCHER,
		acknowledgedAt: iso(ackMs)
	};
	return [single(input.teamId, input.by, alarm), single(input.teamId, DISPATCHER, acknowledgement)];
}
