// Temperature Measurement 0x2A1C (Health Thermometer Service 1.0, GATT Specification Supplement 3.216).
import { ByteWriter } from './byte-writer.ts';
import { DATE_TIME_BYTES, encodeDateTime, readDateTime, type DateTimeInput } from './date-time.ts';
import { ByteReader, gattError, gattOk, type GattResult } from './gatt-result.ts';
import { decodeFloat } from './ieee11073.ts';

export const TEMPERATURE_TYPES = ['armpit', 'body', 'ear', 'finger', 'gastro-intestinal', 'mouth', 'rectum', 'toe', 'tympanum'] as const;
export type TemperatureSite = (typeof TEMPERATURE_TYPES)[number];
/** Flags byte; bits 3–7 are reserved. */
const FLAG = { fahrenheit: 0x01, timestamp: 0x02, type: 0x04, reserved: 0xf8 } as const;

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
	if (flags & FLAG.reserved) return gattError('reserved-flag', `Temperature Measurement: reserved flag bits set (0x${flags.toString(16)})`);
	const needed = 4 + (flags & FLAG.timestamp ? DATE_TIME_BYTES : 0) + (flags & FLAG.type ? 1 : 0);
	if (!r.has(needed)) return gattError('short-buffer', `Temperature Measurement: ${needed} bytes expected after the flags, ${r.remaining()} received`);
	const value = decodeFloat(r.uint32());
	if (!value.ok) return gattError('special-value', `Temperature Measurement: the thermometer sent ${value.special} instead of a temperature`);
	const fahrenheit = (flags & FLAG.fahrenheit) !== 0;
	const reading: TemperatureReading = {
		kind: 'temperature',
		celsius: fahrenheit ? Number((((value.value - 32) * 5) / 9).toFixed(2)) : value.value,
		unitSent: fahrenheit ? '[degF]' : 'Cel'
	};
	if (flags & FLAG.timestamp) reading.timestamp = readDateTime(r);
	if (flags & FLAG.type) {
		const site = r.uint8();
		if (site >= 1 && site <= TEMPERATURE_TYPES.length) reading.site = TEMPERATURE_TYPES[site - 1];
	}
	return gattOk(reading);
}

/** What a thermometer measured, in the unit it sends: give `celsius` or `fahrenheit`. */
export type TemperatureMeasurementInput = ({ celsius: number; fahrenheit?: undefined } | { fahrenheit: number; celsius?: undefined }) & {
	timestamp?: DateTimeInput;
	site?: TemperatureSite;
};

export function encodeTemperatureMeasurement(m: TemperatureMeasurementInput): Uint8Array {
	const flags = (m.fahrenheit !== undefined ? FLAG.fahrenheit : 0) | (m.timestamp !== undefined ? FLAG.timestamp : 0) | (m.site !== undefined ? FLAG.type : 0);
	const w = new ByteWriter().uint8(flags).float(m.fahrenheit ?? m.celsius);
	if (m.timestamp !== undefined) w.bytes(encodeDateTime(m.timestamp));
	if (m.site !== undefined) w.uint8(TEMPERATURE_TYPES.indexOf(m.site) + 1);
	return w.toBytes();
}
