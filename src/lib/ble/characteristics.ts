// Which parser reads which characteristic: the one table the drivers and the `gatt` CLI share.
import { parseBloodPressureMeasurement } from './blood-pressure.ts';
import { parseBatteryLevel, parseDeviceInfoString } from './device-info.ts';
import { gattError, type GattResult } from './gatt-result.ts';
import { parseGlucoseMeasurement, parseRacpResponse } from './glucose.ts';
import { parseHeartRateMeasurement } from './heart-rate.ts';
import { parsePlxContinuous, parsePlxSpotCheck } from './pulse-oximeter.ts';
import { parseTemperatureMeasurement } from './temperature.ts';
import { CHARACTERISTIC } from './uuids.ts';
import { parseWeightMeasurement } from './weight.ts';

export const CHARACTERISTIC_PARSERS: Record<number, { name: string; parse: (view: DataView) => GattResult<unknown> }> = {
	[CHARACTERISTIC.heartRateMeasurement]: { name: 'Heart Rate Measurement', parse: parseHeartRateMeasurement },
	[CHARACTERISTIC.bloodPressureMeasurement]: { name: 'Blood Pressure Measurement', parse: parseBloodPressureMeasurement },
	[CHARACTERISTIC.temperatureMeasurement]: { name: 'Temperature Measurement', parse: parseTemperatureMeasurement },
	[CHARACTERISTIC.plxSpotCheck]: { name: 'PLX Spot-Check Measurement', parse: parsePlxSpotCheck },
	[CHARACTERISTIC.plxContinuous]: { name: 'PLX Continuous Measurement', parse: parsePlxContinuous },
	[CHARACTERISTIC.glucoseMeasurement]: { name: 'Glucose Measurement', parse: parseGlucoseMeasurement },
	[CHARACTERISTIC.recordAccessControlPoint]: { name: 'Record Access Control Point', parse: parseRacpResponse },
	[CHARACTERISTIC.weightMeasurement]: { name: 'Weight Measurement', parse: parseWeightMeasurement },
	[CHARACTERISTIC.batteryLevel]: { name: 'Battery Level', parse: parseBatteryLevel },
	[CHARACTERISTIC.manufacturerName]: { name: 'Manufacturer Name String', parse: (v) => parseDeviceInfoString('manufacturer', v) },
	[CHARACTERISTIC.modelNumber]: { name: 'Model Number String', parse: (v) => parseDeviceInfoString('model', v) },
	[CHARACTERISTIC.serialNumber]: { name: 'Serial Number String', parse: (v) => parseDeviceInfoString('serial', v) },
	[CHARACTERISTIC.firmwareRevision]: { name: 'Firmware Revision String', parse: (v) => parseDeviceInfoString('firmware', v) }
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
