// Temperature Measurement 0x2A1C (Health Thermometer Service 1.0, GATT Specification Supplement 3.216).
import { DATE_TIME_BYTES, readDateTime } from './date-time.ts';
import { ByteReader, gattError, gattOk, type GattResult } from './gatt-result.ts';
import { decodeFloat } from './ieee11073.ts';

export const TEMPERATURE_TYPES = ['armpit', 'body', 'ear', 'finger', 'gastro-intestinal', 'mouth', 'rectum', 'toe', 'tympanum'] as const;
export type TemperatureSite = (typeof TEMPERATURE_TYPES)[number];

export interface TemperatureReading {
	kind: 'temperature';
	/** Always °C; a Fahrenheit thermometer is converted, `unitSent` says what it sent. */
	celsius: number;
	unitSent: 'Cel' | '[degF]';
	timestamp?: string;
	site?: TemperatureSite;
}

export function parseTemperatureMeasurement(view: DataView): GattResult<TemperatureReading> {
	const r = new ByteReader(view);
	if (!r.has(1)) return gattError('short-buffer', 'Temperature Measurement: no flags byte');
	const flags = r.uint8();
	if (flags & 0xf8) return gattError('reserved-flag', `Temperature Measurement: reserved flag bits set (0x${flags.toString(16)})`);
	const needed = 4 + (flags & 0x02 ? DATE_TIME_BYTES : 0) + (flags & 0x04 ? 1 : 0);
	if (!r.has(needed)) return gattError('short-buffer', `Temperature Measurement: ${needed} bytes expected after the flags, ${r.remaining()} received`);
	const value = decodeFloat(r.uint32());
	if (!value.ok) return gattError('special-value', `Temperature Measurement: the thermometer sent ${value.special} instead of a temperature`);
	const fahrenheit = (flags & 0x01) !== 0;
	const reading: TemperatureReading = {
		kind: 'temperature',
		celsius: fahrenheit ? Number((((value.value - 32) * 5) / 9).toFixed(2)) : value.value,
		unitSent: fahrenheit ? '[degF]' : 'Cel'
	};
	if (flags & 0x02) reading.timestamp = readDateTime(r);
	if (flags & 0x04) {
		const site = r.uint8();
		if (site >= 1 && site <= TEMPERATURE_TYPES.length) reading.site = TEMPERATURE_TYPES[site - 1];
	}
	return gattOk(reading);
}
