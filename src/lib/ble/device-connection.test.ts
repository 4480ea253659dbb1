import { describe, expect, it } from 'vitest';
import { DeviceConnection, MAX_RECONNECT_ATTEMPTS, type ConnectionListener, type ConnectionState } from './device-connection.ts';
import type { DeviceReading, DriverMemory } from './driver.ts';
import { DriverRegistry, standardRegistry } from './driver-registry.ts';
import type { GattError } from './gatt-result.ts';
import { encodeHeartRateMeasurement } from './heart-rate.ts';
import { glucoseMeterDriver, heartRateDriver } from './profile-drivers.ts';
import { SimulatedBluetooth, SimulatedDevice } from './simulated-gatt.ts';
import { CHARACTERISTIC, fullUuid, SERVICE } from './uuids.ts';

function heartRateMonitor() {
	const device = new SimulatedDevice('hr-1', 'Test HR');
	device.gatt.connectDelayMs = 0;
	const measurement = device.gatt.addService(SERVICE.heartRate).add(CHARACTERISTIC.heartRateMeasurement);
	device.gatt.addService(SERVICE.battery).add(CHARACTERISTIC.batteryLevel).read = () => Uint8Array.of(64);
	const info = device.gatt.addService(SERVICE.deviceInformation);
	info.add(CHARACTERISTIC.manufacturerName).read = () => new TextEncoder().encode('ACME Medical\0');
	info.add(CHARACTERISTIC.modelNumber).read = () => new TextEncoder().encode('HR-7');
	return { device, measurement };
}

/** Records what the connection reports; retries run when the test says so. */
function recorder(memory: DriverMemory = {}) {
	const states: ConnectionState[] = [];
	const readings: DeviceReading[] = [];
	const garbled: { error: GattError; rawHex: string }[] = [];
	const details: Record<string, string | undefined>[] = [];
	const delays: number[] = [];
	const queue: (() => void)[] = [];
	let battery: number | undefined;
	const remembered: DriverMemory[] = [];
	const listener: ConnectionListener = {
		state: (state) => states.push(state),
		battery: (percent) => (battery = percent),
		details: (d) => details.push({ ...d }),
		reading: (r) => readings.push(r),
		garbled: (error, rawHex) => garbled.push({ error, rawHex }),
		remember: (m) => remembered.push({ ...m })
	};
	const options = {
		memory,
		random: () => 0.5,
		schedule: (run: () => void, ms: number) => {
			delays.push(ms);
			queue.push(run);
			return queue.length;
		},
		cancel: () => undefined
	};
	return { listener, options, states, readings, garbled, details, delays, queue, remembered, battery: () => battery };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('DeviceConnection with a heart-rate monitor', () => {
	it('connects, reads battery and device information, and delivers parsed readings with their raw bytes', async () => {
		const { device, measurement } = heartRateMonitor();
		const rec = recorder();
		const connection = new DeviceConnection(device, heartRateDriver, rec.listener, rec.options);
		await connection.open();
		await settle();
		expect(rec.states).toEqual(['connecting', 'connected']);
		expect(rec.battery()).toBe(64);
		expect(rec.details.at(-1)).toEqual({ manufacturer: 'ACME Medical', model: 'HR-7' });

		expect(measurement.emit(Uint8Array.of(0x10, 0x48, 0x00, 0x04))).toBe(true);
		expect(rec.readings).toHaveLength(1);
		expect(rec.readings[0].reading).toMatchObject({ kind: 'heart-rate', bpm: 72, rrIntervalsS: [1] });
		expect(rec.readings[0].rawHex).toBe('10480004');
		await connection.close();
	});

	it('reports garbled bytes without a reading and keeps the session going', async () => {
		const { device, measurement } = heartRateMonitor();
		const rec = recorder();
		const connection = new DeviceConnection(device, heartRateDriver, rec.listener, rec.options);
		await connection.open();
		measurement.emit(Uint8Array.of(0x01, 0x48)); // uint16 announced, one byte sent
		measurement.emit(Uint8Array.of());
		measurement.emit(encodeHeartRateMeasurement({ bpm: 80 }));
		expect(rec.garbled.map((g) => g.error.code)).toEqual(['short-buffer', 'short-buffer']);
		expect(rec.garbled[0].rawHex).toBe('0148');
		expect(rec.readings.map((r) => (r.reading.kind === 'heart-rate' ? r.reading.bpm : 0))).toEqual([80]);
		expect(connection.state).toBe('connected');
		await connection.close();
	});

	it('reconnects with growing delays after the link drops, and readings flow again', async () => {
		const { device, measurement } = heartRateMonitor();
		const rec = recorder();
		const connection = new DeviceConnection(device, heartRateDriver, rec.listener, rec.options);
		await connection.open();
		device.gatt.failConnects = 2;
		device.dropLink();
		expect(connection.state).toBe('reconnecting');
		expect(measurement.emit(encodeHeartRateMeasurement({ bpm: 90 }))).toBe(false); // nobody is subscribed any more
		for (let i = 0; i < 3; i++) {
			rec.queue.shift()?.();
			await settle();
		}
		expect(connection.state).toBe('connected');
		expect(rec.delays).toEqual([1000, 2000, 4000]);
		measurement.emit(encodeHeartRateMeasurement({ bpm: 91 }));
		expect(rec.readings.map((r) => (r.reading.kind === 'heart-rate' ? r.reading.bpm : 0))).toEqual([91]);
		await connection.close();
	});

	it('gives up after the last attempt, and never reconnects once the user closed it', async () => {
		const { device } = heartRateMonitor();
		const rec = recorder();
		const connection = new DeviceConnection(device, heartRateDriver, rec.listener, rec.options);
		await connection.open();
		device.gatt.failConnects = 100;
		device.dropLink();
		for (let i = 0; i < MAX_RECONNECT_ATTEMPTS + 2; i++) {
			rec.queue.shift()?.();
			await settle();
		}
		expect(connection.state).toBe('disconnected');
		expect(rec.delays).toHaveLength(MAX_RECONNECT_ATTEMPTS);

		const second = recorder();
		const other = heartRateMonitor();
		const closed = new DeviceConnection(other.device, heartRateDriver, second.listener, second.options);
		await closed.open();
		await closed.close();
		other.device.dropLink();
		expect(second.queue).toHaveLength(0);
		expect(closed.state).toBe('disconnected');
	});
});

/** The DOMAIN.md glucose record (95 mg/dL, 2026-11-24 07:15) with another sequence number. */
function glucoseRecord(sequence: number): Uint8Array {
	const bytes = Uint8Array.of(0x02, 0x01, 0x00, 0xea, 0x07, 0x0b, 0x18, 0x07, 0x0f, 0x00, 0x5f, 0xb0, 0x11);
	bytes[1] = sequence & 0xff;
	bytes[2] = sequence >> 8;
	return bytes;
}

function glucoseMeter(records: number[]) {
	const device = new SimulatedDevice('gl-1', 'Test Glucose');
	device.gatt.connectDelayMs = 0;
	const service = device.gatt.addService(SERVICE.glucose);
	const measurement = service.add(CHARACTERISTIC.glucoseMeasurement);
	const racp = service.add(CHARACTERISTIC.recordAccessControlPoint);
	const commands: string[] = [];
	racp.onWrite = (bytes) => {
		commands.push([...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' '));
		const from = bytes[1] === 0x03 ? bytes[3] | (bytes[4] << 8) : 0;
		const sent = records.filter((seq) => seq >= from);
		for (const seq of sent) measurement.emit(glucoseRecord(seq));
		racp.emit(Uint8Array.of(0x06, 0x00, 0x01, sent.length ? 0x01 : 0x06));
	};
	return { device, measurement, commands };
}

describe('glucose meter driver (Record Access Control Point)', () => {
	it('asks for all records the first time, and only newer ones after that, dropping repeats', async () => {
		const meter = glucoseMeter([1, 2, 3]);
		const rec = recorder();
		const connection = new DeviceConnection(meter.device, glucoseMeterDriver, rec.listener, rec.options);
		await connection.open();
		expect(meter.commands).toEqual(['01 01']);
		expect(rec.readings.map((r) => (r.reading.kind === 'glucose' ? r.reading.sequence : -1))).toEqual([1, 2, 3]);
		expect(rec.readings[0].reading).toMatchObject({ mgPerDl: 95, timestamp: '2026-11-24T07:15:00' });
		expect(rec.remembered.at(-1)).toEqual({ lastSequence: 3 });
		meter.measurement.emit(glucoseRecord(2)); // a meter that resends an old record
		expect(rec.readings).toHaveLength(3);
		await connection.close();

		const again = recorder({ lastSequence: 3 });
		const next = new DeviceConnection(meter.device, glucoseMeterDriver, again.listener, again.options);
		await next.open();
		expect(meter.commands.at(-1)).toBe('01 03 01 04 00');
		expect(again.readings).toHaveLength(0);
		await next.close();
	});
});

describe('DriverRegistry', () => {
	it('names every driver service and battery/device information to the chooser', () => {
		const options = standardRegistry().requestOptions();
		expect(options.filters.map((f) => f.services[0])).toEqual([SERVICE.heartRate, SERVICE.bloodPressure, SERVICE.healthThermometer, SERVICE.pulseOximeter, SERVICE.glucose, SERVICE.weightScale]);
		expect(options.optionalServices).toEqual(expect.arrayContaining([SERVICE.battery, SERVICE.deviceInformation]));
		expect(standardRegistry().requestOptions(['glucose-meter']).filters).toEqual([{ services: [SERVICE.glucose] }]);
	});

	it('recognises a device by its service, and takes a proprietary driver without touching the rest', async () => {
		const vendorService = '6e400001-b5a3-f393-e0a9-e50e24dcca9e';
		const registry = standardRegistry();
		registry.register({ id: 'vendor-cuff', service: vendorService, optionalServices: [], start: async () => async () => undefined });
		expect(() => registry.register(heartRateDriver)).toThrow(/already registered/);
		const vendor = new SimulatedDevice('v-1', 'Vendor cuff');
		vendor.gatt.addService(vendorService);
		await vendor.gatt.connect();
		expect((await registry.detect(vendor.gatt))?.id).toBe('vendor-cuff');
		const { device } = heartRateMonitor();
		await device.gatt.connect();
		expect((await registry.detect(device.gatt))?.id).toBe('heart-rate');
		expect(await new DriverRegistry().detect(device.gatt)).toBeUndefined();
	});

	it('the simulated adapter chooses by service and remembers granted devices', async () => {
		const { device } = heartRateMonitor();
		const adapter = new SimulatedBluetooth([glucoseMeter([]).device, device]);
		expect(await adapter.getDevices()).toEqual([]);
		const chosen = await adapter.requestDevice({ filters: [{ services: [fullUuid(SERVICE.heartRate)] }] });
		expect(chosen.id).toBe('hr-1');
		expect((await adapter.getDevices()).map((d) => d.id)).toEqual(['hr-1']);
		await expect(adapter.requestDevice({ filters: [{ services: [SERVICE.weightScale] }] })).rejects.toThrow(/cancelled/);
	});
});
