// Glucose Measurement 0x2A18 and Record Access Control Point 0x2A52 (Glucose Service 1.0,
// GATT Specification Supplement 3.106 and 3.187).
import { DATE_TIME_BYTES, readDateTime } from './date-time.ts';
import { ByteReader, gattError, gattOk, type GattResult } from './gatt-result.ts';
import { decodeSfloat } from './ieee11073.ts';

export const GLUCOSE_SAMPLE_TYPES = ['capillary-whole-blood', 'capillary-plasma', 'venous-whole-blood', 'venous-plasma', 'arterial-whole-blood', 'arterial-plasma', 'undetermined-whole-blood', 'undetermined-plasma', 'interstitial-fluid', 'control-solution'] as const;
export const GLUCOSE_LOCATIONS: Record<number, string> = { 1: 'finger', 2: 'alternate-site', 3: 'earlobe', 4: 'control-solution', 15: 'not-available' };

export interface GlucoseReading {
	kind: 'glucose';
	/** Record number in the meter; records are de-duplicated by it. */
	sequence: number;
	/** Base time plus the time offset, device local time. */
	timestamp?: string;
	/** Always mg/dL; `unitSent` says what the meter sent. */
	mgPerDl?: number;
	unitSent?: 'kg/L' | 'mol/L';
	sampleType?: (typeof GLUCOSE_SAMPLE_TYPES)[number];
	sampleLocation?: string;
}

/** 1 kg/L = 100,000 mg/dL; 1 mol/L = 1000 mmol/L, and glucose is 18.016 mg/dL per mmol/L. */
const MG_PER_DL_PER_KG_PER_L = 100_000;
export const MG_PER_DL_PER_MMOL_PER_L = 18.016;

function addMinutes(local: string, minutes: number): string {
	const date = new Date(`${local}Z`);
	date.setUTCMinutes(date.getUTCMinutes() + minutes);
	return date.toISOString().slice(0, 19);
}

export function parseGlucoseMeasurement(view: DataView): GattResult<GlucoseReading> {
	const r = new ByteReader(view);
	if (!r.has(1)) return gattError('short-buffer', 'Glucose Measurement: no flags byte');
	const flags = r.uint8();
	if (flags & 0xe0) return gattError('reserved-flag', `Glucose Measurement: reserved flag bits set (0x${flags.toString(16)})`);
	const needed = 2 + DATE_TIME_BYTES + (flags & 0x01 ? 2 : 0) + (flags & 0x02 ? 3 : 0) + (flags & 0x08 ? 2 : 0);
	if (!r.has(needed)) return gattError('short-buffer', `Glucose Measurement: ${needed} bytes expected after the flags, ${r.remaining()} received`);
	const reading: GlucoseReading = { kind: 'glucose', sequence: r.uint16() };
	const base = readDateTime(r);
	const offset = flags & 0x01 ? r.int16() : 0;
	if (base) reading.timestamp = offset ? addMinutes(base, offset) : base;
	if (flags & 0x02) {
		const concentration = decodeSfloat(r.uint16());
		const typeAndLocation = r.uint8();
		if (!concentration.ok) return gattError('special-value', `Glucose Measurement: the meter sent ${concentration.special} instead of a concentration`);
		const molar = (flags & 0x04) !== 0;
		reading.unitSent = molar ? 'mol/L' : 'kg/L';
		const mgPerDl = molar ? concentration.value * 1000 * MG_PER_DL_PER_MMOL_PER_L : concentration.value * MG_PER_DL_PER_KG_PER_L;
		reading.mgPerDl = Number(mgPerDl.toFixed(1));
		const type = typeAndLocation & 0x0f;
		if (type >= 1 && type <= GLUCOSE_SAMPLE_TYPES.length) reading.sampleType = GLUCOSE_SAMPLE_TYPES[type - 1];
		reading.sampleLocation = GLUCOSE_LOCATIONS[typeAndLocation >> 4];
	}
	if (flags & 0x08) r.uint16(); // sensor status annunciation
	return gattOk(reading);
}

// Record Access Control Point: what the app writes, and what the meter answers.
export const RACP_REPORT_ALL = Uint8Array.from([0x01, 0x01]);
export const RACP_REPORT_COUNT = Uint8Array.from([0x04, 0x01]);
export function racpReportFrom(sequence: number): Uint8Array {
	return Uint8Array.from([0x01, 0x03, 0x01, sequence & 0xff, (sequence >> 8) & 0xff]);
}

export type RacpResponse =
	| { kind: 'done'; request: number; status: 'success' | 'no-records' | 'not-supported' | 'invalid-operand' | 'aborted' | 'failed' }
	| { kind: 'count'; count: number };

const RACP_STATUS: Record<number, 'success' | 'not-supported' | 'invalid-operand' | 'no-records' | 'aborted' | 'failed'> = {
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

export function parseRacpResponse(view: DataView): GattResult<RacpResponse> {
	const r = new ByteReader(view);
	if (!r.has(2)) return gattError('short-buffer', 'RACP: response shorter than 2 bytes');
	const opcode = r.uint8();
	r.uint8(); // operator: 0x00 (null) in responses
	if (opcode === 0x05) {
		if (!r.has(2)) return gattError('short-buffer', 'RACP: record count missing');
		return gattOk({ kind: 'count', count: r.uint16() });
	}
	if (opcode === 0x06) {
		if (!r.has(2)) return gattError('short-buffer', 'RACP: response code missing');
		const request = r.uint8();
		const status = RACP_STATUS[r.uint8()];
		if (!status) return gattError('invalid-value', 'RACP: unknown response code');
		return gattOk({ kind: 'done', request, status });
	}
	return gattError('invalid-value', `RACP: unexpected op code 0x${opcode.toString(16)}`);
}
