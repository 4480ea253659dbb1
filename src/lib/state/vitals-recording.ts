// Recording vital signs: checked values → append-only observations → NEWS2 → an alarm for the
// dispatcher when the score calls for one. Device readings and manual entry take the same path.
import { measuredAt, vitalsOfReading, type VitalValue } from '../ble/index.ts';
import { alarmsOf, newKey, observationSeries, saveAlarm, saveObservations, SaveError, type ObservationInput } from '../db/index.ts';
import {
	buildNews2Alarm,
	checkBloodPressure,
	checkVital,
	latestNews2Inputs,
	news2Score,
	VITAL_SIGNS,
	type Alarm,
	type HandEnteredNews2,
	type News2Result,
	type Observation,
	type VitalRefusal,
	type VitalSignKey
} from '../domain/index.ts';
import type { MessageKey } from '../i18n/index.ts';
import type { PendingReading } from './devices.svelte.ts';
import { session } from './session.svelte.ts';

/** NEWS2 uses the latest value of each parameter from this window. */
const NEWS2_WINDOW_MIN = 60;
/** A new alarm for the same patient within this time only when the score got worse. */
const ALARM_REPEAT_MIN = 60;

/** Whose vitals: a patient (during a visit), or the patient of a rescue mission. */
export interface RecordingContext {
	database: string;
	patientId?: string;
	visitId?: string;
	missionId?: string;
	/** Consciousness, oxygen and SpO2 scale: entered by hand for NEWS2. */
	news2Manual: HandEnteredNews2;
}

export interface RefusedValue {
	key: VitalSignKey;
	reason: VitalRefusal;
	limit?: number;
	unit?: string;
}

export type RecordResult =
	/** `news2` is missing when scoring or storing the alarm failed after the values were saved (`alarmError` says why). */
	| { ok: true; saved: Observation[]; news2?: News2Result; alarm?: Alarm; alarmError?: string }
	| { ok: false; message: MessageKey; refused: RefusedValue[]; detail?: string };

interface Source {
	at: Date;
	device?: { name: string; id: string };
	rawHex?: string;
}

/** Checks every value; one impossible value refuses the whole measurement. */
function check(values: VitalValue[]): { refused: RefusedValue[]; unusual: Set<VitalSignKey> } {
	const refused: RefusedValue[] = [];
	const unusual = new Set<VitalSignKey>();
	for (const { key, value } of values) {
		const result = checkVital(key, value);
		if (!result.ok) refused.push({ key, reason: result.reason, limit: result.limit, unit: result.unit });
		else if (result.unusual) unusual.add(key);
	}
	const systolic = values.find((v) => v.key === 'systolic');
	const diastolic = values.find((v) => v.key === 'diastolic');
	if (systolic && diastolic && refused.length === 0) {
		const meanArterial = values.find((v) => v.key === 'mean-arterial')?.value;
		const pair = checkBloodPressure({ systolic: systolic.value, diastolic: diastolic.value, meanArterial });
		if (!pair.ok) refused.push({ key: pair.field, reason: pair.reason, limit: pair.limit, unit: pair.unit });
	}
	return { refused, unusual };
}

export async function recordValues(context: RecordingContext, values: VitalValue[], source: Source): Promise<RecordResult> {
	if (values.length === 0) return { ok: false, message: 'vitals.noneSaved', refused: [] };
	const { refused, unusual } = check(values);
	if (refused.length) return { ok: false, message: 'form.invalid', refused };
	const dbs = session.databases;
	if (!dbs) return { ok: false, message: 'login.expired', refused: [] };
	const db = dbs.get(context.database);
	const groupId = values.length > 1 ? newKey(source.at) : undefined;
	const inputs: ObservationInput[] = values.map(({ key, value, sourceUnit }) => {
		const sign = VITAL_SIGNS[key];
		const input: ObservationInput = { code: sign.loinc, value, unit: sign.unit, effectiveAt: source.at.toISOString() };
		if (context.patientId) input.patientId = context.patientId;
		if (context.visitId) input.visitId = context.visitId;
		if (context.missionId) input.missionId = context.missionId;
		if (source.device) input.device = source.device;
		if (source.rawHex) input.rawHex = source.rawHex;
		if (groupId) input.groupId = groupId;
		if (sourceUnit) input.sourceUnit = sourceUnit;
		if (unusual.has(key)) input.unusual = true;
		return input;
	});
	let saved: Observation[];
	try {
		saved = await saveObservations(db, inputs, session.author());
	} catch (err) {
		if (!(err instanceof SaveError)) return { ok: false, message: 'form.saveFailed', refused: [], detail: String(err) };
		return { ok: false, message: err.failure === 'quota' ? 'form.quotaExceeded' : err.failure === 'invalid' ? 'form.invalid' : 'form.saveFailed', refused: [], detail: err.message };
	}
	// The values are saved whatever happens next: a failed alarm must not invite saving them twice.
	try {
		const { news2, alarm } = await evaluateNews2(context);
		return { ok: true, saved, news2, alarm };
	} catch (err) {
		return { ok: true, saved, alarmError: err instanceof Error ? err.message : String(err) };
	}
}

/** A confirmed device reading: its values, its own time if the device sent one, its raw bytes. */
export function recordReading(context: RecordingContext, pending: PendingReading): Promise<RecordResult> {
	return recordValues(context, vitalsOfReading(pending.reading), {
		at: measuredAt(pending.reading) ?? pending.receivedAt,
		device: { name: pending.deviceName, id: pending.deviceId },
		rawHex: pending.rawHex
	});
}

/** Evaluations running per subject: two at once (the save's and the page's) would both find no alarm and both raise one. */
const evaluating = new Map<string, Promise<unknown>>();

/** NEWS2 over the latest values; creates an alarm when the score calls for one and none was raised for it yet. One at a time per subject. */
export function evaluateNews2(context: RecordingContext): Promise<{ news2: News2Result; alarm?: Alarm }> {
	const key = `${context.database}|${context.patientId ?? context.missionId}`;
	const run = (evaluating.get(key) ?? Promise.resolve()).then(
		() => evaluateNews2Now(context),
		() => evaluateNews2Now(context)
	);
	evaluating.set(key, run);
	const forget = () => {
		if (evaluating.get(key) === run) evaluating.delete(key);
	};
	run.then(forget, forget);
	return run;
}

async function evaluateNews2Now(context: RecordingContext): Promise<{ news2: News2Result; alarm?: Alarm }> {
	const dbs = session.databases;
	if (!dbs) throw new SaveError('unknown', 'not signed in');
	const db = dbs.get(context.database);
	const now = new Date();
	const subjectId = context.patientId ?? context.missionId;
	if (!subjectId) throw new SaveError('invalid', 'no patient or mission');
	const observations = await observationSeries(db, subjectId);
	const { input, observationIds } = latestNews2Inputs(observations, now, NEWS2_WINDOW_MIN, context.news2Manual);
	const news2 = news2Score(input);
	if (!news2.alarmNeeded) return { news2 };
	const since = new Date(now.getTime() - ALARM_REPEAT_MIN * 60_000);
	const sameSubject = (a: Alarm) => (context.patientId ? a.patientId === context.patientId : a.missionId === context.missionId);
	const recent = (await alarmsOf(db, since)).filter((a) => a.kind === 'news2' && sameSubject(a));
	if (recent.some((a) => (a.score ?? 0) >= news2.total)) return { news2 };
	const me = session.author();
	const built = buildNews2Alarm({
		result: news2,
		patientId: context.patientId,
		missionId: context.missionId,
		observationIds,
		createdBy: me.username,
		deviceId: me.deviceId,
		now,
		id: newKey(now)
	});
	if (!built.ok) return { news2 };
	return { news2, alarm: await saveAlarm(db, built.alarm) };
}
