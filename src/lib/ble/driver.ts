// A device driver turns one kind of Bluetooth device into readings. Standard GATT profiles share
// one implementation (profile-drivers.ts); a proprietary device (some Omron, Beurer, Withings
// models) gets its own driver, registered in the DriverRegistry without touching the rest.
import type { BloodPressureReading } from './blood-pressure.ts';
import { toHex, type GattError, type GattResult } from './gatt-result.ts';
import type { GlucoseReading } from './glucose.ts';
import type { HeartRateReading } from './heart-rate.ts';
import type { PulseOximeterReading } from './pulse-oximeter.ts';
import type { TemperatureReading } from './temperature.ts';
import { eventValue, type BleCharacteristic, type BleGattServer, type BleUuid } from './transport.ts';
import type { WeightReading } from './weight.ts';

export type MeasurementReading = HeartRateReading | BloodPressureReading | TemperatureReading | PulseOximeterReading | GlucoseReading | WeightReading;

export interface DeviceReading {
	reading: MeasurementReading;
	/** The bytes as received, kept with the observation for audit. */
	rawHex: string;
	receivedAt: Date;
}

/** Where a driver delivers what the device sends. */
export interface ReadingSink {
	reading(reading: DeviceReading): void;
	/** Bytes the parser refused: the user is told, nothing is saved, the session goes on. */
	garbled(error: GattError, rawHex: string): void;
}

/** What a driver remembers about one device between sessions (stored with the paired device). */
export interface DriverMemory {
	/** Glucose meters: the highest record sequence number already received. */
	lastSequence?: number;
}

export interface DriverStartOptions {
	sink: ReadingSink;
	memory: DriverMemory;
	/** Called when the driver learns something worth remembering (e.g. a new record sequence). */
	remember(memory: DriverMemory): void;
}

export interface DeviceDriver {
	/** Stable id, stored with the paired device. */
	readonly id: string;
	/** The service the device chooser filters on and by which a device is recognised. */
	readonly service: BleUuid;
	/** Further services the driver reads (must be named to the browser up front). */
	readonly optionalServices: readonly BleUuid[];
	/** Subscribes to the device's measurements; resolves to a function that unsubscribes. */
	start(server: BleGattServer, options: DriverStartOptions): Promise<() => Promise<void>>;
}

/** Subscribes to notifications or indications of one characteristic and parses each value. */
export async function subscribeParsed<T extends MeasurementReading>(
	server: BleGattServer,
	service: BleUuid,
	characteristic: BleUuid,
	parse: (view: DataView) => GattResult<T>,
	onReading: (reading: T, rawHex: string) => void,
	sink: ReadingSink
): Promise<{ characteristic: BleCharacteristic; stop: () => Promise<void> }> {
	const target = await (await server.getPrimaryService(service)).getCharacteristic(characteristic);
	const onValue = (event: Event) => {
		const view = eventValue(event);
		if (!view) return;
		const rawHex = toHex(view);
		const result = parse(view);
		if (result.ok) onReading(result.reading, rawHex);
		else sink.garbled(result.error, rawHex);
	};
	target.addEventListener('characteristicvaluechanged', onValue);
	await target.startNotifications();
	return {
		characteristic: target,
		stop: async () => {
			target.removeEventListener('characteristicvaluechanged', onValue);
			if (server.connected) await target.stopNotifications().catch(() => undefined);
		}
	};
}
