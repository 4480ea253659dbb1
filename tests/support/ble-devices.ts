// Emulated health devices for BleEmulation: the GATT profiles FieldCare reads (DOMAIN.md).
import type { PeripheralSpec, ServiceSpec, WriteHandler } from './ble-emulation.ts';

const battery = (level: number): ServiceSpec => ({ uuid: 0x180f, characteristics: [{ uuid: 0x2a19, properties: { read: true, notify: true }, value: Uint8Array.of(level) }] });

export function heartRateMonitor(address: string, name = 'HR Monitor', batteryLevel = 85): PeripheralSpec {
	return { address, name, advertisedServices: [0x180d], services: [{ uuid: 0x180d, characteristics: [{ uuid: 0x2a37, properties: { notify: true } }] }, battery(batteryLevel)] };
}

export function bloodPressureMeter(address: string, name = 'BP Meter', batteryLevel = 85): PeripheralSpec {
	return { address, name, advertisedServices: [0x1810], services: [{ uuid: 0x1810, characteristics: [{ uuid: 0x2a35, properties: { indicate: true } }] }, battery(batteryLevel)] };
}

/**
 * A glucose meter holding `records` (0x2A18 bytes). Its Record Access Control Point answers
 * "report all records" (01 01) by notifying each record then indicating 06 00 01 01, or 06 00 01 06
 * when it has none; "number of records" (04 01) with 05 00 <count>; anything else with
 * 06 00 <op> 02, op code not supported (GLS 1.0, section 4.11).
 */
export function glucoseMeter(address: string, records: Uint8Array[] = [], name = 'Glucose Meter'): PeripheralSpec {
	const answerRacp: WriteHandler = async (command, ble) => {
		const racp = (...bytes: number[]) => ble.deliver(0x2a52, Uint8Array.from(bytes), { address });
		if (command[0] === 0x01 && command[1] === 0x01) {
			for (const record of records) await ble.deliver(0x2a18, record, { address });
			await racp(0x06, 0x00, 0x01, records.length ? 0x01 : 0x06);
		} else if (command[0] === 0x04 && command[1] === 0x01) await racp(0x05, 0x00, records.length & 0xff, records.length >> 8);
		else await racp(0x06, 0x00, command[0] ?? 0, 0x02);
	};
	return {
		address,
		name,
		advertisedServices: [0x1808],
		services: [
			{
				uuid: 0x1808,
				characteristics: [
					{ uuid: 0x2a18, properties: { notify: true } },
					{ uuid: 0x2a52, properties: { write: true, indicate: true }, onWrite: answerRacp }
				]
			}
		]
	};
}
