// One paired device's link: connect, read battery and device information, run the driver, and
// reconnect with backoff when the link drops (a cuff switched off, a nurse walking out of range).
import { nextBackoff } from '../domain/index.ts';
import { parseBatteryLevel, parseDeviceInfoString, type DeviceInfoString } from './device-info.ts';
import type { DeviceDriver, DriverMemory, ReadingSink } from './driver.ts';
import type { BleDevice, BleGattServer } from './transport.ts';
import { CHARACTERISTIC, SERVICE } from './uuids.ts';

/** After this many failed attempts in a row the connection gives up until the user retries. */
export const MAX_RECONNECT_ATTEMPTS = 8;

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface DeviceDetails {
	manufacturer?: string;
	model?: string;
	serial?: string;
	firmware?: string;
}

export interface ConnectionListener extends ReadingSink {
	state(state: ConnectionState, error?: string): void;
	battery(percent: number): void;
	details(details: DeviceDetails): void;
	remember(memory: DriverMemory): void;
}

export interface ConnectionOptions {
	memory: DriverMemory;
	random?: () => number;
	schedule?: (run: () => void, ms: number) => unknown;
	cancel?: (handle: unknown) => void;
}

export class DeviceConnection {
	readonly device: BleDevice;
	readonly driver: DeviceDriver;
	readonly #listener: ConnectionListener;
	readonly #options: Required<ConnectionOptions>;
	#state: ConnectionState = 'disconnected';
	#stopDriver: (() => Promise<void>) | undefined;
	#closed = false;
	#retryHandle: unknown;
	#delay = 0;
	#attempts = 0;

	constructor(device: BleDevice, driver: DeviceDriver, listener: ConnectionListener, options: ConnectionOptions) {
		this.device = device;
		this.driver = driver;
		this.#listener = listener;
		this.#options = {
			random: Math.random,
			schedule: (run, ms) => setTimeout(run, ms),
			cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
			...options
		};
		device.addEventListener('gattserverdisconnected', this.#onDisconnected);
	}

	get state(): ConnectionState {
		return this.#state;
	}

	/** Connects and starts the driver; on failure, keeps trying with backoff. */
	async open(): Promise<void> {
		this.#closed = false;
		await this.#connect('connecting');
	}

	/** The user is done with the device: no more reconnects. */
	async close(): Promise<void> {
		this.#closed = true;
		this.#options.cancel(this.#retryHandle);
		this.device.removeEventListener('gattserverdisconnected', this.#onDisconnected);
		await this.#stopDriver?.().catch(() => undefined);
		this.#stopDriver = undefined;
		this.device.gatt?.disconnect();
		this.#setState('disconnected');
	}

	async #connect(state: 'connecting' | 'reconnecting'): Promise<void> {
		const gatt = this.device.gatt;
		if (!gatt) {
			this.#setState('disconnected', 'no GATT server');
			return;
		}
		this.#setState(state);
		try {
			const server = await gatt.connect();
			if (this.#closed) return;
			this.#stopDriver = await this.driver.start(server, {
				sink: this.#listener,
				memory: this.#options.memory,
				remember: (memory) => {
					Object.assign(this.#options.memory, memory);
					this.#listener.remember(memory);
				}
			});
			this.#delay = 0;
			this.#attempts = 0;
			this.#setState('connected');
			void this.#readExtras(server);
		} catch (err) {
			if (this.#closed) return;
			this.#scheduleReconnect(err instanceof Error ? err.message : String(err));
		}
	}

	readonly #onDisconnected = () => {
		// Characteristic objects outlive the link: drop our listeners so a reconnect does not double them.
		void this.#stopDriver?.().catch(() => undefined);
		this.#stopDriver = undefined;
		if (!this.#closed) this.#scheduleReconnect();
	};

	#scheduleReconnect(error?: string): void {
		this.#options.cancel(this.#retryHandle);
		if (++this.#attempts > MAX_RECONNECT_ATTEMPTS) {
			this.#setState('disconnected', error);
			return;
		}
		this.#setState('reconnecting', error);
		this.#delay = nextBackoff(this.#delay, this.#options.random);
		this.#retryHandle = this.#options.schedule(() => void this.#connect('reconnecting'), this.#delay);
	}

	#setState(state: ConnectionState, error?: string): void {
		this.#state = state;
		this.#listener.state(state, error);
	}

	/** Battery and device information are optional services: a device without them still measures. */
	async #readExtras(server: BleGattServer): Promise<void> {
		try {
			const battery = await (await server.getPrimaryService(SERVICE.battery)).getCharacteristic(CHARACTERISTIC.batteryLevel);
			const level = parseBatteryLevel(await battery.readValue());
			if (level.ok) this.#listener.battery(level.reading.percent);
		} catch {
			// no battery service
		}
		try {
			const service = await server.getPrimaryService(SERVICE.deviceInformation);
			const details: DeviceDetails = {};
			const fields: [DeviceInfoString['field'], number][] = [
				['manufacturer', CHARACTERISTIC.manufacturerName],
				['model', CHARACTERISTIC.modelNumber],
				['serial', CHARACTERISTIC.serialNumber],
				['firmware', CHARACTERISTIC.firmwareRevision]
			];
			for (const [field, uuid] of fields) {
				try {
					const parsed = parseDeviceInfoString(field, await (await service.getCharacteristic(uuid)).readValue());
					if (parsed.ok && parsed.reading.value) details[field] = parsed.reading.value;
				} catch {
					// this string is not offered
				}
			}
			this.#listener.details(details);
		} catch {
			// no device information service
		}
	}
}
