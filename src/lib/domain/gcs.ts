// Glasgow Coma Scale (Teasdale & Jennett, Lancet 1974; the 15-point form with "abnormal flexion"
// of 1976): eyes 1–4, verbal 1–5, motor 1–6, total 3–15. LOINC codes of the HL7 vital signs
// and assessment panels (DOMAIN.md).

export const GCS_COMPONENTS = ['eye', 'verbal', 'motor'] as const;
export type GcsComponent = (typeof GCS_COMPONENTS)[number];

export interface Gcs {
	eye: number;
	verbal: number;
	motor: number;
}

/** Highest score of each component; every component starts at 1. */
export const GCS_MAX: Readonly<Record<GcsComponent, number>> = { eye: 4, verbal: 5, motor: 6 };
export const GCS_TOTAL_MIN = 3;
export const GCS_TOTAL_MAX = 15;

/** LOINC: total 9269-2, eye opening 9267-6, best verbal 9270-0, best motor 9268-4. */
export const GCS_LOINC = {
	total: { code: '9269-2', display: 'Glasgow coma score total' },
	eye: { code: '9267-6', display: 'Glasgow coma score eye opening' },
	verbal: { code: '9270-0', display: 'Glasgow coma score verbal' },
	motor: { code: '9268-4', display: 'Glasgow coma score motor' }
} as const;

export type GcsLevelKey = `gcs.${GcsComponent}.${number}`;

export interface GcsLevel {
	score: number;
	/** i18n key of the level's wording, e.g. `gcs.eye.4` (spontaneous). */
	messageKey: GcsLevelKey;
}

/** Each component's levels, best first: the order the form offers them. */
export const GCS_LEVELS: Readonly<Record<GcsComponent, readonly GcsLevel[]>> = {
	eye: levels('eye'),
	verbal: levels('verbal'),
	motor: levels('motor')
};

function levels(component: GcsComponent): GcsLevel[] {
	return Array.from({ length: GCS_MAX[component] }, (_, i) => {
		const score = GCS_MAX[component] - i;
		return { score, messageKey: `gcs.${component}.${score}` as const };
	});
}

/** i18n key of the component's name (`gcs.eye`, `gcs.verbal`, `gcs.motor`). */
export function gcsComponentKey(component: GcsComponent): `gcs.${GcsComponent}` {
	return `gcs.${component}`;
}

export function gcsTotal(gcs: Gcs): number {
	return gcs.eye + gcs.verbal + gcs.motor;
}

export type GcsIssue = { component: GcsComponent; reason: 'gcs.missing' | 'gcs.not-whole-number' | 'gcs.out-of-range'; min: number; max: number };
export type GcsCheck = { ok: true; gcs: Gcs; total: number } | { ok: false; issues: GcsIssue[] };

/** Checks a form's three values; every component with a problem is named, not just the first. */
export function validateGcs(input: { eye?: unknown; verbal?: unknown; motor?: unknown }): GcsCheck {
	const issues: GcsIssue[] = [];
	const values: Partial<Gcs> = {};
	for (const component of GCS_COMPONENTS) {
		const value = input[component];
		const bounds = { component, min: 1, max: GCS_MAX[component] };
		if (value === undefined || value === null || value === '') issues.push({ ...bounds, reason: 'gcs.missing' });
		else if (typeof value !== 'number' || !Number.isInteger(value)) issues.push({ ...bounds, reason: 'gcs.not-whole-number' });
		else if (value < 1 || value > GCS_MAX[component]) issues.push({ ...bounds, reason: 'gcs.out-of-range' });
		else values[component] = value;
	}
	if (issues.length > 0) return { ok: false, issues };
	const gcs = values as Gcs;
	return { ok: true, gcs, total: gcsTotal(gcs) };
}
