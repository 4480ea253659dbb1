// Weight Measurement 0x2A9D (Weight Scale Service 1.0, GATT Specification Supplement 3.247).
import { DATE_TIME_BYTES, readDateTime } from './date-time.ts';
import { ByteReader, gattError, gattOk, type GattResult } from './gatt-result.ts';

const KG_PER_LB = 0.45359237;
const M_PER_IN = 0.0254;

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
	if (flags & 0xf0) return gattError('reserved-flag', `Weight Measurement: reserved flag bits set (0x${flags.toString(16)})`);
	const needed = 2 + (flags & 0x02 ? DATE_TIME_BYTES : 0) + (flags & 0x04 ? 1 : 0) + (flags & 0x08 ? 4 : 0);
	if (!r.has(needed)) return gattError('short-buffer', `Weight Measurement: ${needed} bytes expected after the flags, ${r.remaining()} received`);
	const raw = r.uint16();
	if (raw === 0xffff) return gattError('invalid-value', 'Weight Measurement: the scale reports the measurement as unsuccessful');
	const imperial = (flags & 0x01) !== 0;
	const reading: WeightReading = {
		kind: 'weight',
		kg: imperial ? Number((raw * 0.01 * KG_PER_LB).toFixed(2)) : Number((raw * 0.005).toFixed(3)),
		unitSent: imperial ? '[lb_av]' : 'kg'
	};
	if (flags & 0x02) reading.timestamp = readDateTime(r);
	if (flags & 0x04) reading.userId = r.uint8();
	if (flags & 0x08) {
		reading.bmi = Number((r.uint16() * 0.1).toFixed(1));
		const height = r.uint16();
		reading.heightCm = imperial ? Number((height * 0.1 * M_PER_IN * 100).toFixed(1)) : Number((height * 0.1).toFixed(1));
	}
	return gattOk(reading);
}
