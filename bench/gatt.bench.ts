// GATT parsing throughput: notifications per second each parser decodes, over the messages a real
// device sends (the fields a typical device fills, varied values), encoded by the same encoders as
// the demo devices. Pure code, one process, no I/O; a heart-rate strap sends about one per second.
import {
	encodeBloodPressureMeasurement,
	encodeGlucoseMeasurement,
	encodeHeartRateMeasurement,
	encodePlxContinuous,
	encodePlxSpotCheck,
	encodeTemperatureMeasurement,
	encodeWeightMeasurement,
	parseBloodPressureMeasurement,
	parseGlucoseMeasurement,
	parseHeartRateMeasurement,
	parsePlxContinuous,
	parsePlxSpotCheck,
	parseTemperatureMeasurement,
	parseWeightMeasurement,
	TEMPERATURE_TYPES,
	type GattResult
} from '../src/lib/ble/index.ts';
import { mulberry32 } from '../src/lib/domain/index.ts';

const RUN_MS = Number(process.env.BENCH_GATT_MS ?? 300);
const WARM_UP_MS = 100;
/** Distinct messages per parser, cycled through so no single byte pattern is all the JIT sees. */
const MESSAGES = 64;
/** Calls between two looks at the clock. */
const BATCH = 1024;

type Random = () => number;
const around = (random: Random, centre: number, spread: number) => centre + (random() * 2 - 1) * spread;
const oneDecimal = (value: number) => Number(value.toFixed(1));
/** A device-local time within the last weeks, as a cuff or meter stamps its measurements. */
const recently = (random: Random) => new Date(2026, 10, 1 + Math.floor(random() * 24), Math.floor(random() * 24), Math.floor(random() * 60));

const PROFILES: Record<string, { parse: (view: DataView) => GattResult<unknown>; message: (random: Random) => Uint8Array }> = {
	heartRate: {
		parse: parseHeartRateMeasurement,
		message: (random) => {
			const bpm = Math.round(around(random, 76, 20));
			return encodeHeartRateMeasurement({ bpm, contactDetected: true, rrIntervalsS: Array.from({ length: 1 + Math.floor(random() * 3) }, () => Number((60 / bpm).toFixed(3))) });
		}
	},
	bloodPressure: {
		parse: parseBloodPressureMeasurement,
		message: (random) => {
			const systolic = Math.round(around(random, 134, 20));
			const kpa = random() < 0.1;
			const unit = (mmHg: number) => (kpa ? oneDecimal(mmHg / 7.50062) : mmHg);
			return encodeBloodPressureMeasurement({
				systolic: unit(systolic),
				diastolic: unit(Math.round(systolic * 0.62)),
				meanArterial: unit(Math.round(systolic * 0.75)),
				unit: kpa ? 'kPa' : 'mmHg',
				timestamp: recently(random),
				pulseBpm: Math.round(around(random, 74, 10)),
				userId: 1,
				status: { bodyMovement: false, cuffTooLoose: false, irregularPulse: random() < 0.1, pulseRange: 0, improperPosition: false }
			});
		}
	},
	temperature: {
		parse: parseTemperatureMeasurement,
		message: (random) => {
			const celsius = oneDecimal(around(random, 37, 1));
			const rest = { timestamp: recently(random), site: TEMPERATURE_TYPES[Math.floor(random() * TEMPERATURE_TYPES.length)] };
			return encodeTemperatureMeasurement(random() < 0.2 ? { fahrenheit: oneDecimal((celsius * 9) / 5 + 32), ...rest } : { celsius, ...rest });
		}
	},
	plxSpotCheck: {
		parse: parsePlxSpotCheck,
		message: (random) => encodePlxSpotCheck({ spo2: Math.round(around(random, 95, 3)), pulseBpm: Math.round(around(random, 78, 12)), timestamp: recently(random), pulseAmplitudeIndex: oneDecimal(around(random, 5, 4)) })
	},
	plxContinuous: {
		parse: parsePlxContinuous,
		message: (random) => {
			const pair = () => ({ spo2: Math.round(around(random, 95, 3)), pulseBpm: Math.round(around(random, 78, 12)) });
			return encodePlxContinuous({ ...pair(), fast: pair(), measurementStatus: 0, pulseAmplitudeIndex: oneDecimal(around(random, 5, 4)) });
		}
	},
	glucose: {
		parse: parseGlucoseMeasurement,
		message: (random) => {
			const record = { sequence: Math.floor(random() * 500), baseTime: recently(random), timeOffsetMin: 0, sampleType: 'capillary-whole-blood', sampleLocation: 'finger' } as const;
			return encodeGlucoseMeasurement(random() < 0.3 ? { ...record, mmolPerL: oneDecimal(around(random, 7, 3)) } : { ...record, mgPerDl: Math.round(around(random, 128, 50)) });
		}
	},
	weight: {
		parse: parseWeightMeasurement,
		message: (random) => {
			const kg = oneDecimal(around(random, 72, 15));
			return encodeWeightMeasurement({ kg, timestamp: recently(random), userId: 1, bmi: oneDecimal(kg / 1.75 ** 2), heightCm: 175 });
		}
	}
};

/** Notifications per second over `durationMs`, after checking every message parses. */
function throughput(parse: (view: DataView) => GattResult<unknown>, views: DataView[], durationMs: number): number {
	let parsed = 0;
	let refused = 0;
	const start = performance.now();
	let now = start;
	while (now - start < durationMs) {
		for (let i = 0; i < BATCH; i++) if (!parse(views[(parsed + i) % views.length]).ok) refused++;
		parsed += BATCH;
		now = performance.now();
	}
	if (refused) throw new Error(`${refused} of ${parsed} benchmark messages were refused`);
	return parsed / ((now - start) / 1000);
}

export async function benchGatt(): Promise<Record<string, number>> {
	const random = mulberry32(2026);
	const results: Record<string, number> = {};
	for (const [name, { parse, message }] of Object.entries(PROFILES)) {
		const views = Array.from({ length: MESSAGES }, () => new DataView(message(random).buffer));
		throughput(parse, views, WARM_UP_MS);
		results[`${name}PerS`] = Math.round(throughput(parse, views, RUN_MS));
	}
	return results;
}
