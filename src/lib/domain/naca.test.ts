import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { MissionSchema } from './documents.ts';
import { isNacaScore, NACA_LEVELS, nacaLevel } from './naca.ts';

describe('NACA score', () => {
	it('runs 0 to VII with one key each', () => {
		expect(NACA_LEVELS.map((l) => `${l.score}:${l.roman}`).join(' ')).toBe('0:0 1:I 2:II 3:III 4:IV 5:V 6:VI 7:VII');
		expect(NACA_LEVELS.map((l) => l.messageKey)).toEqual(['naca.0', 'naca.1', 'naca.2', 'naca.3', 'naca.4', 'naca.5', 'naca.6', 'naca.7']);
	});

	it('marks IV–VI as (potentially) life-threatening; death and 0–III are not', () => {
		expect(NACA_LEVELS.filter((l) => l.lifeThreatening).map((l) => l.roman)).toEqual(['IV', 'V', 'VI']);
	});

	it('knows the scores the mission schema accepts, and no others', () => {
		for (const value of [-1, 0, 3, 7, 8, 2.5]) {
			const schemaAccepts = v.safeParse(MissionSchema.entries.care, { naca: value }).success;
			expect(isNacaScore(value), String(value)).toBe(schemaAccepts);
		}
		expect(isNacaScore('4')).toBe(false);
		expect(nacaLevel(5)?.roman).toBe('V');
		expect(nacaLevel(9)).toBeUndefined();
	});
});
