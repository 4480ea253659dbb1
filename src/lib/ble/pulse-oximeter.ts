// PLX Spot-Check 0x2A5E and PLX Continuous 0x2A5F (Pulse Oximeter Service 1.0, GATT Specification Supplement 3.178/3.177).
import { DATE_TIME_BYTES, readDateTime } from './date-time.ts';
import { ByteReader, gattError, gattOk, type GattResult } from './gatt-result.ts';
import { decodeSfloat } from './ieee11073.ts';

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
	if (flags & 0xe0) return gattError('reserved-flag', `${name}: reserved flag bits set (0x${flags.toString(16)})`);
	const needed = 4 + (flags & 0x01 ? DATE_TIME_BYTES : 0) + (flags & 0x02 ? 2 : 0) + (flags & 0x04 ? 3 : 0) + (flags & 0x08 ? 2 : 0);
	if (!r.has(needed)) return gattError('short-buffer', `${name}: ${needed} bytes expected after the flags, ${r.remaining()} received`);
	const values = spo2AndPulse(r, name);
	if (!values.ok) return values;
	const reading: PulseOximeterReading = { kind: 'pulse-oximeter', mode: 'spot-check', ...values.reading };
	if (flags & 0x01) reading.timestamp = readDateTime(r);
	if (flags & 0x02) r.uint16(); // measurement status
	if (flags & 0x04) r.uint24(); // device and sensor status
	if (flags & 0x08) {
		const pai = decodeSfloat(r.uint16());
		if (pai.ok) reading.pulseAmplitudeIndex = pai.value;
	}
	if (flags & 0x10) reading.deviceClockNotSet = true;
	return gattOk(reading);
}

export function parsePlxContinuous(view: DataView): GattResult<PulseOximeterReading> {
	const name = 'PLX Continuous';
	const r = new ByteReader(view);
	if (!r.has(1)) return gattError('short-buffer', `${name}: no flags byte`);
	const flags = r.uint8();
	if (flags & 0xe0) return gattError('reserved-flag', `${name}: reserved flag bits set (0x${flags.toString(16)})`);
	const needed = 4 + (flags & 0x01 ? 4 : 0) + (flags & 0x02 ? 4 : 0) + (flags & 0x04 ? 2 : 0) + (flags & 0x08 ? 3 : 0) + (flags & 0x10 ? 2 : 0);
	if (!r.has(needed)) return gattError('short-buffer', `${name}: ${needed} bytes expected after the flags, ${r.remaining()} received`);
	// SpO2PR-Normal comes first and is what a nurse reads off the display; Fast/Slow are skipped.
	const values = spo2AndPulse(r, name);
	if (!values.ok) return values;
	const reading: PulseOximeterReading = { kind: 'pulse-oximeter', mode: 'continuous', ...values.reading };
	if (flags & 0x01) r.uint32();
	if (flags & 0x02) r.uint32();
	if (flags & 0x04) r.uint16();
	if (flags & 0x08) r.uint24();
	if (flags & 0x10) {
		const pai = decodeSfloat(r.uint16());
		if (pai.ok) reading.pulseAmplitudeIndex = pai.value;
	}
	return gattOk(reading);
}
