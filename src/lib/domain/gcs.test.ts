import { describe, expect, it } from 'vitest';
import { MissionSchema } from './documents.ts';
import { GCS_COMPONENTS, GCS_LEVELS, GCS_LOINC, GCS_TOTAL_MAX, GCS_TOTAL_MIN, gcsTotal, validateGcs } from './gcs.ts';
import { VITAL_SIGNS } from './vital-signs.ts';
import * as v from 'valibot';

describe('Glasgow Coma Scale', () => {
	it('offers 4 eye, 5 verbal and 6 motor levels, best first, each with its own key', () => {
		expect(GCS_LEVELS.eye.map((l) => l.score)).toEqual([4, 3, 2, 1]);
		expect(GCS_LEVELS.verbal.map((l) => l.score)).toEqual([5, 4, 3, 2, 1]);
		expect(GCS_LEVELS.motor.map((l) => l.score)).toEqual([6, 5, 4, 3, 2, 1]);
		const keys = GCS_COMPONENTS.flatMap((c) => GCS_LEVELS[c].map((l) => l.messageKey));
		expect(new Set(keys).size).toBe(15);
		expect(GCS_LEVELS.eye[0].messageKey).toBe('gcs.eye.4');
		expect(GCS_LEVELS.motor.at(-1)?.messageKey).toBe('gcs.motor.1');
	});

	it('adds the three components: 3 (none) to 15 (fully awake)', () => {
		expect(gcsTotal({ eye: 1, verbal: 1, motor: 1 })).toBe(GCS_TOTAL_MIN);
		expect(gcsTotal({ eye: 4, verbal: 5, motor: 6 })).toBe(GCS_TOTAL_MAX);
		// E2 V3 M5: opens eyes to pain, inappropriate words, localises pain.
		expect(gcsTotal({ eye: 2, verbal: 3, motor: 5 })).toBe(10);
	});

	it('validates as a value: names every component in trouble', () => {
		expect(validateGcs({ eye: 3, verbal: 4, motor: 6 })).toEqual({ ok: true, gcs: { eye: 3, verbal: 4, motor: 6 }, total: 13 });
		const bad = validateGcs({ eye: 5, verbal: 2.5, motor: undefined });
		expect(bad).toEqual({
			ok: false,
			issues: [
				{ component: 'eye', reason: 'gcs.out-of-range', min: 1, max: 4 },
				{ component: 'verbal', reason: 'gcs.not-whole-number', min: 1, max: 5 },
				{ component: 'motor', reason: 'gcs.missing', min: 1, max: 6 }
			]
		});
		expect(validateGcs({ eye: 0, verbal: 5, motor: 7 })).toMatchObject({ ok: false, issues: [{ component: 'eye' }, { component: 'motor' }] });
		expect(validateGcs({ eye: '4', verbal: 5, motor: 6 }).ok).toBe(false);
	});

	it('accepts exactly what the mission schema accepts', () => {
		const care = (gcs: unknown) => v.safeParse(MissionSchema.entries.care, { gcs }).success;
		for (const eye of [0, 1, 4, 5])
			for (const motor of [0, 1, 6, 7]) {
				const gcs = { eye, verbal: 3, motor };
				expect(validateGcs(gcs).ok, JSON.stringify(gcs)).toBe(care(gcs));
			}
	});

	it('uses the LOINC codes of the vital-signs catalog', () => {
		expect(GCS_LOINC.total.code).toBe(VITAL_SIGNS.gcs.loinc);
		expect(new Set(Object.values(GCS_LOINC).map((c) => c.code)).size).toBe(4);
		for (const { code } of Object.values(GCS_LOINC)) expect(code).toMatch(/^\d{1,7}-\d$/);
	});
});
