import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { MissionSchema } from './documents.ts';
import { NACA_LEVELS, nacaLevel, validateNaca } from './naca.ts';

describe('NACA score', () => {
	it('runs 0 to VII with one key each', () => {
		expect(NACA_LEVELS.map((l) => `${l.score}:${l.roman}`).join(' ')).toBe('0:0 1:I 2:II 3:III 4:IV 5:V 6:VI 7:VII');
		expect(NACA_LEVELS.map((l) => l.messageKey)).toEqual(['naca.0', 'naca.1', 'naca.2', 'naca.3', 'naca.4', 'naca.5', 'naca.6', 'naca.7']);
	});

	it('marks IV–VI as (potentially) life-threatening; death and 0–III are not', () => {
		expect(NACA_LEVELS.filter((l) => l.lifeThreatening).map((l) => l.roman)).toEqual(['IV', 'V', 'VI']);
	});

	it('validates as a value, in step with the mission schema', () => {
		for (const value of [-1, 0, 3, 7, 8, 2.5]) {
			const schemaAccepts = v.safeParse(MissionSchema.entries.care, { naca: value }).success;
			expect(validateNaca(value).ok, String(value)).toBe(schemaAccepts);
		}
		expect(validateNaca(undefined)).toEqual({ ok: false, reason: 'naca.missing' });
		expect(validateNaca('4')).toEqual({ ok: false, reason: 'naca.out-of-range' });
		expect(nacaLevel(5)?.roman).toBe('V');
		expect(nacaLevel(9)).toBeUndefined();
	});
});
