// Drivers for the standard GATT health profiles (Bluetooth SIG: Heart Rate, Blood Pressure,
// Health Thermometer, Pulse Oximeter, Weight Scale, Glucose services).
import { parseBloodPressureMeasurement } from './blood-pressure.ts';
import { SERVICE, CHARACTERISTIC } from './uuids.ts';
import { subscribeParsed, type DeviceDriver, type DriverStartOptions, type MeasurementReading } from './driver.ts';
import { toHex, type GattResult } from './gatt-result.ts';
import { parseGlucoseMeasurement, parseRacpResponse, RACP_REPORT_ALL, racpReportFrom } from './glucose.ts';
import { parseHeartRateMeasurement } from './heart-rate.ts';
import { parsePlxContinuous, parsePlxSpotCheck } from './pulse-oximeter.ts';
import { parseTemperatureMeasurement } from './temperature.ts';
import { eventValue, type BleGattServer } from './transport.ts';
import { parseWeightMeasurement } from './weight.ts';

/** A profile with one measurement characteristic: every parsed value is a reading. */
function singleMeasurementDriver<T extends MeasurementReading>(
	id: string,
	service: number,
	characteristic: number,
	parse: (view: DataView) => GattResult<T>
): DeviceDriver {
	return {
		id,
		service,
		optionalServices: [],
		async start(server: BleGattServer, { sink }: DriverStartOptions) {
			const { stop } = await subscribeParsed(server, service, characteristic, parse, (reading, rawHex) => sink.reading({ reading, rawHex, receivedAt: new Date() }), sink);
			return stop;
		}
	};
}

export const heartRateDriver = singleMeasurementDriver('heart-rate', SERVICE.heartRate, CHARACTERISTIC.heartRateMeasurement, parseHeartRateMeasurement);
export const bloodPressureDriver = singleMeasurementDriver('blood-pressure', SERVICE.bloodPressure, CHARACTERISTIC.bloodPressureMeasurement, parseBloodPressureMeasurement);
export const thermometerDriver = singleMeasurementDriver('thermometer', SERVICE.healthThermometer, CHARACTERISTIC.temperatureMeasurement, parseTemperatureMeasurement);
export const weightScaleDriver = singleMeasurementDriver('weight-scale', SERVICE.weightScale, CHARACTERISTIC.weightMeasurement, parseWeightMeasurement);

/** Oximeters offer spot-check, continuous or both; the driver takes what is there. */
export const pulseOximeterDriver: DeviceDriver = {
	id: 'pulse-oximeter',
	service: SERVICE.pulseOximeter,
	optionalServices: [],
	async start(server, { sink }) {
		const deliver = (reading: MeasurementReading, rawHex: string) => sink.reading({ reading, rawHex, receivedAt: new Date() });
		const stops: (() => Promise<void>)[] = [];
		for (const [characteristic, parse] of [
			[CHARACTERISTIC.plxSpotCheck, parsePlxSpotCheck],
			[CHARACTERISTIC.plxContinuous, parsePlxContinuous]
		] as const) {
			try {
				stops.push((await subscribeParsed(server, SERVICE.pulseOximeter, characteristic, parse, deliver, sink)).stop);
			} catch (err) {
				if (!isNotFound(err)) throw err;
			}
		}
		if (stops.length === 0) throw new Error('pulse oximeter offers neither spot-check nor continuous measurements');
		return async () => {
			await Promise.all(stops.map((stop) => stop()));
		};
	}
};

/**
 * Glucose meters store their records; on connect the driver asks (Record Access Control Point)
 * for every record newer than the last one it received, and drops records it has seen before.
 */
export const glucoseMeterDriver: DeviceDriver = {
	id: 'glucose-meter',
	service: SERVICE.glucose,
	optionalServices: [],
	async start(server, { sink, memory, remember }) {
		let lastSequence = memory.lastSequence ?? -1;
		const measurements = await subscribeParsed(
			server,
			SERVICE.glucose,
			CHARACTERISTIC.glucoseMeasurement,
			parseGlucoseMeasurement,
			(reading, rawHex) => {
				if (reading.sequence <= lastSequence) return; // already received in an earlier transfer
				lastSequence = reading.sequence;
				remember({ lastSequence });
				sink.reading({ reading, rawHex, receivedAt: new Date() });
			},
			sink
		);
		const racp = await (await server.getPrimaryService(SERVICE.glucose)).getCharacteristic(CHARACTERISTIC.recordAccessControlPoint);
		const onRacp = (event: Event) => {
			const view = eventValue(event);
			const response = view ? parseRacpResponse(view) : undefined;
			if (view && response && !response.ok) sink.garbled(response.error, toHex(view));
		};
		racp.addEventListener('characteristicvaluechanged', onRacp);
		await racp.startNotifications();
		await racp.writeValue(lastSequence >= 0 ? racpReportFrom(lastSequence + 1) : RACP_REPORT_ALL);
		return async () => {
			racp.removeEventListener('characteristicvaluechanged', onRacp);
			await measurements.stop();
		};
	}
};

function isNotFound(err: unknown): boolean {
	return err instanceof Error && (err.name === 'NotFoundError' || /not found/i.test(err.message));
}

export const STANDARD_DRIVERS: readonly DeviceDriver[] = [heartRateDriver, bloodPressureDriver, thermometerDriver, pulseOximeterDriver, glucoseMeterDriver, weightScaleDriver];
