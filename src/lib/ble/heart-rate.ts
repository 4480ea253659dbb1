// Heart Rate Measurement 0x2A37 (Heart Rate Service 1.0, GATT Specification Supplement 3.113).
import { ByteReader, gattError, gattOk, type GattResult } from './gatt-result.ts';

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
	if (flags & 0xe0) return gattError('reserved-flag', `Heart Rate Measurement: reserved flag bits set (0x${flags.toString(16)})`);
	const wide = (flags & 0x01) !== 0;
	if (!r.has(wide ? 2 : 1)) return gattError('short-buffer', 'Heart Rate Measurement: heart rate value missing');
	const bpm = wide ? r.uint16() : r.uint8();
	const contactSupported = (flags & 0x04) !== 0;
	const reading: HeartRateReading = { kind: 'heart-rate', bpm, rrIntervalsS: [] };
	if (contactSupported) reading.contactDetected = (flags & 0x02) !== 0;
	if (flags & 0x08) {
		if (!r.has(2)) return gattError('short-buffer', 'Heart Rate Measurement: energy expended missing');
		reading.energyExpendedKj = r.uint16();
	}
	if (flags & 0x10) {
		if (r.remaining() % 2 !== 0 || r.remaining() === 0) return gattError('short-buffer', 'Heart Rate Measurement: RR intervals must be whole uint16 values');
		while (r.has(2)) reading.rrIntervalsS.push(Number((r.uint16() / 1024).toFixed(4)));
	}
	if (bpm === 0) return gattError('invalid-value', 'Heart Rate Measurement: 0 bpm (no signal)');
	return gattOk(reading);
}

export function encodeHeartRateMeasurement(reading: { bpm: number; contactDetected?: boolean; energyExpendedKj?: number; rrIntervalsS?: number[] }): Uint8Array {
	const wide = reading.bpm > 255;
	let flags = wide ? 0x01 : 0;
	if (reading.contactDetected !== undefined) flags |= 0x04 | (reading.contactDetected ? 0x02 : 0);
	if (reading.energyExpendedKj !== undefined) flags |= 0x08;
	const rr = reading.rrIntervalsS ?? [];
	if (rr.length) flags |= 0x10;
	const bytes = [flags, ...(wide ? [reading.bpm & 0xff, reading.bpm >> 8] : [reading.bpm])];
	if (reading.energyExpendedKj !== undefined) bytes.push(reading.energyExpendedKj & 0xff, reading.energyExpendedKj >> 8);
	for (const s of rr) {
		const ticks = Math.round(s * 1024);
		bytes.push(ticks & 0xff, ticks >> 8);
	}
	return Uint8Array.from(bytes);
}
