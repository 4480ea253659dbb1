// App-wide Bluetooth devices: which adapter (the browser's, the simulated demo one, or none),
// the paired devices, their links, and the readings that arrived and wait for the user to confirm.
import {
	bluetoothUnavailableReason,
	createDemoBluetooth,
	DeviceConnection,
	isChooserCancelled,
	standardRegistry,
	webBluetooth,
	type BleAdapter,
	type BleDevice,
	type ConnectionState,
	type MeasurementReading
} from '../ble/index.ts';
import { deviceStore, getSetting, setSetting, type PairedDevice } from '../db/index.ts';
import type { GlucoseUnit } from '../domain/index.ts';
import { DEMO_SERVER } from './session.svelte.ts';

const SIMULATED_SETTING = 'simulatedDevices';
const GLUCOSE_UNIT_SETTING = 'glucoseUnit';
/** Continuous measurements replace their previous unconfirmed value instead of piling up. */
const CONTINUOUS_KINDS = new Set<MeasurementReading['kind']>(['heart-rate']);

export interface PendingReading {
	key: string;
	deviceId: string;
	deviceName: string;
	reading: MeasurementReading;
	rawHex: string;
	receivedAt: Date;
}

export interface GarbledMessage {
	key: string;
	deviceName: string;
	message: string;
	rawHex: string;
	at: Date;
}

export interface LinkState {
	state: ConnectionState;
	error?: string;
}

export type PairResult = { ok: true; device: PairedDevice } | { ok: false; reason: 'cancelled' | 'unknown-device' | 'unavailable' | 'failed'; detail?: string };

class Devices {
	#simulated = $state(false);
	#glucoseUnit = $state<GlucoseUnit>('mg/dL');
	#paired = $state<PairedDevice[]>([]);
	#links = $state<Record<string, LinkState>>({});
	#pending = $state<PendingReading[]>([]);
	#garbled = $state<GarbledMessage[]>([]);
	#loaded = false;
	#counter = 0;
	readonly #connections = new Map<string, DeviceConnection>();
	readonly #registry = standardRegistry();
	#demo: ReturnType<typeof createDemoBluetooth> | undefined;

	get simulated(): boolean {
		return this.#simulated;
	}
	/** How this user reads glucose; values are stored in mg/dL either way. */
	get glucoseUnit(): GlucoseUnit {
		return this.#glucoseUnit;
	}
	/** The kinds of device the app can pair (the registered drivers). */
	get driverIds(): string[] {
		return this.#registry.all().map((driver) => driver.id);
	}
	/** The devices of the current mode (simulated ones only in demo mode). */
	get paired(): PairedDevice[] {
		return this.#paired.filter((device) => device.simulated === this.#simulated);
	}
	get pending(): PendingReading[] {
		return this.#pending;
	}
	get garbled(): GarbledMessage[] {
		return this.#garbled;
	}
	link(id: string): LinkState {
		return this.#links[id] ?? { state: 'disconnected' };
	}
	/** Why there is no Bluetooth here (manual entry only), or undefined when there is. */
	get unavailableReason(): 'insecure-context' | 'unsupported-browser' | undefined {
		return this.#simulated ? undefined : bluetoothUnavailableReason();
	}

	async load(): Promise<void> {
		if (this.#loaded) return;
		this.#loaded = true;
		this.#simulated = (await getSetting<boolean>(SIMULATED_SETTING)) ?? (await getSetting<boolean>(DEMO_SERVER)) ?? false;
		this.#glucoseUnit = (await getSetting<GlucoseUnit>(GLUCOSE_UNIT_SETTING)) ?? 'mg/dL';
		this.#paired = await deviceStore.pairedDevices.all();
	}

	async setGlucoseUnit(unit: GlucoseUnit): Promise<void> {
		this.#glucoseUnit = unit;
		await setSetting(GLUCOSE_UNIT_SETTING, unit);
	}

	async setSimulated(on: boolean): Promise<void> {
		await this.disconnectAll();
		this.#simulated = on;
		await setSetting(SIMULATED_SETTING, on);
	}

	#adapter(): BleAdapter | undefined {
		if (!this.#simulated) return webBluetooth();
		this.#demo ??= createDemoBluetooth();
		this.#demo.grant(this.#paired.filter((d) => d.simulated).map((d) => d.id));
		return this.#demo;
	}

	/** Opens the browser's chooser for a kind of device (a driver id), or any known kind. */
	async pair(driverId?: string): Promise<PairResult> {
		const adapter = this.#adapter();
		if (!adapter) return { ok: false, reason: 'unavailable' };
		let device: BleDevice;
		try {
			device = await adapter.requestDevice(this.#registry.requestOptions(driverId ? [driverId] : undefined));
		} catch (err) {
			if (isChooserCancelled(err)) return { ok: false, reason: 'cancelled' };
			return { ok: false, reason: 'failed', detail: err instanceof Error ? err.message : String(err) };
		}
		let driver = driverId ? this.#registry.get(driverId) : undefined;
		try {
			if (!driver && device.gatt) driver = await this.#registry.detect(await device.gatt.connect());
		} catch (err) {
			return { ok: false, reason: 'failed', detail: err instanceof Error ? err.message : String(err) };
		}
		if (!driver) return { ok: false, reason: 'unknown-device' };
		const paired: PairedDevice = {
			id: device.id,
			name: device.name || driver.id,
			driverId: driver.id,
			simulated: this.#simulated,
			pairedAt: new Date().toISOString(),
			memory: this.#paired.find((d) => d.id === device.id)?.memory ?? {}
		};
		await this.#store(paired);
		await this.#open(device, paired);
		return { ok: true, device: paired };
	}

	/** Connects the paired devices the browser still lets us use, without the chooser. */
	async reconnectAll(): Promise<void> {
		await this.load();
		const adapter = this.#adapter();
		if (!adapter?.getDevices) return;
		let granted: BleDevice[];
		try {
			granted = await adapter.getDevices();
		} catch {
			return;
		}
		for (const paired of this.paired) {
			const device = granted.find((d) => d.id === paired.id);
			if (device && !this.#connections.has(paired.id)) void this.#open(device, paired);
		}
	}

	async disconnect(id: string): Promise<void> {
		const connection = this.#connections.get(id);
		this.#connections.delete(id);
		await connection?.close();
		this.#links[id] = { state: 'disconnected' };
	}

	async disconnectAll(): Promise<void> {
		await Promise.all([...this.#connections.keys()].map((id) => this.disconnect(id)));
	}

	async forget(id: string): Promise<void> {
		await this.disconnect(id);
		await deviceStore.pairedDevices.delete(id);
		this.#paired = this.#paired.filter((d) => d.id !== id);
	}

	/** Sign-out: links closed, unconfirmed readings and messages gone with the user. */
	async signOut(): Promise<void> {
		await this.disconnectAll();
		this.#pending = [];
		this.#garbled = [];
	}

	/** The user confirmed (and saved) or discarded a reading. */
	settle(key: string): void {
		this.#pending = this.#pending.filter((p) => p.key !== key);
	}

	dismissGarbled(key: string): void {
		this.#garbled = this.#garbled.filter((g) => g.key !== key);
	}

	/** Updates the list at once (so concurrent updates build on each other), then persists. */
	async #store(device: PairedDevice): Promise<void> {
		const known = this.#paired.some((d) => d.id === device.id);
		this.#paired = known ? this.#paired.map((d) => (d.id === device.id ? device : d)) : [...this.#paired, device];
		await deviceStore.pairedDevices.put($state.snapshot(device) as PairedDevice);
	}

	async #update(id: string, patch: Partial<PairedDevice>): Promise<void> {
		const current = this.#paired.find((d) => d.id === id);
		if (current) await this.#store({ ...current, ...patch });
	}

	async #open(device: BleDevice, paired: PairedDevice): Promise<void> {
		const driver = this.#registry.get(paired.driverId);
		if (!driver) return;
		await this.#connections.get(paired.id)?.close();
		const name = paired.name;
		const connection = new DeviceConnection(
			device,
			driver,
			{
				state: (state, error) => {
					this.#links[paired.id] = { state, error };
					if (state === 'connected') void this.#update(paired.id, { lastConnectedAt: new Date().toISOString() });
				},
				battery: (percent) => void this.#update(paired.id, { batteryPercent: percent }),
				details: (details) => void this.#update(paired.id, { details }),
				remember: (memory) => void this.#update(paired.id, { memory: { ...memory } }),
				reading: ({ reading, rawHex, receivedAt }) => {
					const entry: PendingReading = { key: `r${++this.#counter}`, deviceId: paired.id, deviceName: name, reading, rawHex, receivedAt };
					const replaced = CONTINUOUS_KINDS.has(reading.kind) ? this.#pending.filter((p) => !(p.deviceId === paired.id && p.reading.kind === reading.kind)) : this.#pending;
					this.#pending = [...replaced, entry];
				},
				garbled: (error, rawHex) => {
					this.#garbled = [...this.#garbled.slice(-4), { key: `g${++this.#counter}`, deviceName: name, message: error.message, rawHex, at: new Date() }];
				}
			},
			{ memory: { ...paired.memory } }
		);
		this.#connections.set(paired.id, connection);
		await connection.open();
	}
}

export const devices = new Devices();
