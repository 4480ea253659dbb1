// Demo and training devices: one simulated device per supported profile, sending plausible
// values through the same bytes, parsers and drivers as real hardware.
import { mulberry32 } from '../domain/index.ts';
import { encodeBloodPressureMeasurement } from './blood-pressure.ts';
import { encodeBatteryLevel } from './device-info.ts';
import { encodeGlucoseMeasurement, encodeRacpResponse } from './glucose.ts';
import { encodeHeartRateMeasurement } from './heart-rate.ts';
import { encodePlxSpotCheck } from './pulse-oximeter.ts';
import { SimulatedBluetooth, SimulatedDevice, type SimulatedCharacteristic } from './simulated-gatt.ts';
import { encodeTemperatureMeasurement } from './temperature.ts';
import { CHARACTERISTIC, SERVICE } from './uuids.ts';
import { encodeWeightMeasurement } from './weight.ts';

/** A heart-rate strap notifies about once a second. */
const HEART_RATE_PERIOD_MS = 1000;
/** A cuff, thermometer, oximeter or scale needs a moment before its one measurement. */
const MEASURING_MS = 1800;

type Random = () => number;
const around = (random: Random, centre: number, spread: number) => centre + (random() * 2 - 1) * spread;

function withInfo(device: SimulatedDevice, model: string, battery: number): void {
	device.gatt.addService(SERVICE.battery).add(CHARACTERISTIC.batteryLevel).read = () => encodeBatteryLevel(battery);
	const info = device.gatt.addService(SERVICE.deviceInformation);
	info.add(CHARACTERISTIC.manufacturerName).read = () => new TextEncoder().encode('FieldCare Demo');
	info.add(CHARACTERISTIC.modelNumber).read = () => new TextEncoder().encode(model);
}

/** Sends `measure()` on a characteristic: periodically, or once per subscription. */
function behave(device: SimulatedDevice, characteristic: SimulatedCharacteristic, measure: () => Uint8Array, periodMs?: number): void {
	const timers = new Set<ReturnType<typeof setTimeout>>();
	const stopAll = () => {
		for (const timer of timers) clearTimeout(timer);
		timers.clear();
	};
	characteristic.onSubscribe = () => {
		stopAll();
		const tick = () => {
			characteristic.emit(measure());
			if (periodMs) timers.add(setTimeout(tick, periodMs));
		};
		timers.add(setTimeout(tick, periodMs ?? MEASURING_MS));
	};
	device.behaviour = { connected: () => undefined, disconnected: stopAll };
}

function heartRateStrap(random: Random): SimulatedDevice {
	const device = new SimulatedDevice('demo-heart-rate', 'Demo Pulsgurt HR-1');
	const measurement = device.gatt.addService(SERVICE.heartRate).add(CHARACTERISTIC.heartRateMeasurement);
	withInfo(device, 'HR-1', 87);
	behave(device, measurement, () => encodeHeartRateMeasurement({ bpm: Math.round(around(random, 76, 6)), contactDetected: true }), HEART_RATE_PERIOD_MS);
	return device;
}

function bloodPressureCuff(random: Random): SimulatedDevice {
	const device = new SimulatedDevice('demo-blood-pressure', 'Demo Blutdruck BP-2');
	const measurement = device.gatt.addService(SERVICE.bloodPressure).add(CHARACTERISTIC.bloodPressureMeasurement);
	withInfo(device, 'BP-2', 64);
	behave(device, measurement, () => {
		const systolic = Math.round(around(random, 134, 12));
		return encodeBloodPressureMeasurement({ systolic, diastolic: Math.round(systolic * 0.62), meanArterial: Math.round(systolic * 0.75), pulseBpm: Math.round(around(random, 74, 8)) });
	});
	return device;
}

function thermometer(random: Random): SimulatedDevice {
	const device = new SimulatedDevice('demo-thermometer', 'Demo Thermometer T-3');
	const measurement = device.gatt.addService(SERVICE.healthThermometer).add(CHARACTERISTIC.temperatureMeasurement);
	withInfo(device, 'T-3', 92);
	behave(device, measurement, () => encodeTemperatureMeasurement({ celsius: Number(around(random, 36.9, 0.5).toFixed(1)), site: 'ear' }));
	return device;
}

function pulseOximeter(random: Random): SimulatedDevice {
	const device = new SimulatedDevice('demo-pulse-oximeter', 'Demo Pulsoximeter PO-4');
	const spotCheck = device.gatt.addService(SERVICE.pulseOximeter).add(CHARACTERISTIC.plxSpotCheck);
	withInfo(device, 'PO-4', 71);
	behave(device, spotCheck, () => encodePlxSpotCheck({ spo2: Math.round(around(random, 95.5, 2)), pulseBpm: Math.round(around(random, 78, 8)) }));
	return device;
}

function scale(random: Random): SimulatedDevice {
	const device = new SimulatedDevice('demo-weight-scale', 'Demo Waage W-5');
	const measurement = device.gatt.addService(SERVICE.weightScale).add(CHARACTERISTIC.weightMeasurement);
	withInfo(device, 'W-5', 55);
	behave(device, measurement, () => encodeWeightMeasurement({ kg: Number(around(random, 71, 6).toFixed(1)) }));
	return device;
}

/** A glucose meter holding the last three days' morning readings, sent on request (RACP). */
function glucoseMeter(random: Random, now: Date): SimulatedDevice {
	const device = new SimulatedDevice('demo-glucose-meter', 'Demo Blutzucker G-6');
	const service = device.gatt.addService(SERVICE.glucose);
	const measurement = service.add(CHARACTERISTIC.glucoseMeasurement);
	const racp = service.add(CHARACTERISTIC.recordAccessControlPoint);
	withInfo(device, 'G-6', 80);
	const records = [3, 2, 1].map((daysAgo, i) => {
		const at = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo, 7, 10 + i * 3);
		return { sequence: i + 1, at, mgPerDl: Math.round(around(random, 128, 25)) };
	});
	racp.onWrite = (command) => {
		const from = command[0] === 0x01 && command[1] === 0x03 ? command[3] | (command[4] << 8) : 0;
		const due = records.filter((record) => record.sequence >= from);
		setTimeout(() => {
			for (const record of due) measurement.emit(encodeGlucoseMeasurement({ sequence: record.sequence, baseTime: record.at, mgPerDl: record.mgPerDl, sampleType: 'capillary-whole-blood', sampleLocation: 'finger' }));
			racp.emit(encodeRacpResponse({ kind: 'done', request: 0x01, status: due.length ? 'success' : 'no-records' }));
		}, 300);
	};
	return device;
}

export function createDemoBluetooth(seed = Date.now() % 100_000, now = new Date()): SimulatedBluetooth {
	const random = mulberry32(seed);
	return new SimulatedBluetooth([heartRateStrap(random), bloodPressureCuff(random), thermometer(random), pulseOximeter(random), glucoseMeter(random, now), scale(random)]);
}
