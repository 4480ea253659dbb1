// Every worked example of DOMAIN.md, byte for byte, plus the failures a field device produces.
import { describe, expect, it } from 'vitest';
import { parseBloodPressureMeasurement } from './blood-pressure.ts';
import { parseCharacteristic } from './characteristics.ts';
import { parseBatteryLevel, parseDeviceInfoString } from './device-info.ts';
import { fromHex, toHex } from './gatt-result.ts';
import { parseGlucoseMeasurement, parseRacpResponse, racpReportFrom } from './glucose.ts';
import { parseHeartRateMeasurement } from './heart-rate.ts';
import { decodeFloat, decodeSfloat } from './ieee11073.ts';
import { parsePlxContinuous, parsePlxSpotCheck } from './pulse-oximeter.ts';
import { parseTemperatureMeasurement } from './temperature.ts';
import { parseWeightMeasurement } from './weight.ts';

const hex = (text: string) => fromHex(text)!;

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
