import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, validateDocument, type StatusEvent } from './documents.ts';
import { FIELD_STATUS_BUTTONS, FMS_CATALOG, FMS_STATUSES, fmsInfo, isAvailable, latestStatusByUnit, type FmsGroup } from './fms.ts';

let serial = 0;
function event(unitId: string, status: number, at: string, extra: Partial<StatusEvent> = {}): StatusEvent {
	serial++;
	return {
		_id: `status:${unitId}:${String(serial).padStart(4, '0')}`,
		type: 'status',
		schemaVersion: SCHEMA_VERSION,
		createdAt: at,
		createdBy: 'sani.b',
		deviceId: `tablet-${unitId}`,
		unitId,
		status,
		at,
		...extra
	};
}
const t = (hhmmss: string) => `2026-11-24T${hhmmss}.000Z`;

describe('FMS catalog', () => {
	it('has every code 0–9 with its own message key', () => {
		expect(Object.keys(FMS_CATALOG).map(Number)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		for (const code of FMS_STATUSES) expect(FMS_CATALOG[code].messageKey).toBe(`fms.${code}`);
		expect(fmsInfo(10)).toBeUndefined();
		expect(fmsInfo(2.5)).toBeUndefined();
	});

	it('pairs the statuses the dispatcher reads together and keeps the pairs apart', () => {
		const colour = (code: number) => FMS_CATALOG[code as 0].colour;
		expect(colour(1)).toBe(colour(2));
		expect(colour(3)).toBe(colour(4));
		expect(colour(7)).toBe(colour(8));
		expect(colour(0)).toBe(colour(5));
		expect(new Set([1, 3, 7, 6, 0].map(colour)).size).toBe(5);
		expect(FMS_STATUSES.filter((code) => FMS_CATALOG[code].urgent)).toEqual([0]);
	});

	it('only 1 and 2 are available; the field buttons are 1 to 8 in order', () => {
		expect(FMS_STATUSES.filter(isAvailable)).toEqual([1, 2]);
		expect(FIELD_STATUS_BUTTONS).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});

	// ---- Colour checks, written from the published formulas rather than from the catalog.
	const linear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
	const rgb = (hex: string) => [1, 3, 5].map((i) => linear(parseInt(hex.slice(i, i + 2), 16)));
	// WCAG 2.x relative luminance and contrast ratio.
	const luminance = ([r, g, b]: number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
	const contrast = (a: string, b: string) => {
		const [hi, lo] = [luminance(rgb(a)), luminance(rgb(b))].sort((x, y) => y - x);
		return (hi + 0.05) / (lo + 0.05);
	};
	// Machado, Oliveira & Fernandes 2009, severity 1.0, on linear RGB.
	const SIMULATIONS: Record<string, number[][]> = {
		protan: [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
		deutan: [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
		tritan: [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.3039]]
	};
	// CIE L*a*b* (D65) of linear RGB.
	const lab = ([r, g, b]: number[]) => {
		const f = (x: number) => (x > 216 / 24389 ? Math.cbrt(x) : ((24389 / 27) * x + 16) / 116);
		const [x, y, z] = [(0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, 0.2126 * r + 0.7152 * g + 0.0722 * b, (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883].map(f);
		return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
	};
	const clamp = (x: number) => Math.min(1, Math.max(0, x));

	it('writes the digit on each marker with a contrast of at least 4.5:1', () => {
		for (const code of FMS_STATUSES) expect(contrast(FMS_CATALOG[code].colour, FMS_CATALOG[code].textColour), `status ${code}`).toBeGreaterThanOrEqual(4.5);
	});

	it('keeps the groups at least ΔE 15 apart for protan, deutan and tritan viewers', () => {
		const groups = new Map<FmsGroup, string>(FMS_STATUSES.map((code) => [FMS_CATALOG[code].group, FMS_CATALOG[code].colour]));
		const pairs: string[] = [];
		for (const [kind, matrix] of Object.entries(SIMULATIONS)) {
			const seen = [...groups].map(([group, hex]) => {
				const c = rgb(hex);
				return [group, lab(matrix.map((row) => clamp(row[0] * c[0] + row[1] * c[1] + row[2] * c[2])))] as const;
			});
			for (let i = 0; i < seen.length; i++)
				for (let j = i + 1; j < seen.length; j++) {
					const [a, b] = [seen[i][1], seen[j][1]];
					const distance = Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
					if (distance < 15) pairs.push(`${kind}: ${seen[i][0]}/${seen[j][0]} ΔE ${distance.toFixed(1)}`);
				}
		}
		expect(pairs).toEqual([]);
	});
});

describe('latestStatusByUnit', () => {
	it('takes the latest press per unit by `at`, whatever order the events were synced in', () => {
		const rtw1 = [event('rtw-1', 3, t('10:00:00')), event('rtw-1', 4, t('10:12:00')), event('rtw-1', 7, t('10:40:00'))];
		const nef = [event('nef-1', 2, t('09:00:00')), event('nef-1', 6, t('11:00:00'))];
		const latest = latestStatusByUnit([rtw1[2], nef[1], rtw1[0], nef[0], rtw1[1]]);
		expect(latest.get('rtw-1')).toMatchObject({ status: 7, since: t('10:40:00'), lastSeenAt: t('10:40:00') });
		expect(latest.get('nef-1')).toMatchObject({ status: 6, since: t('11:00:00') });
		expect(latest.size).toBe(2);
	});

	it('orders by press time, not by when an offline press was written or synced', () => {
		// 4 pressed offline at 10:12 and written to the database at 10:48, after the 7 of 10:40.
		const latest = latestStatusByUnit([event('rtw-1', 7, t('10:40:00')), event('rtw-1', 4, t('10:12:00'), { createdAt: t('10:48:00') })]);
		expect(latest.get('rtw-1')).toMatchObject({ status: 7, lastSeenAt: t('10:40:00') });
	});

	it('compares instants as times, not as text, when offsets differ', () => {
		// 11:05+02:00 is 09:05Z: earlier than 10:00Z although it sorts later as text.
		const latest = latestStatusByUnit([event('rtw-1', 4, t('10:00:00')), event('rtw-1', 3, '2026-11-24T11:05:00.000+02:00')]);
		expect(latest.get('rtw-1')?.status).toBe(4);
	});

	it('position reports move the unit and refresh last-seen but keep status and since', () => {
		const latest = latestStatusByUnit([
			event('rtw-1', 3, t('10:00:00'), { position: { lat: 50.6, lon: 11.3 } }),
			event('rtw-1', 3, t('10:05:00'), { report: 'position', position: { lat: 50.65, lon: 11.36, accuracyM: 12 } }),
			// A stale position report that repeats an older status must not turn the status back.
			event('rtw-1', 2, t('10:06:00'), { report: 'position', position: { lat: 50.66, lon: 11.37 } })
		]);
		expect(latest.get('rtw-1')).toEqual({
			unitId: 'rtw-1',
			status: 3,
			since: t('10:00:00'),
			lastSeenAt: t('10:06:00'),
			position: { lat: 50.66, lon: 11.37, at: t('10:06:00') }
		});
	});

	it('a repeated press of the same status does not reset since; a change does', () => {
		const latest = latestStatusByUnit([event('rtw-1', 4, t('10:12:00')), event('rtw-1', 4, t('10:13:00')), event('rtw-1', 4, t('10:20:00'), { report: 'status' })]);
		expect(latest.get('rtw-1')).toMatchObject({ status: 4, since: t('10:12:00'), lastSeenAt: t('10:20:00'), position: undefined });
		const changed = latestStatusByUnit([event('rtw-1', 4, t('10:12:00')), event('rtw-1', 7, t('10:30:00')), event('rtw-1', 4, t('10:31:00'))]);
		expect(changed.get('rtw-1')?.since).toBe(t('10:31:00'));
	});

	it('keeps the last known position when later events carry none', () => {
		const latest = latestStatusByUnit([event('rtw-1', 3, t('10:00:00'), { position: { lat: 50.6, lon: 11.3 } }), event('rtw-1', 4, t('10:10:00'))]);
		expect(latest.get('rtw-1')?.position).toEqual({ lat: 50.6, lon: 11.3, at: t('10:00:00') });
	});

	it('breaks ties of `at` by createdAt, then _id', () => {
		const a = event('rtw-1', 3, t('10:00:00'), { createdAt: t('10:00:05') });
		const b = event('rtw-1', 4, t('10:00:00'), { createdAt: t('10:00:01') });
		expect(latestStatusByUnit([a, b]).get('rtw-1')?.status).toBe(3);
		const c = event('rtw-1', 5, t('10:00:00'), { _id: 'status:rtw-1:b' });
		const d = event('rtw-1', 6, t('10:00:00'), { _id: 'status:rtw-1:a' });
		expect(latestStatusByUnit([c, d]).get('rtw-1')?.status).toBe(5);
		expect(latestStatusByUnit([d, c]).get('rtw-1')?.status).toBe(5);
	});

	it('with only position reports, shows their status without a since', () => {
		const latest = latestStatusByUnit([event('rtw-2', 4, t('10:00:00'), { report: 'position', position: { lat: 50, lon: 11 } })]);
		expect(latest.get('rtw-2')).toMatchObject({ status: 4, since: undefined, lastSeenAt: t('10:00:00') });
		// The status event arriving later (same status, pressed earlier) fills in since.
		const later = latestStatusByUnit([event('rtw-2', 4, t('10:00:00'), { report: 'position' }), event('rtw-2', 4, t('09:58:00'))]);
		expect(later.get('rtw-2')).toMatchObject({ status: 4, since: t('09:58:00'), lastSeenAt: t('10:00:00') });
	});

	it('the fixtures are valid StatusEvent documents', () => {
		expect(validateDocument(event('rtw-1', 3, t('10:00:00'), { report: 'position', position: { lat: 50, lon: 11, accuracyM: 5 } })).ok).toBe(true);
	});
});
