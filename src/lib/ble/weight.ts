// Weight Measurement 0x2A9D (Weight Scale Service 1.0, GATT Specification Supplement 3.247).
import { CM_PER_INCH, KG_PER_LB } from '../domain/index.ts';
import { ByteWriter } from './byte-writer.ts';
import { DATE_TIME_BYTES, encodeDateTime, readDateTime, type DateTimeInput } from './date-time.ts';
import { ByteReader, gattError, gattOk, type GattResult } from './gatt-result.ts';

/** Resolutions of the uint16 fields: weight 5 g or 0.01 lb, BMI 0.1, height 1 mm or 0.1 in. */
const KG_RESOLUTION = 0.005;
const LB_RESOLUTION = 0.01;
const BMI_RESOLUTION = 0.1;
const HEIGHT_CM_RESOLUTION = 0.1;
const HEIGHT_IN_RESOLUTION = 0.1;
/** A weight of 0xFFFF means "measurement unsuccessful". */
const WEIGHT_UNSUCCESSFUL = 0xffff;
/** Flags byte; bits 4–7 are reserved. */
const FLAG = { imperial: 0x01, timestamp: 0x02, userId: 0x04, bmiAndHeight: 0x08, reserved: 0xf0 } as const;

export interface WeightReading {
	kind: 'weight';
	/** Always kg; `unitSent` says what the scale sent. */
	kg: number;
	unitSent: 'kg' | '[lb_av]';
	timestamp?: string;
	userId?: number;
	bmi?: number;
	heightCm?: number;
}

export function parseWeightMeasurement(view: DataView): GattResult<WeightReading> {
	const r = new ByteReader(view);
	if (!r.has(1)) return gattError('short-buffer', 'Weight Measurement: no flags byte');
	const flags = r.uint8();
	if (flags & FLAG.reserved) return gattError('reserved-flag', `Weight Measurement: reserved flag bits set (0x${flags.toString(16)})`);
	const needed = 2 + (flags & FLAG.timestamp ? DATE_TIME_BYTES : 0) + (flags & FLAG.userId ? 1 : 0) + (flags & FLAG.bmiAndHeight ? 4 : 0);
	if (!r.has(needed)) return gattError('short-buffer', `Weight Measurement: ${needed} bytes expected after the flags, ${r.remaining()} received`);
	const raw = r.uint16();
	if (raw === WEIGHT_UNSUCCESSFUL) return gattError('invalid-value', 'Weight Measurement: the scale reports the measurement as unsuccessful');
	const imperial = (flags & FLAG.imperial) !== 0;
	const reading: WeightReading = {
		kind: 'weight',
		kg: imperial ? Number((raw * LB_RESOLUTION * KG_PER_LB).toFixed(2)) : Number((raw * KG_RESOLUTION).toFixed(3)),
		unitSent: imperial ? '[lb_av]' : 'kg'
	};
	if (flags & FLAG.timestamp) reading.timestamp = readDateTime(r);
	if (flags & FLAG.userId) reading.userId = r.uint8();
	if (flags & FLAG.bmiAndHeight) {
		reading.bmi = Number((r.uint16() * BMI_RESOLUTION).toFixed(1));
		const height = r.uint16();
		reading.heightCm = imperial ? Number((height * HEIGHT_IN_RESOLUTION * CM_PER_INCH).toFixed(1)) : Number((height * HEIGHT_CM_RESOLUTION).toFixed(1));
	}
	return gattOk(reading);
}

/**
 * What a scale weighed, in the unit it sends: `kg` (with `heightCm`) or `lb` (with `heightIn`). Values
 * are rounded to the field's resolution, as the scale's own display does; BMI and height go together.
 */
export type WeightMeasurementInput = ({ kg: number; heightCm?: number; lb?: undefined; heightIn?: undefined } | { lb: number; heightIn?: number; kg?: undefined; heightCm?: undefined }) & {
	timestamp?: DateTimeInput;
	userId?: number;
	bmi?: number;
};

/** `value` in whole steps of `resolution`, the field's raw integer. */
function steps(value: number, resolution: number): number {
	return Math.round(value / resolution);
}

export function encodeWeightMeasurement(m: WeightMeasurementInput): Uint8Array {
	const imperial = m.lb !== undefined;
	const height = imperial ? m.heightIn : m.heightCm;
	if ((m.bmi === undefined) !== (height === undefined)) throw new RangeError('Weight Measurement: BMI and height are sent together');
	const weight = m.lb !== undefined ? steps(m.lb, LB_RESOLUTION) : steps(m.kg, KG_RESOLUTION);
	if (weight === WEIGHT_UNSUCCESSFUL) throw new RangeError('Weight Measurement: 0xFFFF means "unsuccessful", not a weight');
	const flags = (imperial ? FLAG.imperial : 0) | (m.timestamp !== undefined ? FLAG.timestamp : 0) | (m.userId !== undefined ? FLAG.userId : 0) | (m.bmi !== undefined ? FLAG.bmiAndHeight : 0);
	const w = new ByteWriter().uint8(flags).uint16(weight);
	if (m.timestamp !== undefined) w.bytes(encodeDateTime(m.timestamp));
	if (m.userId !== undefined) w.uint8(m.userId);
	if (m.bmi !== undefined && height !== undefined) w.uint16(steps(m.bmi, BMI_RESOLUTION)).uint16(steps(height, imperial ? HEIGHT_IN_RESOLUTION : HEIGHT_CM_RESOLUTION));
	return w.toBytes();
}
