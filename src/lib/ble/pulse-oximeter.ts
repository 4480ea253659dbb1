// PLX Spot-Check 0x2A5E and PLX Continuous 0x2A5F (Pulse Oximeter Service 1.0, GATT Specification Supplement 3.178/3.177).
import { ByteWriter } from './byte-writer.ts';
import { DATE_TIME_BYTES, encodeDateTime, readDateTime, type DateTimeInput } from './date-time.ts';
import { ByteReader, gattError, gattOk, type GattResult } from './gatt-result.ts';
import { decodeSfloat } from './ieee11073.ts';

/** Flags of PLX Spot-Check; bits 5–7 are reserved. */
const SPOT_CHECK_FLAG = { timestamp: 0x01, measurementStatus: 0x02, deviceAndSensorStatus: 0x04, pulseAmplitudeIndex: 0x08, deviceClockNotSet: 0x10, reserved: 0xe0 } as const;
/** Flags of PLX Continuous; bits 5–7 are reserved. */
const CONTINUOUS_FLAG = { fast: 0x01, slow: 0x02, measurementStatus: 0x04, deviceAndSensorStatus: 0x08, pulseAmplitudeIndex: 0x10, reserved: 0xe0 } as const;

export interface PulseOximeterReading {
	kind: 'pulse-oximeter';
	mode: 'spot-check' | 'continuous';
	spo2: number;
	pulseBpm: number;
	timestamp?: string;
	pulseAmplitudeIndex?: number;
	deviceClockNotSet?: boolean;
}

function spo2AndPulse(r: ByteReader, name: string): GattResult<{ spo2: number; pulseBpm: number }> {
	const spo2 = decodeSfloat(r.uint16());
	const pulse = decodeSfloat(r.uint16());
	if (!spo2.ok || !pulse.ok) return gattError('special-value', `${name}: the oximeter sent ${!spo2.ok ? spo2.special : (pulse as { special: string }).special} (no reading yet?)`);
	return gattOk({ spo2: spo2.value, pulseBpm: pulse.value });
}

export function parsePlxSpotCheck(view: DataView): GattResult<PulseOximeterReading> {
	const name = 'PLX Spot-Check';
	const r = new ByteReader(view);
	if (!r.has(1)) return gattError('short-buffer', `${name}: no flags byte`);
	const flags = r.uint8();
	const F = SPOT_CHECK_FLAG;
	if (flags & F.reserved) return gattError('reserved-flag', `${name}: reserved flag bits set (0x${flags.toString(16)})`);
	const needed = 4 + (flags & F.timestamp ? DATE_TIME_BYTES : 0) + (flags & F.measurementStatus ? 2 : 0) + (flags & F.deviceAndSensorStatus ? 3 : 0) + (flags & F.pulseAmplitudeIndex ? 2 : 0);
	if (!r.has(needed)) return gattError('short-buffer', `${name}: ${needed} bytes expected after the flags, ${r.remaining()} received`);
	const values = spo2AndPulse(r, name);
	if (!values.ok) return values;
	const reading: PulseOximeterReading = { kind: 'pulse-oximeter', mode: 'spot-check', ...values.reading };
	if (flags & F.timestamp) reading.timestamp = readDateTime(r);
	if (flags & F.measurementStatus) r.uint16();
	if (flags & F.deviceAndSensorStatus) r.uint24();
	if (flags & F.pulseAmplitudeIndex) {
		const pai = decodeSfloat(r.uint16());
		if (pai.ok) reading.pulseAmplitudeIndex = pai.value;
	}
	if (flags & F.deviceClockNotSet) reading.deviceClockNotSet = true;
	return gattOk(reading);
}

export function parsePlxContinuous(view: DataView): GattResult<PulseOximeterReading> {
	const name = 'PLX Continuous';
	const r = new ByteReader(view);
	if (!r.has(1)) return gattError('short-buffer', `${name}: no flags byte`);
	const flags = r.uint8();
	const F = CONTINUOUS_FLAG;
	if (flags & F.reserved) return gattError('reserved-flag', `${name}: reserved flag bits set (0x${flags.toString(16)})`);
	const needed = 4 + (flags & F.fast ? 4 : 0) + (flags & F.slow ? 4 : 0) + (flags & F.measurementStatus ? 2 : 0) + (flags & F.deviceAndSensorStatus ? 3 : 0) + (flags & F.pulseAmplitudeIndex ? 2 : 0);
	if (!r.has(needed)) return gattError('short-buffer', `${name}: ${needed} bytes expected after the flags, ${r.remaining()} received`);
	// SpO2PR-Normal comes first and is what a nurse reads off the display; Fast/Slow are skipped.
	const values = spo2AndPulse(r, name);
	if (!values.ok) return values;
	const reading: PulseOximeterReading = { kind: 'pulse-oximeter', mode: 'continuous', ...values.reading };
	if (flags & F.fast) r.uint32();
	if (flags & F.slow) r.uint32();
	if (flags & F.measurementStatus) r.uint16();
	if (flags & F.deviceAndSensorStatus) r.uint24();
	if (flags & F.pulseAmplitudeIndex) {
		const pai = decodeSfloat(r.uint16());
		if (pai.ok) reading.pulseAmplitudeIndex = pai.value;
	}
	return gattOk(reading);
}

/** SpO2 (%) and pulse rate (/min) as an oximeter sends them; status fields are raw bits (the parser skips them). */
interface PlxCommonInput {
	spo2: number;
	pulseBpm: number;
	measurementStatus?: number;
	deviceAndSensorStatus?: number;
	pulseAmplitudeIndex?: number;
}

export interface PlxSpotCheckInput extends PlxCommonInput {
	timestamp?: DateTimeInput;
	deviceClockNotSet?: boolean;
}

export function encodePlxSpotCheck(m: PlxSpotCheckInput): Uint8Array {
	const F = SPOT_CHECK_FLAG;
	const flags =
		(m.timestamp !== undefined ? F.timestamp : 0) |
		(m.measurementStatus !== undefined ? F.measurementStatus : 0) |
		(m.deviceAndSensorStatus !== undefined ? F.deviceAndSensorStatus : 0) |
		(m.pulseAmplitudeIndex !== undefined ? F.pulseAmplitudeIndex : 0) |
		(m.deviceClockNotSet ? F.deviceClockNotSet : 0);
	const w = new ByteWriter().uint8(flags).sfloat(m.spo2).sfloat(m.pulseBpm);
	if (m.timestamp !== undefined) w.bytes(encodeDateTime(m.timestamp));
	if (m.measurementStatus !== undefined) w.uint16(m.measurementStatus);
	if (m.deviceAndSensorStatus !== undefined) w.uint24(m.deviceAndSensorStatus);
	if (m.pulseAmplitudeIndex !== undefined) w.sfloat(m.pulseAmplitudeIndex);
	return w.toBytes();
}

/** SpO2PR-Normal, plus the Fast and Slow averages a monitor may add. */
export interface PlxContinuousInput extends PlxCommonInput {
	fast?: { spo2: number; pulseBpm: number };
	slow?: { spo2: number; pulseBpm: number };
}

export function encodePlxContinuous(m: PlxContinuousInput): Uint8Array {
	const F = CONTINUOUS_FLAG;
	const flags =
		(m.fast !== undefined ? F.fast : 0) |
		(m.slow !== undefined ? F.slow : 0) |
		(m.measurementStatus !== undefined ? F.measurementStatus : 0) |
		(m.deviceAndSensorStatus !== undefined ? F.deviceAndSensorStatus : 0) |
		(m.pulseAmplitudeIndex !== undefined ? F.pulseAmplitudeIndex : 0);
	const w = new ByteWriter().uint8(flags).sfloat(m.spo2).sfloat(m.pulseBpm);
	if (m.fast !== undefined) w.sfloat(m.fast.spo2).sfloat(m.fast.pulseBpm);
	if (m.slow !== undefined) w.sfloat(m.slow.spo2).sfloat(m.slow.pulseBpm);
	if (m.measurementStatus !== undefined) w.uint16(m.measurementStatus);
	if (m.deviceAndSensorStatus !== undefined) w.uint24(m.deviceAndSensorStatus);
	if (m.pulseAmplitudeIndex !== undefined) w.sfloat(m.pulseAmplitudeIndex);
	return w.toBytes();
}
