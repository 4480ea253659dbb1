// Glucose Measurement 0x2A18 and Record Access Control Point 0x2A52 (Glucose Service 1.0,
// GATT Specification Supplement 3.106 and 3.187).
import { GLUCOSE_MG_DL_PER_MMOL_L } from '../domain/index.ts';
import { ByteWriter } from './byte-writer.ts';
import { addMinutes, DATE_TIME_BYTES, encodeDateTime, readDateTime, type DateTimeInput } from './date-time.ts';
import { ByteReader, gattError, gattOk, type GattResult } from './gatt-result.ts';
import { decodeSfloat, floatOf } from './ieee11073.ts';

export const GLUCOSE_SAMPLE_TYPES = ['capillary-whole-blood', 'capillary-plasma', 'venous-whole-blood', 'venous-plasma', 'arterial-whole-blood', 'arterial-plasma', 'undetermined-whole-blood', 'undetermined-plasma', 'interstitial-fluid', 'control-solution'] as const;
export type GlucoseSampleType = (typeof GLUCOSE_SAMPLE_TYPES)[number];
/** Sample location (high nibble of the type/location byte); 15 is "not available". */
const GLUCOSE_LOCATION_CODES = { finger: 1, 'alternate-site': 2, earlobe: 3, 'control-solution': 4, 'not-available': 15 } as const;
export type GlucoseLocation = keyof typeof GLUCOSE_LOCATION_CODES;
export const GLUCOSE_LOCATIONS: Record<number, string> = Object.fromEntries(Object.entries(GLUCOSE_LOCATION_CODES).map(([name, code]) => [code, name]));
/** Flags byte; bits 5–7 are reserved. */
const FLAG = { timeOffset: 0x01, concentration: 0x02, molPerL: 0x04, sensorStatus: 0x08, contextFollows: 0x10, reserved: 0xe0 } as const;

export interface GlucoseReading {
	kind: 'glucose';
	/** Record number in the meter; records are de-duplicated by it. */
	sequence: number;
	/** Base time plus the time offset, device local time. */
	timestamp?: string;
	/** Always mg/dL; `unitSent` says what the meter sent. */
	mgPerDl?: number;
	unitSent?: 'kg/L' | 'mol/L';
	sampleType?: GlucoseSampleType;
	sampleLocation?: string;
}

/** 1 kg/L = 100,000 mg/dL; 1 mol/L = 1000 mmol/L (glucose: GLUCOSE_MG_DL_PER_MMOL_L mg/dL per mmol/L). */
const MG_PER_DL_PER_KG_PER_L = 100_000;
/** The same factors as powers of ten, for the encoder's exact decimal shift (95 mg/dL = 95·10^-5 kg/L). */
const KG_PER_L_EXPONENT_OF_MG_PER_DL = -5;
const MOL_PER_L_EXPONENT_OF_MMOL_PER_L = -3;

export function parseGlucoseMeasurement(view: DataView): GattResult<GlucoseReading> {
	const r = new ByteReader(view);
	if (!r.has(1)) return gattError('short-buffer', 'Glucose Measurement: no flags byte');
	const flags = r.uint8();
	if (flags & FLAG.reserved) return gattError('reserved-flag', `Glucose Measurement: reserved flag bits set (0x${flags.toString(16)})`);
	const needed = 2 + DATE_TIME_BYTES + (flags & FLAG.timeOffset ? 2 : 0) + (flags & FLAG.concentration ? 3 : 0) + (flags & FLAG.sensorStatus ? 2 : 0);
	if (!r.has(needed)) return gattError('short-buffer', `Glucose Measurement: ${needed} bytes expected after the flags, ${r.remaining()} received`);
	const reading: GlucoseReading = { kind: 'glucose', sequence: r.uint16() };
	const base = readDateTime(r);
	const offset = flags & FLAG.timeOffset ? r.int16() : 0;
	if (base) reading.timestamp = offset ? addMinutes(base, offset) : base;
	if (flags & FLAG.concentration) {
		const concentration = decodeSfloat(r.uint16());
		const typeAndLocation = r.uint8();
		if (!concentration.ok) return gattError('special-value', `Glucose Measurement: the meter sent ${concentration.special} instead of a concentration`);
		const molar = (flags & FLAG.molPerL) !== 0;
		reading.unitSent = molar ? 'mol/L' : 'kg/L';
		const mgPerDl = molar ? concentration.value * 1000 * GLUCOSE_MG_DL_PER_MMOL_L : concentration.value * MG_PER_DL_PER_KG_PER_L;
		reading.mgPerDl = Number(mgPerDl.toFixed(1));
		const type = typeAndLocation & 0x0f;
		if (type >= 1 && type <= GLUCOSE_SAMPLE_TYPES.length) reading.sampleType = GLUCOSE_SAMPLE_TYPES[type - 1];
		reading.sampleLocation = GLUCOSE_LOCATIONS[typeAndLocation >> 4];
	}
	if (flags & FLAG.sensorStatus) r.uint16(); // sensor status annunciation
	return gattOk(reading);
}

/**
 * One stored record as a meter sends it. A concentration is given in mg/dL (sent as kg/L) or mmol/L
 * (sent as mol/L) together with its sample type; the location defaults to "not available".
 */
export interface GlucoseMeasurementInput {
	sequence: number;
	baseTime: DateTimeInput;
	timeOffsetMin?: number;
	mgPerDl?: number;
	mmolPerL?: number;
	sampleType?: GlucoseSampleType;
	sampleLocation?: GlucoseLocation;
	sensorStatus?: number;
}

/** `value · 10^exponent` without binary rounding (95 and -5 give 0.00095, not 0.0009500000000000001). */
function shifted(value: number, exponent: number): number {
	const parts = floatOf(value); // the wider FLOAT limits: only the shifted value must fit the SFLOAT
	return Number(`${parts.mantissa}e${parts.exponent + exponent}`);
}

export function encodeGlucoseMeasurement(m: GlucoseMeasurementInput): Uint8Array {
	if (m.mgPerDl !== undefined && m.mmolPerL !== undefined) throw new RangeError('Glucose Measurement: give mgPerDl or mmolPerL, not both');
	const concentration = m.mmolPerL !== undefined ? shifted(m.mmolPerL, MOL_PER_L_EXPONENT_OF_MMOL_PER_L) : m.mgPerDl !== undefined ? shifted(m.mgPerDl, KG_PER_L_EXPONENT_OF_MG_PER_DL) : undefined;
	if (concentration !== undefined && m.sampleType === undefined) throw new RangeError('Glucose Measurement: a concentration needs its sample type');
	const flags =
		(m.timeOffsetMin !== undefined ? FLAG.timeOffset : 0) |
		(concentration !== undefined ? FLAG.concentration : 0) |
		(m.mmolPerL !== undefined ? FLAG.molPerL : 0) |
		(m.sensorStatus !== undefined ? FLAG.sensorStatus : 0);
	const w = new ByteWriter().uint8(flags).uint16(m.sequence).bytes(encodeDateTime(m.baseTime));
	if (m.timeOffsetMin !== undefined) w.int16(m.timeOffsetMin);
	if (concentration !== undefined && m.sampleType !== undefined) {
		const location = GLUCOSE_LOCATION_CODES[m.sampleLocation ?? 'not-available'];
		w.sfloat(concentration).uint8((location << 4) | (GLUCOSE_SAMPLE_TYPES.indexOf(m.sampleType) + 1));
	}
	if (m.sensorStatus !== undefined) w.uint16(m.sensorStatus);
	return w.toBytes();
}

// Record Access Control Point: what the app writes, and what the meter answers.
export const RACP_REPORT_ALL = Uint8Array.from([0x01, 0x01]);
export const RACP_REPORT_COUNT = Uint8Array.from([0x04, 0x01]);
export function racpReportFrom(sequence: number): Uint8Array {
	return Uint8Array.from([0x01, 0x03, 0x01, sequence & 0xff, (sequence >> 8) & 0xff]);
}

export type RacpStatus = 'success' | 'no-records' | 'not-supported' | 'invalid-operand' | 'aborted' | 'failed';
export type RacpResponse = { kind: 'done'; request: number; status: RacpStatus } | { kind: 'count'; count: number };

const RACP_OPCODE = { count: 0x05, done: 0x06 } as const;
/** Operator of every response: null. */
const RACP_OPERATOR_NULL = 0x00;
const RACP_STATUS: Record<number, RacpStatus> = {
	1: 'success',
	2: 'not-supported',
	3: 'not-supported',
	4: 'not-supported',
	5: 'invalid-operand',
	6: 'no-records',
	7: 'aborted',
	8: 'failed',
	9: 'failed'
};
/** The code a meter sends for each status: op code not supported (2) and procedure not completed (9) stand for their groups. */
const RACP_STATUS_CODE: Record<RacpStatus, number> = { success: 1, 'not-supported': 2, 'invalid-operand': 5, 'no-records': 6, aborted: 7, failed: 9 };

export function parseRacpResponse(view: DataView): GattResult<RacpResponse> {
	const r = new ByteReader(view);
	if (!r.has(2)) return gattError('short-buffer', 'RACP: response shorter than 2 bytes');
	const opcode = r.uint8();
	r.uint8(); // operator: 0x00 (null) in responses
	if (opcode === RACP_OPCODE.count) {
		if (!r.has(2)) return gattError('short-buffer', 'RACP: record count missing');
		return gattOk({ kind: 'count', count: r.uint16() });
	}
	if (opcode === RACP_OPCODE.done) {
		if (!r.has(2)) return gattError('short-buffer', 'RACP: response code missing');
		const request = r.uint8();
		const status = RACP_STATUS[r.uint8()];
		if (!status) return gattError('invalid-value', 'RACP: unknown response code');
		return gattOk({ kind: 'done', request, status });
	}
	return gattError('invalid-value', `RACP: unexpected op code 0x${opcode.toString(16)}`);
}

/** A meter's answer: `06 00 <request> <code>` when a request is done, `05 00 <count uint16>` for a record count. */
export function encodeRacpResponse(response: RacpResponse): Uint8Array {
	if (response.kind === 'count') return new ByteWriter().uint8(RACP_OPCODE.count).uint8(RACP_OPERATOR_NULL).uint16(response.count).toBytes();
	return new ByteWriter().uint8(RACP_OPCODE.done).uint8(RACP_OPERATOR_NULL).uint8(response.request).uint8(RACP_STATUS_CODE[response.status]).toBytes();
}
