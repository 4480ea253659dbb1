// Numbers as people type them: "37,5" and "37.5" are the same; anything else is not a number.
const NUMBER_PATTERN = /^[+-]?\d+(?:[.,]\d+)?$/;

/**
 * The number in a form field: `undefined` when empty, `NaN` when it is not a plain number
 * ("ca. 80", "80 J."), so the schema's number rule explains it at the field.
 */
export function parseNumberInput(text: string): number | undefined {
	const trimmed = text.trim();
	if (trimmed === '') return undefined;
	return NUMBER_PATTERN.test(trimmed) ? Number(trimmed.replace(',', '.')) : Number.NaN;
}
