// An in-memory GATT peripheral that behaves like a real one through the BleAdapter interfaces:
// demo and training mode run the real drivers on it, and so do the drivers' unit tests.
import type { BleAdapter, BleCharacteristic, BleDevice, BleGattServer, BleRequestOptions, BleService, BleUuid } from './transport.ts';
import { fullUuid } from './uuids.ts';

/** How long a simulated link takes to come up: long enough for the UI to show "connecting". */
const CONNECT_DELAY_MS = 150;

export function canonicalUuid(uuid: BleUuid): string {
	return typeof uuid === 'number' ? fullUuid(uuid) : uuid.toLowerCase();
}

function domError(name: string, message: string): Error {
	const error = new Error(message);
	error.name = name;
	return error;
}

export class SimulatedCharacteristic extends EventTarget implements BleCharacteristic {
	readonly uuid: string;
	value: DataView | null = null;
	#notifying = false;
	readonly #server: SimulatedGattServer;
	/** Answers a read; without it the characteristic is not readable. */
	read?: () => Uint8Array;
	/** Receives a write (e.g. a glucose meter's Record Access Control Point command). */
	onWrite?: (bytes: Uint8Array) => void;
	/** Called when the app subscribes (a cuff starts measuring when someone listens). */
	onSubscribe?: () => void;

	constructor(server: SimulatedGattServer, uuid: BleUuid) {
		super();
		this.#server = server;
		this.uuid = canonicalUuid(uuid);
	}

	get notifying(): boolean {
		return this.#notifying && this.#server.connected;
	}

	async readValue(): Promise<DataView> {
		this.#server.assertConnected();
		if (!this.read) throw domError('NotSupportedError', 'GATT operation not permitted.');
		return this.#publish(this.read());
	}

	async writeValue(value: Uint8Array): Promise<void> {
		this.#server.assertConnected();
		this.onWrite?.(Uint8Array.from(value));
	}

	async startNotifications(): Promise<BleCharacteristic> {
		this.#server.assertConnected();
		this.#notifying = true;
		this.onSubscribe?.();
		return this;
	}

	async stopNotifications(): Promise<BleCharacteristic> {
		this.#notifying = false;
		return this;
	}

	/** The peripheral sends a notification or indication; dropped when nobody subscribed. */
	emit(bytes: Uint8Array): boolean {
		if (!this.notifying) return false;
		this.#publish(bytes);
		return true;
	}

	/** A fresh subscription is needed after every reconnect, as with real devices. */
	reset(): void {
		this.#notifying = false;
	}

	#publish(bytes: Uint8Array): DataView {
		const view = new DataView(Uint8Array.from(bytes).buffer);
		this.value = view;
		this.dispatchEvent(new Event('characteristicvaluechanged'));
		return view;
	}
}

export class SimulatedService implements BleService {
	readonly uuid: string;
	readonly characteristics = new Map<string, SimulatedCharacteristic>();
	readonly #server: SimulatedGattServer;

	constructor(server: SimulatedGattServer, uuid: BleUuid) {
		this.#server = server;
		this.uuid = canonicalUuid(uuid);
	}

	add(uuid: BleUuid): SimulatedCharacteristic {
		const characteristic = new SimulatedCharacteristic(this.#server, uuid);
		this.characteristics.set(characteristic.uuid, characteristic);
		return characteristic;
	}

	async getCharacteristic(uuid: BleUuid): Promise<BleCharacteristic> {
		this.#server.assertConnected();
		const found = this.characteristics.get(canonicalUuid(uuid));
		if (!found) throw domError('NotFoundError', `No Characteristics matching UUID ${canonicalUuid(uuid)} found in Service.`);
		return found;
	}
}

export class SimulatedGattServer implements BleGattServer {
	#connected = false;
	readonly services = new Map<string, SimulatedService>();
	readonly #device: SimulatedDevice;
	/** Set by a test or the demo to make the next connection attempts fail. */
	failConnects = 0;
	connectDelayMs = CONNECT_DELAY_MS;

	constructor(device: SimulatedDevice) {
		this.#device = device;
	}

	get connected(): boolean {
		return this.#connected;
	}

	assertConnected(): void {
		if (!this.#connected) throw domError('NetworkError', 'GATT Server is disconnected. Cannot perform GATT operations.');
	}

	addService(uuid: BleUuid): SimulatedService {
		const service = new SimulatedService(this, uuid);
		this.services.set(service.uuid, service);
		return service;
	}

	async connect(): Promise<BleGattServer> {
		await new Promise((resolve) => setTimeout(resolve, this.connectDelayMs));
		if (this.failConnects > 0) {
			this.failConnects--;
			throw domError('NetworkError', 'Connection attempt failed.');
		}
		if (!this.#connected) {
			this.#connected = true;
			this.#device.behaviour?.connected();
		}
		return this;
	}

	disconnect(): void {
		if (!this.#connected) return;
		this.#connected = false;
		for (const service of this.services.values()) for (const characteristic of service.characteristics.values()) characteristic.reset();
		this.#device.behaviour?.disconnected();
		this.#device.dispatchEvent(new Event('gattserverdisconnected'));
	}

	async getPrimaryService(uuid: BleUuid): Promise<BleService> {
		this.assertConnected();
		const found = this.services.get(canonicalUuid(uuid));
		if (!found) throw domError('NotFoundError', `No Services matching UUID ${canonicalUuid(uuid)} found in Device.`);
		return found;
	}
}

/** What a simulated device does while connected (timers that produce measurements). */
export interface DeviceBehaviour {
	connected(): void;
	disconnected(): void;
}

export class SimulatedDevice extends EventTarget implements BleDevice {
	readonly id: string;
	readonly name: string;
	readonly gatt: SimulatedGattServer;
	behaviour?: DeviceBehaviour;

	constructor(id: string, name: string) {
		super();
		this.id = id;
		this.name = name;
		this.gatt = new SimulatedGattServer(this);
	}

	offers(uuid: BleUuid): boolean {
		return this.gatt.services.has(canonicalUuid(uuid));
	}

	/** The device goes out of range or is switched off. */
	dropLink(): void {
		this.gatt.disconnect();
	}
}

/** `navigator.bluetooth` for demo mode: the "chooser" picks the first device matching the filters. */
export class SimulatedBluetooth implements BleAdapter {
	readonly devices: SimulatedDevice[];
	readonly #granted = new Set<string>();

	constructor(devices: SimulatedDevice[]) {
		this.devices = devices;
	}

	async requestDevice(options: BleRequestOptions): Promise<BleDevice> {
		const match = this.devices.find((device) => options.filters.some((filter) => filter.services.every((service) => device.offers(service))));
		if (!match) throw domError('NotFoundError', 'User cancelled the requestDevice() chooser.');
		this.#granted.add(match.id);
		return match;
	}

	async getDevices(): Promise<BleDevice[]> {
		return this.devices.filter((device) => this.#granted.has(device.id));
	}

	/** Permissions survive a reload in a browser; the demo restores them from the paired list. */
	grant(ids: Iterable<string>): void {
		for (const id of ids) this.#granted.add(id);
	}
}
