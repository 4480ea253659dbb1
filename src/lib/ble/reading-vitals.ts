// What a device reading means clinically: the vital-sign values it carries, in FieldCare's units,
// and the time of measurement when the device knows it (a glucose meter's stored record).
import type { VitalSignKey } from '../domain/index.ts';
import type { MeasurementReading } from './driver.ts';

export interface VitalValue {
	key: VitalSignKey;
	value: number;
	/** UCUM unit the device sent when it differs from the stored one (kPa, [degF], [lb_av], kg/L, mol/L). */
	sourceUnit?: string;
}

export function vitalsOfReading(reading: MeasurementReading): VitalValue[] {
	switch (reading.kind) {
		case 'heart-rate':
			return [{ key: 'heart-rate', value: reading.bpm }];
		case 'blood-pressure': {
			const sourceUnit = reading.unitSent === 'kPa' ? 'kPa' : undefined;
			const values: VitalValue[] = [
				{ key: 'systolic', value: reading.systolic, sourceUnit },
				{ key: 'diastolic', value: reading.diastolic, sourceUnit }
			];
			if (reading.meanArterial !== undefined) values.push({ key: 'mean-arterial', value: reading.meanArterial, sourceUnit });
			if (reading.pulseBpm !== undefined) values.push({ key: 'heart-rate', value: reading.pulseBpm });
			return values.map(dropUndefined);
		}
		case 'temperature':
			return [dropUndefined({ key: 'temperature', value: reading.celsius, sourceUnit: reading.unitSent === '[degF]' ? '[degF]' : undefined })];
		case 'pulse-oximeter':
			return [
				{ key: 'spo2', value: reading.spo2 },
				{ key: 'heart-rate', value: reading.pulseBpm }
			];
		case 'glucose':
			return reading.mgPerDl === undefined ? [] : [{ key: 'glucose', value: reading.mgPerDl, sourceUnit: reading.unitSent }];
		case 'weight': {
			const values: VitalValue[] = [dropUndefined({ key: 'weight', value: reading.kg, sourceUnit: reading.unitSent === '[lb_av]' ? '[lb_av]' : undefined })];
			if (reading.heightCm) values.push({ key: 'height', value: reading.heightCm });
			if (reading.bmi) values.push({ key: 'bmi', value: reading.bmi });
			return values;
		}
	}
}

/** The device's own time of measurement (local time, no zone on the wire), if it sent one. */
export function measuredAt(reading: MeasurementReading): Date | undefined {
	const local = 'timestamp' in reading ? reading.timestamp : undefined;
	if (!local) return undefined;
	const date = new Date(local); // no offset: read as the tablet's local time, as the device shows it
	return Number.isNaN(date.getTime()) ? undefined : date;
}

function dropUndefined(value: VitalValue): VitalValue {
	if (value.sourceUnit === undefined) delete value.sourceUnit;
	return value;
}
