// NACA score (National Advisory Committee for Aeronautics, Weiss 1973; as used in German
// emergency protocols, DIVI/MIND): severity of injury or illness at the scene, 0–7 (VII = death).

export const NACA_SCORES = [0, 1, 2, 3, 4, 5, 6, 7] as const;
export type NacaScore = (typeof NACA_SCORES)[number];

/** The score as written on protocols: roman numerals, 0 stays 0. Not language-dependent. */
const ROMAN = ['0', 'I', 'II', 'III', 'IV', 'V', 'VI', 'VII'] as const;

export interface NacaLevel {
	score: NacaScore;
	roman: (typeof ROMAN)[number];
	/** i18n key of the definition, e.g. `naca.4`. */
	messageKey: `naca.${NacaScore}`;
	/** Potentially or acutely life-threatening (IV–VI): the emergency physician's range. */
	lifeThreatening: boolean;
}

export const NACA_LEVELS: readonly NacaLevel[] = NACA_SCORES.map((score) => ({
	score,
	roman: ROMAN[score],
	messageKey: `naca.${score}` as const,
	lifeThreatening: score >= 4 && score <= 6
}));

export function isNacaScore(value: unknown): value is NacaScore {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 7;
}

export function nacaLevel(score: number): NacaLevel | undefined {
	return isNacaScore(score) ? NACA_LEVELS[score] : undefined;
}
