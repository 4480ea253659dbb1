import type { ConnectionState } from '../ble/index.ts';

/** A paired device as the device panel shows it. */
export interface DeviceRow {
	id: string;
	name: string;
	driverId: string;
	batteryPercent?: number;
	model?: string;
	state: ConnectionState;
	error?: string;
}
