// Writes little-endian GATT fields: the encoders' counterpart of ByteReader. A value that does not fit
// its field is refused with a RangeError, so a simulated device never sends what a real one cannot.
import { encodeFloat, encodeSfloat, floatOf, sfloatOf } from './ieee11073.ts';

function checked(value: number, min: number, max: number, field: string): number {
	if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${value} does not fit a ${field} (${min}…${max})`);
	return value;
}

export class ByteWriter {
	readonly #bytes: number[] = [];

	uint8(value: number): this {
		this.#bytes.push(checked(value, 0, 0xff, 'uint8'));
		return this;
	}

	uint16(value: number): this {
		checked(value, 0, 0xffff, 'uint16');
		this.#bytes.push(value & 0xff, value >> 8);
		return this;
	}

	int16(value: number): this {
		checked(value, -0x8000, 0x7fff, 'sint16');
		this.#bytes.push(value & 0xff, (value >> 8) & 0xff);
		return this;
	}

	uint24(value: number): this {
		checked(value, 0, 0xffffff, 'uint24');
		this.#bytes.push(value & 0xff, (value >> 8) & 0xff, value >> 16);
		return this;
	}

	uint32(value: number): this {
		checked(value, 0, 0xffffffff, 'uint32');
		this.#bytes.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);
		return this;
	}

	/** A decimal value as SFLOAT (mantissa and exponent chosen by `sfloatOf`). */
	sfloat(value: number): this {
		const { mantissa, exponent } = sfloatOf(value);
		return this.uint16(encodeSfloat(mantissa, exponent));
	}

	/** A decimal value as FLOAT (mantissa and exponent chosen by `floatOf`). */
	float(value: number): this {
		const { mantissa, exponent } = floatOf(value);
		return this.uint32(encodeFloat(mantissa, exponent));
	}

	bytes(bytes: Uint8Array): this {
		this.#bytes.push(...bytes);
		return this;
	}

	toBytes(): Uint8Array {
		return Uint8Array.from(this.#bytes);
	}
}
