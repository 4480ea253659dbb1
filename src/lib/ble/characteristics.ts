// Which parser reads which characteristic: the one table the drivers and the `gatt` CLI share.
import { parseBloodPressureMeasurement } from './blood-pressure.ts';
import { parseBatteryLevel, parseDeviceInfoString } from './device-info.ts';
import { gattError, type GattResult } from './gatt-result.ts';
import { parseGlucoseMeasurement, parseRacpResponse } from './glucose.ts';
import { parseHeartRateMeasurement } from './heart-rate.ts';
import { parsePlxContinuous, parsePlxSpotCheck } from './pulse-oximeter.ts';
import { parseTemperatureMeasurement } from './temperature.ts';
import { parseWeightMeasurement } from './weight.ts';

export const CHARACTERISTIC_PARSERS: Record<number, { name: string; parse: (view: DataView) => GattResult<unknown> }> = {
	0x2a37: { name: 'Heart Rate Measurement', parse: parseHeartRateMeasurement },
	0x2a35: { name: 'Blood Pressure Measurement', parse: parseBloodPressureMeasurement },
	0x2a1c: { name: 'Temperature Measurement', parse: parseTemperatureMeasurement },
	0x2a5e: { name: 'PLX Spot-Check Measurement', parse: parsePlxSpotCheck },
	0x2a5f: { name: 'PLX Continuous Measurement', parse: parsePlxContinuous },
	0x2a18: { name: 'Glucose Measurement', parse: parseGlucoseMeasurement },
	0x2a52: { name: 'Record Access Control Point', parse: parseRacpResponse },
	0x2a9d: { name: 'Weight Measurement', parse: parseWeightMeasurement },
	0x2a19: { name: 'Battery Level', parse: parseBatteryLevel },
	0x2a29: { name: 'Manufacturer Name String', parse: (v) => parseDeviceInfoString('manufacturer', v) },
	0x2a24: { name: 'Model Number String', parse: (v) => parseDeviceInfoString('model', v) },
	0x2a25: { name: 'Serial Number String', parse: (v) => parseDeviceInfoString('serial', v) },
	0x2a26: { name: 'Firmware Revision String', parse: (v) => parseDeviceInfoString('firmware', v) }
};

/** The 16-bit number of a characteristic written as `2A37`, `0x2a37` or a full 128-bit UUID; undefined when it is none. */
export function characteristicNumber(characteristic: string): number | undefined {
	const match = /^(?:0x)?([0-9a-f]{4})$|^0000([0-9a-f]{4})-0000-1000-8000-00805f9b34fb$/i.exec(characteristic.trim());
	return match ? Number.parseInt(match[1] ?? match[2], 16) : undefined;
}

/** Parses the bytes of a characteristic given as `2A37`, `0x2a37` or a full 128-bit UUID. */
export function parseCharacteristic(characteristic: string, view: DataView): GattResult<unknown> {
	const number = characteristicNumber(characteristic);
	const parser = number === undefined ? undefined : CHARACTERISTIC_PARSERS[number];
	if (!parser) return gattError('unknown-characteristic', `No parser for characteristic ${characteristic}`);
	return parser.parse(view);
}
