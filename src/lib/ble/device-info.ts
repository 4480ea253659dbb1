// Battery Level 0x2A19 (Battery Service) and the Device Information strings (0x2A29, 0x2A24, 0x2A25, 0x2A26).
import { gattError, gattOk, type GattResult } from './gatt-result.ts';

const BATTERY_FULL = 100;

export interface BatteryReading {
	kind: 'battery';
	percent: number;
}

export function parseBatteryLevel(view: DataView): GattResult<BatteryReading> {
	if (view.byteLength < 1) return gattError('short-buffer', 'Battery Level: no byte');
	const percent = view.getUint8(0);
	if (percent > BATTERY_FULL) return gattError('invalid-value', `Battery Level: ${percent} % is over ${BATTERY_FULL}`);
	return gattOk({ kind: 'battery', percent });
}

/** One uint8 of 0–100 %; anything else is refused with a RangeError. */
export function encodeBatteryLevel(percent: number): Uint8Array {
	if (!Number.isInteger(percent) || percent < 0 || percent > BATTERY_FULL) throw new RangeError(`Battery Level: ${percent} is no whole percentage`);
	return Uint8Array.from([percent]);
}

export interface DeviceInfoString {
	kind: 'device-info';
	field: 'manufacturer' | 'model' | 'serial' | 'firmware';
	value: string;
}

/** UTF-8 strings; trailing NULs (some devices pad) are dropped, invalid UTF-8 becomes U+FFFD, never a throw. */
export function parseDeviceInfoString(field: DeviceInfoString['field'], view: DataView): GattResult<DeviceInfoString> {
	const text = new TextDecoder('utf-8', { fatal: false }).decode(view).replace(/\0+$/, '').trim();
	return gattOk({ kind: 'device-info', field, value: text.slice(0, 64) });
}
