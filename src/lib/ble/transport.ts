// The part of the Web Bluetooth API the drivers use, as interfaces: the browser's
// `navigator.bluetooth` (web-bluetooth.ts) and the simulated demo adapter (simulated.ts) both fit it.
// Web Bluetooth is not in TypeScript's DOM library, so these are the types the app relies on.

/** A 16-bit assigned number (0x180D) or a full 128-bit UUID string. */
export type BleUuid = number | string;

export interface BleRequestOptions {
	filters: { services: BleUuid[]; namePrefix?: string }[];
	optionalServices?: BleUuid[];
}

export interface BleCharacteristic extends EventTarget {
	readonly uuid: string;
	readonly value?: DataView | null;
	readValue(): Promise<DataView>;
	writeValue(value: Uint8Array): Promise<void>;
	startNotifications(): Promise<BleCharacteristic>;
	stopNotifications(): Promise<BleCharacteristic>;
}

export interface BleService {
	readonly uuid: string;
	getCharacteristic(uuid: BleUuid): Promise<BleCharacteristic>;
}

export interface BleGattServer {
	readonly connected: boolean;
	connect(): Promise<BleGattServer>;
	disconnect(): void;
	getPrimaryService(uuid: BleUuid): Promise<BleService>;
}

/** Fires `gattserverdisconnected` when the link drops. */
export interface BleDevice extends EventTarget {
	readonly id: string;
	readonly name?: string | null;
	readonly gatt?: BleGattServer;
}

export interface BleAdapter {
	/** Shows the browser's device chooser; rejects with NotFoundError when the user cancels. */
	requestDevice(options: BleRequestOptions): Promise<BleDevice>;
	/** Devices this origin was already allowed to use: reconnect without the chooser (not in every browser). */
	getDevices?(): Promise<BleDevice[]>;
}

/** The value a `characteristicvaluechanged` event carries. */
export function eventValue(event: Event): DataView | undefined {
	return (event.target as BleCharacteristic | null)?.value ?? undefined;
}
