// Blood Pressure Measurement 0x2A35 (Blood Pressure Service 1.1, GATT Specification Supplement 3.31).
import { DATE_TIME_BYTES, readDateTime } from './date-time.ts';
import { ByteReader, gattError, gattOk, type GattResult } from './gatt-result.ts';
import { decodeSfloat } from './ieee11073.ts';

const KPA_TO_MMHG = 7.50062;

export interface BloodPressureStatus {
	bodyMovement: boolean;
	cuffTooLoose: boolean;
	irregularPulse: boolean;
	/** 0 within range, 1 exceeds upper limit, 2 below lower limit. */
	pulseRange: 0 | 1 | 2 | 3;
	improperPosition: boolean;
}

export interface BloodPressureReading {
	kind: 'blood-pressure';
	/** Always mmHg; a kPa device is converted, `unitSent` says what it sent. */
	systolic: number;
	diastolic: number;
	meanArterial?: number;
	unitSent: 'mmHg' | 'kPa';
	timestamp?: string;
	pulseBpm?: number;
	userId?: number;
	status?: BloodPressureStatus;
}

function toMmHg(value: number, kpa: boolean): number {
	return kpa ? Math.round(value * KPA_TO_MMHG) : value;
}

export function parseBloodPressureMeasurement(view: DataView): GattResult<BloodPressureReading> {
	const r = new ByteReader(view);
	if (!r.has(1)) return gattError('short-buffer', 'Blood Pressure Measurement: no flags byte');
	const flags = r.uint8();
	if (flags & 0xe0) return gattError('reserved-flag', `Blood Pressure Measurement: reserved flag bits set (0x${flags.toString(16)})`);
	const kpa = (flags & 0x01) !== 0;
	const needed = 6 + (flags & 0x02 ? DATE_TIME_BYTES : 0) + (flags & 0x04 ? 2 : 0) + (flags & 0x08 ? 1 : 0) + (flags & 0x10 ? 2 : 0);
	if (!r.has(needed)) return gattError('short-buffer', `Blood Pressure Measurement: ${needed} bytes expected after the flags, ${r.remaining()} received`);
	const [systolic, diastolic, mean] = [decodeSfloat(r.uint16()), decodeSfloat(r.uint16()), decodeSfloat(r.uint16())];
	if (!systolic.ok || !diastolic.ok) {
		return gattError('special-value', `Blood Pressure Measurement: the cuff sent ${!systolic.ok ? systolic.special : (diastolic as { special: string }).special} instead of a pressure`);
	}
	const reading: BloodPressureReading = {
		kind: 'blood-pressure',
		systolic: toMmHg(systolic.value, kpa),
		diastolic: toMmHg(diastolic.value, kpa),
		unitSent: kpa ? 'kPa' : 'mmHg'
	};
	if (mean.ok) reading.meanArterial = toMmHg(mean.value, kpa);
	if (flags & 0x02) reading.timestamp = readDateTime(r);
	if (flags & 0x04) {
		const pulse = decodeSfloat(r.uint16());
		if (pulse.ok) reading.pulseBpm = pulse.value;
	}
	if (flags & 0x08) reading.userId = r.uint8();
	if (flags & 0x10) {
		const s = r.uint16();
		reading.status = {
			bodyMovement: (s & 0x01) !== 0,
			cuffTooLoose: (s & 0x02) !== 0,
			irregularPulse: (s & 0x04) !== 0,
			pulseRange: ((s >> 3) & 0x03) as 0 | 1 | 2 | 3,
			improperPosition: (s & 0x20) !== 0
		};
	}
	return gattOk(reading);
}
