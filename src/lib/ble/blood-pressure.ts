// Blood Pressure Measurement 0x2A35 (Blood Pressure Service 1.1, GATT Specification Supplement 3.31).
import { MMHG_PER_KPA } from '../domain/index.ts';
import { ByteWriter } from './byte-writer.ts';
import { DATE_TIME_BYTES, encodeDateTime, readDateTime, type DateTimeInput } from './date-time.ts';
import { ByteReader, gattError, gattOk, type GattResult } from './gatt-result.ts';
import { decodeSfloat, SFLOAT_NAN } from './ieee11073.ts';

/** Flags byte; bits 5–7 are reserved. */
const FLAG = { kpa: 0x01, timestamp: 0x02, pulse: 0x04, userId: 0x08, status: 0x10, reserved: 0xe0 } as const;
/** Measurement Status bits; pulse range is the 2-bit field at bits 3–4. */
const STATUS = { bodyMovement: 0x01, cuffTooLoose: 0x02, irregularPulse: 0x04, pulseRangeShift: 3, improperPosition: 0x20 } as const;

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
	return kpa ? Math.round(value * MMHG_PER_KPA) : value;
}

export function parseBloodPressureMeasurement(view: DataView): GattResult<BloodPressureReading> {
	const r = new ByteReader(view);
	if (!r.has(1)) return gattError('short-buffer', 'Blood Pressure Measurement: no flags byte');
	const flags = r.uint8();
	if (flags & FLAG.reserved) return gattError('reserved-flag', `Blood Pressure Measurement: reserved flag bits set (0x${flags.toString(16)})`);
	const kpa = (flags & FLAG.kpa) !== 0;
	const needed = 6 + (flags & FLAG.timestamp ? DATE_TIME_BYTES : 0) + (flags & FLAG.pulse ? 2 : 0) + (flags & FLAG.userId ? 1 : 0) + (flags & FLAG.status ? 2 : 0);
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
	if (flags & FLAG.timestamp) reading.timestamp = readDateTime(r);
	if (flags & FLAG.pulse) {
		const pulse = decodeSfloat(r.uint16());
		if (pulse.ok) reading.pulseBpm = pulse.value;
	}
	if (flags & FLAG.userId) reading.userId = r.uint8();
	if (flags & FLAG.status) {
		const s = r.uint16();
		reading.status = {
			bodyMovement: (s & STATUS.bodyMovement) !== 0,
			cuffTooLoose: (s & STATUS.cuffTooLoose) !== 0,
			irregularPulse: (s & STATUS.irregularPulse) !== 0,
			pulseRange: ((s >> STATUS.pulseRangeShift) & 0x03) as 0 | 1 | 2 | 3,
			improperPosition: (s & STATUS.improperPosition) !== 0
		};
	}
	return gattOk(reading);
}

/** What a cuff measured, in the unit it sends (`unit`, mmHg unless given); a missing MAP is sent as NaN. */
export interface BloodPressureMeasurementInput {
	systolic: number;
	diastolic: number;
	meanArterial?: number;
	unit?: 'mmHg' | 'kPa';
	timestamp?: DateTimeInput;
	pulseBpm?: number;
	userId?: number;
	status?: BloodPressureStatus;
}

export function encodeBloodPressureMeasurement(m: BloodPressureMeasurementInput): Uint8Array {
	const flags =
		(m.unit === 'kPa' ? FLAG.kpa : 0) |
		(m.timestamp !== undefined ? FLAG.timestamp : 0) |
		(m.pulseBpm !== undefined ? FLAG.pulse : 0) |
		(m.userId !== undefined ? FLAG.userId : 0) |
		(m.status !== undefined ? FLAG.status : 0);
	const w = new ByteWriter().uint8(flags).sfloat(m.systolic).sfloat(m.diastolic);
	if (m.meanArterial === undefined) w.uint16(SFLOAT_NAN);
	else w.sfloat(m.meanArterial);
	if (m.timestamp !== undefined) w.bytes(encodeDateTime(m.timestamp));
	if (m.pulseBpm !== undefined) w.sfloat(m.pulseBpm);
	if (m.userId !== undefined) w.uint8(m.userId);
	if (m.status !== undefined) {
		const s = m.status;
		w.uint16(
			(s.bodyMovement ? STATUS.bodyMovement : 0) |
				(s.cuffTooLoose ? STATUS.cuffTooLoose : 0) |
				(s.irregularPulse ? STATUS.irregularPulse : 0) |
				(s.pulseRange << STATUS.pulseRangeShift) |
				(s.improperPosition ? STATUS.improperPosition : 0)
		);
	}
	return w.toBytes();
}
