// IEEE 11073-20601 SFLOAT (16 bit) and FLOAT (32 bit), as the GATT health profiles use them.
// Special values (NaN, NRes, ±INF, reserved) are reported as such, never turned into a number.

export type SpecialValue = 'NaN' | 'NRes' | '+INF' | '-INF' | 'reserved';
export type MedFloat = { ok: true; value: number } | { ok: false; special: SpecialValue };

const SFLOAT_SPECIAL: Record<number, SpecialValue> = { 0x07ff: 'NaN', 0x0800: 'NRes', 0x07fe: '+INF', 0x0802: '-INF', 0x0801: 'reserved' };
const FLOAT_SPECIAL: Record<number, SpecialValue> = { 0x007fffff: 'NaN', 0x00800000: 'NRes', 0x007ffffe: '+INF', 0x00800002: '-INF', 0x00800001: 'reserved' };

/** value = mantissa · 10^exponent, rounded to the precision the exponent gives (no 36.599999…). */
function scaled(mantissa: number, exponent: number): number {
	const value = mantissa * 10 ** exponent;
	return exponent < 0 ? Number(value.toFixed(-exponent)) : value;
}

/** Special values are the reserved mantissas with exponent 0 (IEEE 11073-20601, as DOMAIN.md lists them). */
export function decodeSfloat(raw: number): MedFloat {
	const word = raw & 0xffff;
	if (word >= 0x07fe && word <= 0x0802) return { ok: false, special: SFLOAT_SPECIAL[word] };
	const mantissaBits = word & 0x0fff;
	const mantissa = mantissaBits >= 0x0800 ? mantissaBits - 0x1000 : mantissaBits;
	const exponentBits = (word >> 12) & 0x0f;
	const exponent = exponentBits >= 0x08 ? exponentBits - 0x10 : exponentBits;
	return { ok: true, value: scaled(mantissa, exponent) };
}

export function decodeFloat(raw: number): MedFloat {
	const word = raw >>> 0;
	if (word >= 0x007ffffe && word <= 0x00800002) return { ok: false, special: FLOAT_SPECIAL[word] };
	const mantissaBits = word & 0x00ffffff;
	const mantissa = mantissaBits >= 0x00800000 ? mantissaBits - 0x01000000 : mantissaBits;
	const exponent = word >> 24; // `>>` on the int32 sign-extends the exponent byte
	return { ok: true, value: scaled(mantissa, exponent) };
}

/** The SFLOAT of `mantissa · 10^exponent` (for simulated devices and tests). */
export function encodeSfloat(mantissa: number, exponent: number): number {
	return ((exponent & 0x0f) << 12) | (mantissa & 0x0fff);
}

export function encodeFloat(mantissa: number, exponent: number): number {
	return (((exponent & 0xff) << 24) | (mantissa & 0x00ffffff)) >>> 0;
}
