import { describe, expect, it } from 'vitest';
import { replannedByOther } from './tour-notice.ts';

const created = { createdAt: '2026-03-02T06:00:00.000Z', createdBy: 'pdl' };

describe('replannedByOther', () => {
	it('tells the nurse when someone else wrote her tour after she last looked', () => {
		expect(replannedByOther({ ...created, updatedAt: '2026-03-02T09:00:00.000Z', updatedBy: 'pdl' }, 'anna', '2026-03-02T08:00:00.000Z')).toEqual({ by: 'pdl', at: '2026-03-02T09:00:00.000Z' });
		expect(replannedByOther(created, 'anna', undefined)).toEqual({ by: 'pdl', at: created.createdAt });
	});
	it('stays quiet for her own changes and for changes she has seen', () => {
		expect(replannedByOther({ ...created, updatedAt: '2026-03-02T09:00:00.000Z', updatedBy: 'anna' }, 'anna', undefined)).toBeUndefined();
		expect(replannedByOther({ ...created, updatedAt: '2026-03-02T09:00:00.000Z', updatedBy: 'pdl' }, 'anna', '2026-03-02T09:00:00.000Z')).toBeUndefined();
	});
});
