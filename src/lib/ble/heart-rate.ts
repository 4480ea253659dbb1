// Heart Rate Measurement 0x2A37 (Heart Rate Service 1.0, GATT Specification Supplement 3.113).
import { ByteWriter } from './byte-writer.ts';
import { ByteReader, gattError, gattOk, type GattResult } from './gatt-result.ts';

/** Flags byte; bits 5–7 are reserved. */
const FLAG = { uint16: 0x01, contactDetected: 0x02, contactSupported: 0x04, energyExpended: 0x08, rrIntervals: 0x10, reserved: 0xe0 } as const;
/** RR intervals are sent in 1/1024 s. */
const RR_TICKS_PER_S = 1024;

export interface HeartRateReading {
	kind: 'heart-rate';
	bpm: number;
	/** undefined when the sensor cannot tell (contact feature not supported). */
	contactDetected?: boolean;
	energyExpendedKj?: number;
	/** Intervals between beats in seconds (sent as 1/1024 s). */
	rrIntervalsS: number[];
}

export function parseHeartRateMeasurement(view: DataView): GattResult<HeartRateReading> {
	const r = new ByteReader(view);
	if (!r.has(1)) return gattError('short-buffer', 'Heart Rate Measurement: no flags byte');
	const flags = r.uint8();
	if (flags & FLAG.reserved) return gattError('reserved-flag', `Heart Rate Measurement: reserved flag bits set (0x${flags.toString(16)})`);
	const wide = (flags & FLAG.uint16) !== 0;
	if (!r.has(wide ? 2 : 1)) return gattError('short-buffer', 'Heart Rate Measurement: heart rate value missing');
	const bpm = wide ? r.uint16() : r.uint8();
	const contactSupported = (flags & FLAG.contactSupported) !== 0;
	const reading: HeartRateReading = { kind: 'heart-rate', bpm, rrIntervalsS: [] };
	if (contactSupported) reading.contactDetected = (flags & FLAG.contactDetected) !== 0;
	if (flags & FLAG.energyExpended) {
		if (!r.has(2)) return gattError('short-buffer', 'Heart Rate Measurement: energy expended missing');
		reading.energyExpendedKj = r.uint16();
	}
	if (flags & FLAG.rrIntervals) {
		if (r.remaining() % 2 !== 0 || r.remaining() === 0) return gattError('short-buffer', 'Heart Rate Measurement: RR intervals must be whole uint16 values');
		while (r.has(2)) reading.rrIntervalsS.push(Number((r.uint16() / RR_TICKS_PER_S).toFixed(4)));
	}
	if (bpm === 0) return gattError('invalid-value', 'Heart Rate Measurement: 0 bpm (no signal)');
	return gattOk(reading);
}

/** As a strap sends it: bpm as uint8 while it fits (unless `bpmAsUint16`, as some straps always do), RR intervals rounded to 1/1024 s. */
export function encodeHeartRateMeasurement(reading: { bpm: number; bpmAsUint16?: boolean; contactDetected?: boolean; energyExpendedKj?: number; rrIntervalsS?: number[] }): Uint8Array {
	const wide = reading.bpm > 0xff || reading.bpmAsUint16 === true;
	const rr = reading.rrIntervalsS ?? [];
	const flags =
		(wide ? FLAG.uint16 : 0) |
		(reading.contactDetected !== undefined ? FLAG.contactSupported | (reading.contactDetected ? FLAG.contactDetected : 0) : 0) |
		(reading.energyExpendedKj !== undefined ? FLAG.energyExpended : 0) |
		(rr.length ? FLAG.rrIntervals : 0);
	const w = new ByteWriter().uint8(flags);
	if (wide) w.uint16(reading.bpm);
	else w.uint8(reading.bpm);
	if (reading.energyExpendedKj !== undefined) w.uint16(reading.energyExpendedKj);
	for (const s of rr) w.uint16(Math.round(s * RR_TICKS_PER_S));
	return w.toBytes();
}
