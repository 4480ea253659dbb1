// What a GATT parser returns: a typed reading, or a typed error. Device bytes never throw.

export type GattErrorCode =
	/** Fewer bytes than the flags announce. */
	| 'short-buffer'
	/** A flag bit the specification reserves is set. */
	| 'reserved-flag'
	/** The device sent NaN, NRes, ±INF or a reserved value instead of a measurement. */
	| 'special-value'
	/** A value that cannot be a measurement (e.g. a weight of 0xFFFF: "measurement unsuccessful"). */
	| 'invalid-value'
	/** A characteristic this code does not know. */
	| 'unknown-characteristic';

export interface GattError {
	code: GattErrorCode;
	message: string;
}

export type GattResult<T> = { ok: true; reading: T } | { ok: false; error: GattError };

export function gattError<T>(code: GattErrorCode, message: string): GattResult<T> {
	return { ok: false, error: { code, message } };
}

export function gattOk<T>(reading: T): GattResult<T> {
	return { ok: true, reading };
}

/** Reads little-endian fields from a DataView, remembering how far it got and whether bytes ran out. */
export class ByteReader {
	readonly #view: DataView;
	#offset = 0;

	constructor(view: DataView) {
		this.#view = view;
	}

	get offset(): number {
		return this.#offset;
	}

	remaining(): number {
		return this.#view.byteLength - this.#offset;
	}

	/** True when `n` more bytes are there; parsers check before reading. */
	has(n: number): boolean {
		return this.remaining() >= n;
	}

	uint8(): number {
		return this.#view.getUint8(this.#offset++);
	}

	uint16(): number {
		const value = this.#view.getUint16(this.#offset, true);
		this.#offset += 2;
		return value;
	}

	int16(): number {
		const value = this.#view.getInt16(this.#offset, true);
		this.#offset += 2;
		return value;
	}

	uint24(): number {
		const value = this.#view.getUint16(this.#offset, true) | (this.#view.getUint8(this.#offset + 2) << 16);
		this.#offset += 3;
		return value;
	}

	uint32(): number {
		const value = this.#view.getUint32(this.#offset, true);
		this.#offset += 4;
		return value;
	}
}

/** Lower-case hex of the bytes, as stored in `rawHex` for audit. */
export function toHex(view: DataView): string {
	let hex = '';
	for (let i = 0; i < view.byteLength; i++) hex += view.getUint8(i).toString(16).padStart(2, '0');
	return hex;
}

/** Parses "10 48 00 04", "10480004" or "10:48:00:04" into bytes; undefined when it is no hex. */
export function fromHex(text: string): DataView | undefined {
	const clean = text.replace(/[\s:,-]/g, '').replace(/^0x/i, '');
	if (clean.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(clean)) return undefined;
	const bytes = new Uint8Array(clean.length / 2);
	for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(clean.slice(i * 2, i * 2 + 2), 16);
	return new DataView(bytes.buffer);
}
