// Properties of the GATT parsers and encoders (fast-check): IEEE 11073 numbers round-trip, each
// profile's encoder and parser agree on every valid reading, and no byte sequence a device (or a
// broken one) can send makes a parser throw or hand out NaN, ±Infinity or a date that does not exist.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBloodPressureMeasurement, parseBloodPressureMeasurement, type BloodPressureMeasurementInput } from './blood-pressure.ts';
import { CHARACTERISTIC_PARSERS } from './characteristics.ts';
import { encodeDateTime, readDateTime } from './date-time.ts';
import { encodeBatteryLevel, parseBatteryLevel } from './device-info.ts';
import { ByteReader, type GattErrorCode, type GattResult } from './gatt-result.ts';
import { encodeGlucoseMeasurement, encodeRacpResponse, GLUCOSE_SAMPLE_TYPES, parseGlucoseMeasurement, parseRacpResponse, type GlucoseLocation, type GlucoseMeasurementInput, type RacpResponse } from './glucose.ts';
import { encodeHeartRateMeasurement, parseHeartRateMeasurement } from './heart-rate.ts';
import { decodeFloat, decodeSfloat, encodeFloat, encodeSfloat, floatOf, sfloatOf } from './ieee11073.ts';
import { encodePlxContinuous, encodePlxSpotCheck, parsePlxContinuous, parsePlxSpotCheck, type PlxContinuousInput, type PlxSpotCheckInput } from './pulse-oximeter.ts';
import { encodeTemperatureMeasurement, parseTemperatureMeasurement, TEMPERATURE_TYPES, type TemperatureMeasurementInput } from './temperature.ts';
import { CHARACTERISTIC } from './uuids.ts';
import { encodeWeightMeasurement, parseWeightMeasurement, type WeightMeasurementInput } from './weight.ts';

const RUNS = 300;
function check<Ts>(property: fc.IProperty<Ts>): void {
	fc.assert(property, { numRuns: RUNS });
}

/** Every code a parser may return; `satisfies` makes the compiler flag a code added to the type but not here. */
const KNOWN_CODES = { 'short-buffer': true, 'reserved-flag': true, 'special-value': true, 'invalid-value': true, 'unknown-characteristic': true } satisfies Record<GattErrorCode, true>;

const SFLOAT = { mantissaMax: 2045, exponentMin: -8, exponentMax: 7 };
const FLOAT = { mantissaMax: 0x7ffffd, exponentMin: -128, exponentMax: 127 };
/** 1 mmHg = 133.322387415 Pa (exact by definition). */
const KPA_TO_MMHG = 1000 / 133.322387415;
const KG_PER_LB = 0.45359237;
const CM_PER_IN = 2.54;
const MG_PER_DL_PER_MMOL_PER_L = 18.016;

const view = (bytes: Uint8Array) => new DataView(Uint8Array.from(bytes).buffer);
const decimalText = (mantissa: number, exponent: number) => Number(`${mantissa}e${exponent}`);

/** A number a device can carry: mantissa · 10^exponent within the format's limits. */
function decimal(limits: typeof SFLOAT, exponentMin = limits.exponentMin, exponentMax = limits.exponentMax): fc.Arbitrary<number> {
	return fc.tuple(fc.integer({ min: -limits.mantissaMax, max: limits.mantissaMax }), fc.integer({ min: exponentMin, max: exponentMax })).map(([m, e]) => decimalText(m, e));
}
const sfloatValue = decimal(SFLOAT);
const floatValue = decimal(FLOAT);

/** A device-local time as the parsers give it; the years keep a ±32767-minute glucose offset inside 1582–9999. */
const dateTime = fc.date({ min: new Date('1600-01-01T00:00:00Z'), max: new Date('9900-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 19));
/** Whole steps of a fixed resolution, written as the decimal the device display shows. */
const steps = (resolution: number, decimals: number, max = 0xfffe) => fc.integer({ min: 0, max }).map((n) => Number((n * resolution).toFixed(decimals)));

/** The conversion a parser documents: within half its resolution (plus binary noise on huge values). */
function expectNear(actual: number | undefined, exact: number, halfStep: number): void {
	expect(actual).toBeTypeOf('number');
	expect(Math.abs((actual as number) - exact)).toBeLessThanOrEqual(halfStep + Math.abs(exact) * 1e-12);
}

function reading<T>(result: GattResult<T>): T {
	if (!result.ok) throw new Error(`parser refused a valid message: ${result.error.message}`);
	return result.reading;
}

describe('IEEE 11073 SFLOAT and FLOAT', () => {
	for (const [name, limits, encode, decode, partsOf] of [
		['SFLOAT', SFLOAT, encodeSfloat, decodeSfloat, sfloatOf],
		['FLOAT', FLOAT, encodeFloat, decodeFloat, floatOf]
	] as const) {
		it(`${name}: every valid mantissa and exponent decodes to the nearest double of mantissa·10^exponent`, () => {
			check(
				fc.property(fc.integer({ min: -limits.mantissaMax, max: limits.mantissaMax }), fc.integer({ min: limits.exponentMin, max: limits.exponentMax }), (mantissa, exponent) => {
					expect(decode(encode(mantissa, exponent))).toEqual({ ok: true, value: decimalText(mantissa, exponent) });
				})
			);
		});

		it(`${name}: ${name === 'SFLOAT' ? 'sfloatOf' : 'floatOf'} picks a mantissa and exponent that fit and decode to the same value`, () => {
			check(
				fc.property(decimal(limits), (value) => {
					const parts = partsOf(value);
					expect(Math.abs(parts.mantissa)).toBeLessThanOrEqual(limits.mantissaMax);
					expect(parts.exponent).toBeGreaterThanOrEqual(limits.exponentMin);
					expect(parts.exponent).toBeLessThanOrEqual(limits.exponentMax);
					expect(decode(encode(parts.mantissa, parts.exponent))).toEqual({ ok: true, value });
				})
			);
		});
	}

	it('all 65,536 SFLOAT words decode without throwing: the five special values as such, every other to a finite number', () => {
		const wrong: string[] = [];
		for (let word = 0; word <= 0xffff; word++) {
			const decoded = decodeSfloat(word);
			const special = word >= 0x07fe && word <= 0x0802;
			if (special ? decoded.ok : !decoded.ok || !Number.isFinite(decoded.value)) wrong.push(`0x${word.toString(16)}`);
		}
		expect(wrong).toEqual([]);
	});

	it('FLOAT words decode without throwing: the five special values as such, every other to a finite number', () => {
		const exponentExtremes = fc.tuple(fc.constantFrom(0x80, 0x81, 0x9b, 0x9c, 0x7f, 0xff, 0x00), fc.integer({ min: 0, max: 0xffffff })).map(([exponent, mantissa]) => ((exponent << 24) | mantissa) >>> 0);
		check(
			fc.property(fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), exponentExtremes, fc.integer({ min: 0x007ffff0, max: 0x00800010 })), (word) => {
				const decoded = decodeFloat(word);
				const special = word >= 0x007ffffe && word <= 0x00800002;
				expect(special ? !decoded.ok : decoded.ok && Number.isFinite(decoded.value)).toBe(true);
			})
		);
	});
});

describe('Date Time', () => {
	const field = (max: number) => fc.oneof(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: 0xff }));
	const fields = fc.tuple(fc.oneof(fc.integer({ min: 1500, max: 10100 }), fc.integer({ min: 0, max: 0xffff })), field(13), field(32), field(25), field(61), field(61));

	it('any 7 bytes are a real calendar time that encodes back to the same bytes, or unknown', () => {
		check(
			fc.property(fields, ([year, month, day, hours, minutes, seconds]) => {
				const bytes = Uint8Array.from([year & 0xff, year >> 8, month, day, hours, minutes, seconds]);
				const time = readDateTime(new ByteReader(view(bytes)));
				const utc = new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds));
				const real = year >= 1582 && year <= 9999 && utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day && utc.getUTCHours() === hours && utc.getUTCMinutes() === minutes;
				expect(time === undefined).toBe(!real);
				if (time !== undefined) {
					expect(time).toBe(utc.toISOString().slice(0, 19));
					expect(encodeDateTime(time)).toEqual(bytes);
				}
			})
		);
	});
});

// (b) Encode → parse gives the reading back, per profile.
const heartRateInput = fc.record(
	{
		bpm: fc.integer({ min: 1, max: 0xffff }),
		bpmAsUint16: fc.boolean(),
		contactDetected: fc.boolean(),
		energyExpendedKj: fc.integer({ min: 0, max: 0xffff }),
		rrIntervalsS: fc.array(fc.integer({ min: 0, max: 0xffff }).map((ticks) => Number((ticks / 1024).toFixed(4))), { maxLength: 9 })
	},
	{ requiredKeys: ['bpm'] }
);
const bloodPressureStatus = fc.record({ bodyMovement: fc.boolean(), cuffTooLoose: fc.boolean(), irregularPulse: fc.boolean(), pulseRange: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const), improperPosition: fc.boolean() });
const bloodPressureInput: fc.Arbitrary<BloodPressureMeasurementInput> = fc.record(
	{ systolic: sfloatValue, diastolic: sfloatValue, meanArterial: sfloatValue, unit: fc.constantFrom('mmHg' as const, 'kPa' as const), timestamp: dateTime, pulseBpm: sfloatValue, userId: fc.integer({ min: 0, max: 0xff }), status: bloodPressureStatus },
	{ requiredKeys: ['systolic', 'diastolic'] }
);
const temperatureInput: fc.Arbitrary<TemperatureMeasurementInput> = fc
	.tuple(fc.boolean(), floatValue, fc.record({ timestamp: dateTime, site: fc.constantFrom(...TEMPERATURE_TYPES) }, { requiredKeys: [] }))
	.map(([fahrenheit, value, rest]) => (fahrenheit ? { fahrenheit: value, ...rest } : { celsius: value, ...rest }));
const plxCommon = { spo2: sfloatValue, pulseBpm: sfloatValue, measurementStatus: fc.integer({ min: 0, max: 0xffff }), deviceAndSensorStatus: fc.integer({ min: 0, max: 0xffffff }), pulseAmplitudeIndex: sfloatValue };
const plxSpotCheckInput: fc.Arbitrary<PlxSpotCheckInput> = fc.record({ ...plxCommon, timestamp: dateTime, deviceClockNotSet: fc.boolean() }, { requiredKeys: ['spo2', 'pulseBpm'] });
const plxPair = fc.record({ spo2: sfloatValue, pulseBpm: sfloatValue });
const plxContinuousInput: fc.Arbitrary<PlxContinuousInput> = fc.record({ ...plxCommon, fast: plxPair, slow: plxPair }, { requiredKeys: ['spo2', 'pulseBpm'] });
const glucoseLocation = fc.constantFrom<GlucoseLocation>('finger', 'alternate-site', 'earlobe', 'control-solution', 'not-available');
/** A concentration whose kg/L (mg/dL · 10^-5) or mol/L (mmol/L · 10^-3) value fits an SFLOAT. */
const glucoseConcentration = fc.oneof(
	decimal(SFLOAT, SFLOAT.exponentMin + 5, SFLOAT.exponentMax + 5).map((mgPerDl) => ({ mgPerDl })),
	decimal(SFLOAT, SFLOAT.exponentMin + 3, SFLOAT.exponentMax + 3).map((mmolPerL) => ({ mmolPerL }))
);
const glucoseInput: fc.Arbitrary<GlucoseMeasurementInput> = fc
	.tuple(
		fc.record({ sequence: fc.integer({ min: 0, max: 0xffff }), baseTime: dateTime, timeOffsetMin: fc.integer({ min: -0x8000, max: 0x7fff }), sensorStatus: fc.integer({ min: 0, max: 0xffff }) }, { requiredKeys: ['sequence', 'baseTime'] }),
		fc.option(fc.tuple(glucoseConcentration, fc.constantFrom(...GLUCOSE_SAMPLE_TYPES), glucoseLocation), { nil: undefined })
	)
	.map(([record, sample]) => (sample ? { ...record, ...sample[0], sampleType: sample[1], sampleLocation: sample[2] } : record));
const weightInput: fc.Arbitrary<WeightMeasurementInput> = fc
	.tuple(
		fc.boolean(),
		fc.nat(),
		fc.record({ timestamp: dateTime, userId: fc.integer({ min: 0, max: 0xff }) }, { requiredKeys: [] }),
		fc.option(fc.tuple(steps(0.1, 1, 0xffff), fc.nat({ max: 0xffff })), { nil: undefined })
	)
	.map(([imperial, raw, rest, bmiAndHeight]) => {
		const weight = raw % 0xffff; // 0xFFFF is "unsuccessful"
		const bmi = bmiAndHeight?.[0];
		const height = bmiAndHeight && Number((bmiAndHeight[1] * 0.1).toFixed(1));
		return imperial
			? { lb: Number((weight * 0.01).toFixed(2)), heightIn: height, bmi, ...rest }
			: { kg: Number((weight * 0.005).toFixed(3)), heightCm: height, bmi, ...rest };
	});
const racpInput: fc.Arbitrary<RacpResponse> = fc.oneof(
	fc.record({ kind: fc.constant('count' as const), count: fc.integer({ min: 0, max: 0xffff }) }),
	fc.record({ kind: fc.constant('done' as const), request: fc.integer({ min: 0, max: 0xff }), status: fc.constantFrom('success' as const, 'no-records' as const, 'not-supported' as const, 'invalid-operand' as const, 'aborted' as const, 'failed' as const) })
);

describe('encode → parse gives the reading back', () => {
	it('Heart Rate Measurement', () => {
		check(
			fc.property(heartRateInput, (m) => {
				expect(reading(parseHeartRateMeasurement(view(encodeHeartRateMeasurement(m))))).toEqual({
					kind: 'heart-rate',
					bpm: m.bpm,
					contactDetected: m.contactDetected,
					energyExpendedKj: m.energyExpendedKj,
					rrIntervalsS: m.rrIntervalsS ?? []
				});
			})
		);
	});

	it('Blood Pressure Measurement: mmHg as sent, kPa converted to whole mmHg', () => {
		check(
			fc.property(bloodPressureInput, (m) => {
				const { systolic, diastolic, meanArterial, ...rest } = reading(parseBloodPressureMeasurement(view(encodeBloodPressureMeasurement(m))));
				const kpa = m.unit === 'kPa';
				expect(rest).toEqual({ kind: 'blood-pressure', unitSent: kpa ? 'kPa' : 'mmHg', timestamp: m.timestamp, pulseBpm: m.pulseBpm, userId: m.userId, status: m.status });
				expect(meanArterial === undefined).toBe(m.meanArterial === undefined);
				for (const [got, sent] of [[systolic, m.systolic], [diastolic, m.diastolic], ...(m.meanArterial === undefined ? [] : [[meanArterial, m.meanArterial]])]) {
					if (!kpa) expect(got).toBe(sent);
					else {
						expect(Number.isInteger(got)).toBe(true);
						expectNear(got, (sent as number) * KPA_TO_MMHG, 0.5);
					}
				}
			})
		);
	});

	it('Temperature Measurement: °C as sent, °F converted to °C within 0.005', () => {
		check(
			fc.property(temperatureInput, (m) => {
				const { celsius, ...rest } = reading(parseTemperatureMeasurement(view(encodeTemperatureMeasurement(m))));
				expect(rest).toEqual({ kind: 'temperature', unitSent: m.fahrenheit === undefined ? 'Cel' : '[degF]', timestamp: m.timestamp, site: m.site });
				if (m.fahrenheit === undefined) expect(celsius).toBe(m.celsius);
				else expectNear(celsius, ((m.fahrenheit - 32) * 5) / 9, 0.005);
			})
		);
	});

	it('PLX Spot-Check and PLX Continuous', () => {
		check(
			fc.property(plxSpotCheckInput, (m) => {
				expect(reading(parsePlxSpotCheck(view(encodePlxSpotCheck(m))))).toEqual({
					kind: 'pulse-oximeter',
					mode: 'spot-check',
					spo2: m.spo2,
					pulseBpm: m.pulseBpm,
					timestamp: m.timestamp,
					pulseAmplitudeIndex: m.pulseAmplitudeIndex,
					deviceClockNotSet: m.deviceClockNotSet || undefined
				});
			})
		);
		check(
			fc.property(plxContinuousInput, (m) => {
				expect(reading(parsePlxContinuous(view(encodePlxContinuous(m))))).toEqual({ kind: 'pulse-oximeter', mode: 'continuous', spo2: m.spo2, pulseBpm: m.pulseBpm, pulseAmplitudeIndex: m.pulseAmplitudeIndex });
			})
		);
	});

	it('Glucose Measurement: base time plus offset, concentration to mg/dL within 0.05', () => {
		check(
			fc.property(glucoseInput, (m) => {
				const { mgPerDl, ...rest } = reading(parseGlucoseMeasurement(view(encodeGlucoseMeasurement(m))));
				const base = new Date(`${m.baseTime as string}Z`).getTime();
				const timestamp = new Date(base + (m.timeOffsetMin ?? 0) * 60_000).toISOString().slice(0, 19);
				const unitSent = m.mmolPerL !== undefined ? 'mol/L' : m.mgPerDl !== undefined ? 'kg/L' : undefined;
				expect(rest).toEqual({ kind: 'glucose', sequence: m.sequence, timestamp, unitSent, sampleType: m.sampleType, sampleLocation: m.sampleLocation });
				if (m.mmolPerL !== undefined) expectNear(mgPerDl, m.mmolPerL * MG_PER_DL_PER_MMOL_PER_L, 0.05);
				else if (m.mgPerDl !== undefined) expectNear(mgPerDl, m.mgPerDl, 0.05);
				else expect(mgPerDl).toBeUndefined();
			})
		);
	});

	it('Weight Measurement: kg as sent, lb and inches converted within their resolution', () => {
		check(
			fc.property(weightInput, (m) => {
				const { kg, heightCm, ...rest } = reading(parseWeightMeasurement(view(encodeWeightMeasurement(m))));
				expect(rest).toEqual({ kind: 'weight', unitSent: m.lb === undefined ? 'kg' : '[lb_av]', timestamp: m.timestamp, userId: m.userId, bmi: m.bmi });
				if (m.lb === undefined) expect([kg, heightCm]).toEqual([m.kg, m.heightCm]);
				else {
					expectNear(kg, m.lb * KG_PER_LB, 0.005);
					if (m.heightIn === undefined) expect(heightCm).toBeUndefined();
					else expectNear(heightCm, m.heightIn * CM_PER_IN, 0.05);
				}
			})
		);
	});

	it('Battery Level and the RACP answers', () => {
		for (let percent = 0; percent <= 100; percent++) expect(parseBatteryLevel(view(encodeBatteryLevel(percent)))).toEqual({ ok: true, reading: { kind: 'battery', percent } });
		check(
			fc.property(racpInput, (response) => {
				expect(parseRacpResponse(view(encodeRacpResponse(response)))).toEqual({ ok: true, reading: response });
			})
		);
	});
});

// (c) Hostile bytes: random, all 0xFF, valid messages cut short, with bytes overwritten or junk appended.
const VALID_MESSAGES: Record<number, fc.Arbitrary<Uint8Array>> = {
	[CHARACTERISTIC.heartRateMeasurement]: heartRateInput.map(encodeHeartRateMeasurement),
	[CHARACTERISTIC.bloodPressureMeasurement]: bloodPressureInput.map(encodeBloodPressureMeasurement),
	[CHARACTERISTIC.temperatureMeasurement]: temperatureInput.map(encodeTemperatureMeasurement),
	[CHARACTERISTIC.plxSpotCheck]: plxSpotCheckInput.map(encodePlxSpotCheck),
	[CHARACTERISTIC.plxContinuous]: plxContinuousInput.map(encodePlxContinuous),
	[CHARACTERISTIC.glucoseMeasurement]: glucoseInput.map(encodeGlucoseMeasurement),
	[CHARACTERISTIC.recordAccessControlPoint]: racpInput.map(encodeRacpResponse),
	[CHARACTERISTIC.weightMeasurement]: weightInput.map(encodeWeightMeasurement),
	[CHARACTERISTIC.batteryLevel]: fc.integer({ min: 0, max: 100 }).map(encodeBatteryLevel)
};
const text = fc.string({ maxLength: 20, unit: 'grapheme' }).map((s) => new TextEncoder().encode(s));
const anyValidMessage = fc.oneof(...Object.values(VALID_MESSAGES), text);
/** Bytes where the parsers branch: flag patterns, SFLOAT/FLOAT special and exponent bytes, limits. */
const edgeByte = fc.oneof(fc.constantFrom(0x00, 0x01, 0x02, 0x07, 0x08, 0x0f, 0x10, 0x1f, 0x27, 0x7f, 0x80, 0x81, 0x9c, 0xf0, 0xfe, 0xff), fc.integer({ min: 0, max: 0xff }));
const MAX_BYTES = 64;

function hostileBytes(own: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
	return fc.oneof(
		fc.uint8Array({ maxLength: MAX_BYTES }),
		fc.array(edgeByte, { maxLength: MAX_BYTES }).map((bytes) => Uint8Array.from(bytes)),
		fc.integer({ min: 0, max: MAX_BYTES }).map((length) => new Uint8Array(length).fill(0xff)),
		fc.tuple(fc.oneof(own, anyValidMessage), fc.nat()).map(([bytes, cut]) => bytes.slice(0, cut % (bytes.length + 1))),
		fc.tuple(own, fc.array(fc.tuple(fc.nat(), edgeByte), { minLength: 1, maxLength: 3 })).map(([bytes, edits]) => {
			const edited = Uint8Array.from(bytes);
			for (const [at, byte] of edits) if (edited.length) edited[at % edited.length] = byte;
			return edited;
		}),
		fc.tuple(own, fc.uint8Array({ minLength: 1, maxLength: 8 })).map(([bytes, junk]) => Uint8Array.from([...bytes, ...junk]))
	);
}

/** Paths to every NaN or ±Infinity number, and to every timestamp that is no real calendar time. */
function defects(value: unknown, path = 'reading'): string[] {
	if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`];
	if (Array.isArray(value)) return value.flatMap((item, i) => defects(item, `${path}[${i}]`));
	if (typeof value !== 'object' || value === null) return [];
	return Object.entries(value).flatMap(([key, item]) => {
		if (key === 'timestamp' && item !== undefined) {
			const real = typeof item === 'string' && !Number.isNaN(Date.parse(`${item}Z`)) && new Date(`${item}Z`).toISOString().slice(0, 19) === item;
			if (!real) return [`${path}.${key} = ${String(item)}`];
		}
		return defects(item, `${path}.${key}`);
	});
}

describe('no bytes make a parser throw or return a non-number', () => {
	for (const [number, { name, parse }] of Object.entries(CHARACTERISTIC_PARSERS)) {
		const own = VALID_MESSAGES[Number(number)] ?? text;
		it(`0x${Number(number).toString(16).toUpperCase()} ${name}`, () => {
			check(
				fc.property(hostileBytes(own), (bytes) => {
					const result = parse(view(bytes));
					if (result.ok) {
						expect(Object.keys(result).sort()).toEqual(['ok', 'reading']);
						expect(defects(result.reading)).toEqual([]);
					} else {
						expect(Object.keys(result).sort()).toEqual(['error', 'ok']);
						expect(Object.keys(result.error).sort()).toEqual(['code', 'message']);
						expect(Object.keys(KNOWN_CODES)).toContain(result.error.code);
						expect(result.error.message).toMatch(/\S/);
					}
				})
			);
		});
	}
});
