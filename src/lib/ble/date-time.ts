// GATT Date Time (7 bytes): year uint16, month, day, hours, minutes, seconds; 0 means unknown.
import type { ByteReader } from './gatt-result.ts';

/** `YYYY-MM-DDTHH:MM:SS` in the device's local time (the characteristic carries no zone), or undefined. */
export function readDateTime(reader: ByteReader): string | undefined {
	const year = reader.uint16();
	const [month, day, hours, minutes, seconds] = [reader.uint8(), reader.uint8(), reader.uint8(), reader.uint8(), reader.uint8()];
	if (year === 0 || month === 0 || day === 0 || month > 12 || day > 31 || hours > 23 || minutes > 59 || seconds > 59) return undefined;
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
}

export const DATE_TIME_BYTES = 7;
