// Assigned numbers of the GATT services and characteristics FieldCare uses (Bluetooth SIG
// Assigned Numbers; 16-bit short forms of 0000xxxx-0000-1000-8000-00805f9b34fb).

export const SERVICE = {
	heartRate: 0x180d,
	bloodPressure: 0x1810,
	healthThermometer: 0x1809,
	pulseOximeter: 0x1822,
	glucose: 0x1808,
	weightScale: 0x181d,
	battery: 0x180f,
	deviceInformation: 0x180a
} as const;

export const CHARACTERISTIC = {
	heartRateMeasurement: 0x2a37,
	bloodPressureMeasurement: 0x2a35,
	temperatureMeasurement: 0x2a1c,
	plxSpotCheck: 0x2a5e,
	plxContinuous: 0x2a5f,
	glucoseMeasurement: 0x2a18,
	recordAccessControlPoint: 0x2a52,
	weightMeasurement: 0x2a9d,
	batteryLevel: 0x2a19,
	manufacturerName: 0x2a29,
	modelNumber: 0x2a24,
	serialNumber: 0x2a25,
	firmwareRevision: 0x2a26
} as const;

/** 16-bit UUIDs are short for 0000xxxx-0000-1000-8000-00805f9b34fb. */
export function fullUuid(short: number): string {
	return `0000${short.toString(16).padStart(4, '0')}-0000-1000-8000-00805f9b34fb`;
}
