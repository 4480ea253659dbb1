import { describe, expect, it } from 'vitest';
import { storeError } from './save-error.ts';

describe('storeError', () => {
	it('tells a full disk from a conflict from anything else', () => {
		expect(storeError(new DOMException('The quota has been exceeded.', 'QuotaExceededError')).failure).toBe('quota');
		expect(storeError({ status: 500, name: 'indexed_db_went_bad', message: 'QuotaExceededError: quota exceeded' }).failure).toBe('quota');
		expect(storeError({ status: 409, name: 'conflict', message: 'Document update conflict' }).failure).toBe('conflict');
		expect(storeError(new Error('disk on fire')).failure).toBe('unknown');
		expect(storeError(undefined).failure).toBe('unknown');
	});
});
