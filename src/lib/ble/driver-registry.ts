// Which drivers the app knows. Adding a proprietary device means registering one more driver.
import type { DeviceDriver } from './driver.ts';
import { STANDARD_DRIVERS } from './profile-drivers.ts';
import type { BleGattServer, BleRequestOptions, BleUuid } from './transport.ts';
import { SERVICE } from './uuids.ts';

export class DriverRegistry {
	readonly #drivers = new Map<string, DeviceDriver>();

	constructor(drivers: readonly DeviceDriver[] = []) {
		for (const driver of drivers) this.register(driver);
	}

	register(driver: DeviceDriver): void {
		if (this.#drivers.has(driver.id)) throw new Error(`a driver with id "${driver.id}" is already registered`);
		this.#drivers.set(driver.id, driver);
	}

	get(id: string): DeviceDriver | undefined {
		return this.#drivers.get(id);
	}

	all(): DeviceDriver[] {
		return [...this.#drivers.values()];
	}

	/** The chooser shows devices offering any registered service; every service a driver reads is named up front, as Web Bluetooth requires. */
	requestOptions(only?: readonly string[]): BleRequestOptions {
		const drivers = only ? this.all().filter((d) => only.includes(d.id)) : this.all();
		const optional = new Set<BleUuid>([SERVICE.battery, SERVICE.deviceInformation]);
		for (const driver of drivers) for (const service of driver.optionalServices) optional.add(service);
		return { filters: drivers.map((driver) => ({ services: [driver.service] })), optionalServices: [...optional] };
	}

	/** The driver for a connected device: the first whose service the device offers. */
	async detect(server: BleGattServer): Promise<DeviceDriver | undefined> {
		for (const driver of this.#drivers.values()) {
			try {
				await server.getPrimaryService(driver.service);
				return driver;
			} catch {
				// not this one
			}
		}
		return undefined;
	}
}

export function standardRegistry(): DriverRegistry {
	return new DriverRegistry(STANDARD_DRIVERS);
}
