// IEEE 11073-20601 SFLOAT (16 bit) and FLOAT (32 bit), as the GATT health profiles use them.
// Special values (NaN, NRes, ±INF, reserved) are reported as such, never turned into a number.

export type SpecialValue = 'NaN' | 'NRes' | '+INF' | '-INF' | 'reserved';
export type MedFloat = { ok: true; value: number } | { ok: false; special: SpecialValue };

const SFLOAT_SPECIAL: Record<number, SpecialValue> = { 0x07ff: 'NaN', 0x0800: 'NRes', 0x07fe: '+INF', 0x0802: '-INF', 0x0801: 'reserved' };
const FLOAT_SPECIAL: Record<number, SpecialValue> = { 0x007fffff: 'NaN', 0x00800000: 'NRes', 0x007ffffe: '+INF', 0x00800002: '-INF', 0x00800001: 'reserved' };

/** What a device sends for "no value" in an optional-but-always-present field (e.g. a cuff without MAP). */
export const SFLOAT_NAN = 0x07ff;
export const FLOAT_NAN = 0x007fffff;

/** A decimal value as the wire carries it: value = mantissa · 10^exponent. */
export interface MedFloatParts {
	mantissa: number;
	exponent: number;
}

/**
 * Largest mantissa an encoder uses. ±2046…2048 (SFLOAT) and ±2^23−2…2^23 (FLOAT) are the special
 * values' mantissas; with exponent 0 they mean NaN/NRes/±INF, and some receivers read them so whatever
 * the exponent, so a value is never encoded with them.
 */
const SFLOAT_LIMITS = { name: 'SFLOAT', mantissaMax: 0x07fd, exponentMin: -8, exponentMax: 7 } as const;
const FLOAT_LIMITS = { name: 'FLOAT', mantissaMax: 0x7ffffd, exponentMin: -128, exponentMax: 127 } as const;

/**
 * value = mantissa · 10^exponent as the nearest double, so 366·10^-1 is 36.6 (no 36.599999…). Built from
 * the decimal text rather than `toFixed`, which refuses more than 100 digits (FLOAT exponents go to -128).
 */
function scaled(mantissa: number, exponent: number): number {
	return exponent === 0 ? mantissa : Number(`${mantissa}e${exponent}`);
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

/** Mantissa and exponent for a decimal value: SFLOAT 36.6 → 366·10^-1; throws a RangeError when it does not fit. */
export function sfloatOf(value: number): MedFloatParts {
	return partsOf(value, SFLOAT_LIMITS);
}

/** As `sfloatOf`, for the 24-bit mantissa and 8-bit exponent of a FLOAT. */
export function floatOf(value: number): MedFloatParts {
	return partsOf(value, FLOAT_LIMITS);
}

/**
 * The decimal digits of the value's shortest text (what a device display shows), the fewest digits
 * first; an integer keeps exponent 0 while it fits (120 → 120·10^0, DOMAIN.md's `78 00`). Trailing
 * zeros move into the exponent only when the mantissa or exponent would not fit otherwise.
 */
function partsOf(value: number, limits: typeof SFLOAT_LIMITS | typeof FLOAT_LIMITS): MedFloatParts {
	const match = Number.isFinite(value) ? /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value)) : null;
	if (!match) throw new RangeError(`${value} cannot be sent as ${limits.name}`);
	const [, sign, whole, fraction = '', power = '0'] = match;
	let digits = `${whole}${fraction}`.replace(/^0+(?=\d)/, '');
	let exponent = Number(power) - fraction.length;
	const fits = (text: string) => Number(text) <= limits.mantissaMax;
	while ((!fits(digits) || exponent < limits.exponentMin) && digits.length > 1 && digits.endsWith('0')) {
		digits = digits.slice(0, -1);
		exponent++;
	}
	while (exponent > limits.exponentMax && fits(`${digits}0`)) {
		digits += '0';
		exponent--;
	}
	if (!fits(digits) || exponent < limits.exponentMin || exponent > limits.exponentMax) {
		throw new RangeError(`${value} does not fit ${limits.name} (mantissa up to ±${limits.mantissaMax}, exponent ${limits.exponentMin}…${limits.exponentMax})`);
	}
	const mantissa = Number(digits);
	return { mantissa: sign && mantissa !== 0 ? -mantissa : mantissa, exponent };
}
