// Every worked example of DOMAIN.md, byte for byte, plus the failures a field device produces.
import { describe, expect, it } from 'vitest';
import { encodeBloodPressureMeasurement, parseBloodPressureMeasurement } from './blood-pressure.ts';
import { parseCharacteristic } from './characteristics.ts';
import { encodeDateTime } from './date-time.ts';
import { encodeBatteryLevel, parseBatteryLevel, parseDeviceInfoString } from './device-info.ts';
import { fromHex, toHex } from './gatt-result.ts';
import { encodeGlucoseMeasurement, encodeRacpResponse, parseGlucoseMeasurement, parseRacpResponse, racpReportFrom } from './glucose.ts';
import { encodeHeartRateMeasurement, parseHeartRateMeasurement } from './heart-rate.ts';
import { decodeFloat, decodeSfloat, encodeFloat, encodeSfloat, floatOf, sfloatOf } from './ieee11073.ts';
import { encodePlxContinuous, encodePlxSpotCheck, parsePlxContinuous, parsePlxSpotCheck } from './pulse-oximeter.ts';
import { encodeTemperatureMeasurement, parseTemperatureMeasurement } from './temperature.ts';
import { encodeWeightMeasurement, parseWeightMeasurement } from './weight.ts';

const hex = (text: string) => fromHex(text)!;
/** Encoded bytes as the lower-case hex of a DOMAIN.md example without spaces. */
const bytes = (encoded: Uint8Array) => toHex(new DataView(encoded.buffer));
const plain = (text: string) => text.replace(/\s/g, '').toLowerCase();

describe('IEEE 11073 numbers', () => {
	it('SFLOAT 36.6 is 0xF16E; the special values are reported, never a number', () => {
		expect(decodeSfloat(0xf16e)).toEqual({ ok: true, value: 36.6 });
		expect(decodeSfloat(0x0078)).toEqual({ ok: true, value: 120 });
		expect(decodeSfloat(0x0fff)).toEqual({ ok: true, value: -1 });
		expect(decodeSfloat(0x07ff)).toEqual({ ok: false, special: 'NaN' });
		expect(decodeSfloat(0x0800)).toEqual({ ok: false, special: 'NRes' });
		expect(decodeSfloat(0x07fe)).toEqual({ ok: false, special: '+INF' });
		expect(decodeSfloat(0x0802)).toEqual({ ok: false, special: '-INF' });
		expect(decodeSfloat(0x0801)).toEqual({ ok: false, special: 'reserved' });
	});

	it('FLOAT 36.6 is 6E 01 00 FF; the special values are reported', () => {
		expect(decodeFloat(hex('6E0100FF').getUint32(0, true))).toEqual({ ok: true, value: 36.6 });
		expect(decodeFloat(0x007fffff)).toEqual({ ok: false, special: 'NaN' });
		expect(decodeFloat(0x00800000)).toEqual({ ok: false, special: 'NRes' });
		expect(decodeFloat(0x007ffffe)).toEqual({ ok: false, special: '+INF' });
		expect(decodeFloat(0x00800002)).toEqual({ ok: false, special: '-INF' });
	});
});

describe('Heart Rate Measurement 0x2A37', () => {
	it('10 48 00 04 → 72 bpm, RR 1.000 s', () => {
		expect(parseHeartRateMeasurement(hex('10 48 00 04'))).toEqual({ ok: true, reading: { kind: 'heart-rate', bpm: 72, rrIntervalsS: [1] } });
	});
	it('07 4B 00 → 75 bpm as uint16, contact detected', () => {
		expect(parseHeartRateMeasurement(hex('07 4B 00'))).toEqual({ ok: true, reading: { kind: 'heart-rate', bpm: 75, contactDetected: true, rrIntervalsS: [] } });
	});
	it('energy expended and several RR intervals', () => {
		const result = parseHeartRateMeasurement(hex('18 50 10 00 00 04 00 02'));
		expect(result).toEqual({ ok: true, reading: { kind: 'heart-rate', bpm: 80, energyExpendedKj: 16, rrIntervalsS: [1, 0.5] } });
	});
	it('refuses a truncated value, a reserved flag and half an RR interval', () => {
		expect(parseHeartRateMeasurement(hex('01 4B'))).toMatchObject({ ok: false, error: { code: 'short-buffer' } });
		expect(parseHeartRateMeasurement(hex(''))).toMatchObject({ ok: false, error: { code: 'short-buffer' } });
		expect(parseHeartRateMeasurement(hex('80 48'))).toMatchObject({ ok: false, error: { code: 'reserved-flag' } });
		expect(parseHeartRateMeasurement(hex('10 48 00'))).toMatchObject({ ok: false, error: { code: 'short-buffer' } });
	});
});

describe('Blood Pressure Measurement 0x2A35', () => {
	it('06 78 00 50 00 5D 00 EA 07 0B 18 09 1E 00 48 00 → 120/80 mmHg, MAP 93, 2026-11-24 09:30:00, pulse 72', () => {
		expect(parseBloodPressureMeasurement(hex('06 78 00 50 00 5D 00 EA 07 0B 18 09 1E 00 48 00'))).toEqual({
			ok: true,
			reading: { kind: 'blood-pressure', systolic: 120, diastolic: 80, meanArterial: 93, unitSent: 'mmHg', timestamp: '2026-11-24T09:30:00', pulseBpm: 72 }
		});
	});
	it('converts kPa to mmHg and reads the status bits', () => {
		// 16.0/10.7 kPa (SFLOAT 160e-1, 107e-1), MAP NaN, status: irregular pulse
		const result = parseBloodPressureMeasurement(hex('11 A0 F0 6B F0 FF 07 04 00'));
		expect(result).toMatchObject({ ok: true, reading: { systolic: 120, diastolic: 80, unitSent: 'kPa', status: { irregularPulse: true, bodyMovement: false } } });
		expect(result.ok && result.reading.meanArterial).toBeUndefined();
	});
	it('refuses a cuff that sends NaN and a message cut short', () => {
		expect(parseBloodPressureMeasurement(hex('00 FF 07 50 00 5D 00'))).toMatchObject({ ok: false, error: { code: 'special-value' } });
		expect(parseBloodPressureMeasurement(hex('06 78 00 50 00 5D 00 EA 07'))).toMatchObject({ ok: false, error: { code: 'short-buffer' } });
	});
});

describe('Temperature Measurement 0x2A1C', () => {
	it('00 6E 01 00 FF → 36.6 °C', () => {
		expect(parseTemperatureMeasurement(hex('00 6E 01 00 FF'))).toEqual({ ok: true, reading: { kind: 'temperature', celsius: 36.6, unitSent: 'Cel' } });
	});
	it('°F with time and site (ear) is converted to °C', () => {
		// 98.6 °F = 986e-1, 2026-11-24 08:00:00, type 3 (ear)
		expect(parseTemperatureMeasurement(hex('07 DA 03 00 FF EA 07 0B 18 08 00 00 03'))).toEqual({
			ok: true,
			reading: { kind: 'temperature', celsius: 37, unitSent: '[degF]', timestamp: '2026-11-24T08:00:00', site: 'ear' }
		});
	});
	it('refuses NaN and a short message', () => {
		expect(parseTemperatureMeasurement(hex('00 FF FF 7F 00'))).toMatchObject({ ok: false, error: { code: 'special-value' } });
		expect(parseTemperatureMeasurement(hex('00 6E 01'))).toMatchObject({ ok: false, error: { code: 'short-buffer' } });
	});
});

describe('Pulse oximeter 0x2A5E / 0x2A5F', () => {
	it('spot-check 00 61 00 48 00 → SpO2 97 %, pulse 72', () => {
		expect(parsePlxSpotCheck(hex('00 61 00 48 00'))).toEqual({ ok: true, reading: { kind: 'pulse-oximeter', mode: 'spot-check', spo2: 97, pulseBpm: 72 } });
	});
	it('continuous 00 62 00 4B 00 → 98 %, 75', () => {
		expect(parsePlxContinuous(hex('00 62 00 4B 00'))).toEqual({ ok: true, reading: { kind: 'pulse-oximeter', mode: 'continuous', spo2: 98, pulseBpm: 75 } });
	});
	it('skips optional fields in flag order and refuses "no reading yet"', () => {
		expect(parsePlxContinuous(hex('03 62 00 4B 00 61 00 4A 00 60 00 49 00'))).toMatchObject({ ok: true, reading: { spo2: 98, pulseBpm: 75 } });
		expect(parsePlxSpotCheck(hex('00 FF 07 FF 07'))).toMatchObject({ ok: false, error: { code: 'special-value' } });
		expect(parsePlxSpotCheck(hex('01 61 00 48 00 EA 07'))).toMatchObject({ ok: false, error: { code: 'short-buffer' } });
	});
});

describe('Glucose 0x2A18 and RACP 0x2A52', () => {
	it('02 01 00 EA 07 0B 18 07 0F 00 5F B0 11 → seq 1, 2026-11-24 07:15:00, 95 mg/dL, capillary whole blood, finger', () => {
		expect(parseGlucoseMeasurement(hex('02 01 00 EA 07 0B 18 07 0F 00 5F B0 11'))).toEqual({
			ok: true,
			reading: { kind: 'glucose', sequence: 1, timestamp: '2026-11-24T07:15:00', mgPerDl: 95, unitSent: 'kg/L', sampleType: 'capillary-whole-blood', sampleLocation: 'finger' }
		});
	});
	it('mol/L with a time offset', () => {
		// 5.3 mmol/L = 53e-4 mol/L → SFLOAT 0xC035; offset +30 min
		const result = parseGlucoseMeasurement(hex('07 02 00 EA 07 0B 18 07 0F 00 1E 00 35 C0 11'));
		expect(result).toMatchObject({ ok: true, reading: { sequence: 2, timestamp: '2026-11-24T07:45:00', unitSent: 'mol/L', mgPerDl: 95.5 } });
	});
	it('RACP: the commands and the answers', () => {
		expect(toHex(new DataView(racpReportFrom(0x0102).buffer))).toBe('0103010201');
		expect(parseRacpResponse(hex('06 00 01 01'))).toEqual({ ok: true, reading: { kind: 'done', request: 1, status: 'success' } });
		expect(parseRacpResponse(hex('06 00 01 06'))).toEqual({ ok: true, reading: { kind: 'done', request: 1, status: 'no-records' } });
		expect(parseRacpResponse(hex('05 00 2A 00'))).toEqual({ ok: true, reading: { kind: 'count', count: 42 } });
		expect(parseRacpResponse(hex('05 00'))).toMatchObject({ ok: false, error: { code: 'short-buffer' } });
	});
});

describe('Weight 0x2A9D, battery, device information', () => {
	it('00 A4 38 → 72.5 kg; FF FF means the measurement failed', () => {
		expect(parseWeightMeasurement(hex('00 A4 38'))).toEqual({ ok: true, reading: { kind: 'weight', kg: 72.5, unitSent: 'kg' } });
		expect(parseWeightMeasurement(hex('00 FF FF'))).toMatchObject({ ok: false, error: { code: 'invalid-value' } });
	});
	it('pounds with BMI and height', () => {
		// 160 lb = 16000 × 0.01; BMI 23.5; height 70.0 in
		expect(parseWeightMeasurement(hex('09 80 3E EB 00 BC 02'))).toEqual({ ok: true, reading: { kind: 'weight', kg: 72.57, unitSent: '[lb_av]', bmi: 23.5, heightCm: 177.8 } });
	});
	it('battery level and device strings', () => {
		expect(parseBatteryLevel(hex('55'))).toEqual({ ok: true, reading: { kind: 'battery', percent: 85 } });
		expect(parseBatteryLevel(hex('FF'))).toMatchObject({ ok: false, error: { code: 'invalid-value' } });
		expect(parseDeviceInfoString('model', new DataView(new TextEncoder().encode('BM 54\0\0').buffer))).toEqual({ ok: true, reading: { kind: 'device-info', field: 'model', value: 'BM 54' } });
	});
	it('the registry finds parsers by short and full UUID and names unknown ones', () => {
		expect(parseCharacteristic('2A37', hex('10 48 00 04'))).toMatchObject({ ok: true, reading: { bpm: 72 } });
		expect(parseCharacteristic('00002a19-0000-1000-8000-00805f9b34fb', hex('64'))).toMatchObject({ ok: true, reading: { percent: 100 } });
		expect(parseCharacteristic('2A00', hex('00'))).toMatchObject({ ok: false, error: { code: 'unknown-characteristic' } });
	});
});

describe('Encoders: a DOMAIN.md reading encodes to exactly the example bytes', () => {
	it('SFLOAT and FLOAT 36.6: mantissa 366, exponent -1 → 6E F1 and 6E 01 00 FF; 120 keeps exponent 0', () => {
		expect(sfloatOf(36.6)).toEqual({ mantissa: 366, exponent: -1 });
		expect(encodeSfloat(366, -1)).toBe(0xf16e);
		expect(floatOf(36.6)).toEqual({ mantissa: 366, exponent: -1 });
		expect(encodeFloat(366, -1)).toBe(0xff00016e);
		expect(sfloatOf(120)).toEqual({ mantissa: 120, exponent: 0 });
		expect(sfloatOf(0.00095)).toEqual({ mantissa: 95, exponent: -5 });
		expect(sfloatOf(100_000)).toEqual({ mantissa: 1000, exponent: 2 });
		expect(sfloatOf(-2045)).toEqual({ mantissa: -2045, exponent: 0 });
	});
	it('refuses values a 12-bit (SFLOAT) or 24-bit (FLOAT) mantissa cannot carry', () => {
		for (const value of [2046, -2046, 36.66, 0.1 + 0.2, 1e-9, 1e12, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => sfloatOf(value), String(value)).toThrow(RangeError);
		for (const value of [8_388_606, 36.123456789, 1e-140, Number.NaN]) expect(() => floatOf(value), String(value)).toThrow(RangeError);
		expect(floatOf(8_388_605)).toEqual({ mantissa: 8_388_605, exponent: 0 });
	});
	it('Date Time 2026-11-24 09:30:00 → EA 07 0B 18 09 1E 00, from the parsed text or a local Date', () => {
		expect(bytes(encodeDateTime('2026-11-24T09:30:00'))).toBe('ea070b18091e00');
		expect(bytes(encodeDateTime(new Date(2026, 10, 24, 9, 30)))).toBe('ea070b18091e00');
		expect(() => encodeDateTime('2026-02-30T00:00:00')).toThrow(RangeError);
		expect(() => encodeDateTime(new Date(Number.NaN))).toThrow(RangeError);
	});
	it('Heart Rate: 72 bpm with RR 1.000 s → 10 48 00 04; 75 bpm as uint16 with contact → 07 4B 00', () => {
		expect(bytes(encodeHeartRateMeasurement({ bpm: 72, rrIntervalsS: [1] }))).toBe(plain('10 48 00 04'));
		expect(bytes(encodeHeartRateMeasurement({ bpm: 75, bpmAsUint16: true, contactDetected: true }))).toBe(plain('07 4B 00'));
		expect(bytes(encodeHeartRateMeasurement({ bpm: 80, energyExpendedKj: 16, rrIntervalsS: [1, 0.5] }))).toBe(plain('18 50 10 00 00 04 00 02'));
	});
	it('Blood Pressure: 120/80 mmHg, MAP 93, 2026-11-24 09:30:00, pulse 72', () => {
		const encoded = encodeBloodPressureMeasurement({ systolic: 120, diastolic: 80, meanArterial: 93, timestamp: '2026-11-24T09:30:00', pulseBpm: 72 });
		expect(bytes(encoded)).toBe(plain('06 78 00 50 00 5D 00 EA 07 0B 18 09 1E 00 48 00'));
	});
	it('Blood Pressure without MAP sends NaN there; kPa, user and status set their flags', () => {
		const status = { bodyMovement: false, cuffTooLoose: false, irregularPulse: true, pulseRange: 0 as const, improperPosition: false };
		expect(bytes(encodeBloodPressureMeasurement({ systolic: 16, diastolic: 10.7, unit: 'kPa', userId: 2, status }))).toBe(plain('19 10 00 6B F0 FF 07 02 04 00'));
	});
	it('Temperature: 36.6 °C → 00 6E 01 00 FF; 98.6 °F at 2026-11-24 08:00 in the ear', () => {
		expect(bytes(encodeTemperatureMeasurement({ celsius: 36.6 }))).toBe(plain('00 6E 01 00 FF'));
		expect(bytes(encodeTemperatureMeasurement({ fahrenheit: 98.6, timestamp: '2026-11-24T08:00:00', site: 'ear' }))).toBe(plain('07 DA 03 00 FF EA 07 0B 18 08 00 00 03'));
	});
	it('PLX: spot-check 97 %, 72 → 00 61 00 48 00; continuous 98 %, 75 → 00 62 00 4B 00', () => {
		expect(bytes(encodePlxSpotCheck({ spo2: 97, pulseBpm: 72 }))).toBe(plain('00 61 00 48 00'));
		expect(bytes(encodePlxContinuous({ spo2: 98, pulseBpm: 75 }))).toBe(plain('00 62 00 4B 00'));
		expect(bytes(encodePlxContinuous({ spo2: 98, pulseBpm: 75, fast: { spo2: 97, pulseBpm: 74 }, slow: { spo2: 96, pulseBpm: 73 } }))).toBe(plain('03 62 00 4B 00 61 00 4A 00 60 00 49 00'));
	});
	it('Glucose: seq 1, 2026-11-24 07:15:00, 95 mg/dL, capillary whole blood, finger', () => {
		const record = { sequence: 1, mgPerDl: 95, sampleType: 'capillary-whole-blood', sampleLocation: 'finger' } as const;
		expect(bytes(encodeGlucoseMeasurement({ ...record, baseTime: '2026-11-24T07:15:00' }))).toBe(plain('02 01 00 EA 07 0B 18 07 0F 00 5F B0 11'));
		expect(bytes(encodeGlucoseMeasurement({ ...record, baseTime: new Date(2026, 10, 24, 7, 15) }))).toBe(plain('02 01 00 EA 07 0B 18 07 0F 00 5F B0 11'));
	});
	it('Glucose: 5.3 mmol/L is sent as 53·10^-4 mol/L, with a +30 min offset', () => {
		const encoded = encodeGlucoseMeasurement({ sequence: 2, baseTime: '2026-11-24T07:15:00', timeOffsetMin: 30, mmolPerL: 5.3, sampleType: 'capillary-whole-blood', sampleLocation: 'finger' });
		expect(bytes(encoded)).toBe(plain('07 02 00 EA 07 0B 18 07 0F 00 1E 00 35 C0 11'));
	});
	it('Glucose refuses a concentration without sample type, or in two units', () => {
		expect(() => encodeGlucoseMeasurement({ sequence: 1, baseTime: '2026-11-24T07:15:00', mgPerDl: 95 })).toThrow(RangeError);
		expect(() => encodeGlucoseMeasurement({ sequence: 1, baseTime: '2026-11-24T07:15:00', mgPerDl: 95, mmolPerL: 5.3, sampleType: 'capillary-plasma' })).toThrow(RangeError);
	});
	it('RACP answers: 06 00 01 01 success, 06 00 01 06 no records, 05 00 <count>', () => {
		expect(bytes(encodeRacpResponse({ kind: 'done', request: 1, status: 'success' }))).toBe(plain('06 00 01 01'));
		expect(bytes(encodeRacpResponse({ kind: 'done', request: 1, status: 'no-records' }))).toBe(plain('06 00 01 06'));
		expect(bytes(encodeRacpResponse({ kind: 'count', count: 42 }))).toBe(plain('05 00 2A 00'));
	});
	it('Weight: 72.5 kg → 00 A4 38; 160 lb with BMI 23.5 and 70.0 in', () => {
		expect(bytes(encodeWeightMeasurement({ kg: 72.5 }))).toBe(plain('00 A4 38'));
		expect(bytes(encodeWeightMeasurement({ lb: 160, bmi: 23.5, heightIn: 70 }))).toBe(plain('09 80 3E EB 00 BC 02'));
		expect(() => encodeWeightMeasurement({ kg: 72.5, bmi: 23.5 })).toThrow(RangeError);
		expect(() => encodeWeightMeasurement({ kg: 400 })).toThrow(RangeError);
	});
	it('Battery Level: 85 % → 55; refuses over 100', () => {
		expect(bytes(encodeBatteryLevel(85))).toBe('55');
		expect(() => encodeBatteryLevel(101)).toThrow(RangeError);
	});
});

describe('Regressions found by the property tests', () => {
	it('a FLOAT exponent below -100 (00 01 00 00 80: 1·10^-128) is a number, not a RangeError from toFixed', () => {
		expect(parseTemperatureMeasurement(hex('00 01 00 00 80'))).toEqual({ ok: true, reading: { kind: 'temperature', celsius: 1e-128, unitSent: 'Cel' } });
		expect(decodeFloat(0x9b000001)).toEqual({ ok: true, value: 1e-101 });
	});
	it('a glucose record dated year 65535 with a time offset drops the time instead of throwing', () => {
		expect(parseGlucoseMeasurement(hex('01 01 00 FF FF 01 01 00 00 00 01 00'))).toEqual({ ok: true, reading: { kind: 'glucose', sequence: 1 } });
		expect(parseGlucoseMeasurement(hex('01 01 00 0F 27 0C 1F 17 3B 00 01 00'))).toEqual({ ok: true, reading: { kind: 'glucose', sequence: 1 } }); // 9999-12-31 23:59 + 1 min
	});
	it('a date that does not exist (31 February, year 10162) is no timestamp, and an offset does not roll it into March', () => {
		const february31 = parseBloodPressureMeasurement(hex('02 78 00 50 00 5D 00 EA 07 02 1F 09 1E 00'));
		expect(february31.ok && february31.reading.timestamp).toBeUndefined();
		expect(parseGlucoseMeasurement(hex('01 01 00 EA 07 02 1F 00 00 00 01 00'))).toEqual({ ok: true, reading: { kind: 'glucose', sequence: 1 } });
		const year10162 = parseTemperatureMeasurement(hex('02 00 00 00 00 B2 27 01 01 00 00 00'));
		expect(year10162.ok && year10162.reading.timestamp).toBeUndefined();
	});
});
