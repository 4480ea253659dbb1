import { describe, expect, it } from 'vitest';
import { blockReason } from './device-fetch.ts';

describe('blockReason', () => {
	it('recognises the server\'s refusals of a blocked device and a blocked user', () => {
		expect(blockReason({ error: 'forbidden', reason: 'device_blocked' })).toBe('device_blocked');
		expect(blockReason({ error: 'forbidden', reason: 'user_blocked' })).toBe('user_blocked');
	});
	it('takes no other refusal for a block: no wipe for a missing right or an ended session', () => {
		expect(blockReason({ error: 'forbidden', reason: 'You may not write to team-x.' })).toBeUndefined();
		expect(blockReason({ error: 'unauthorized', reason: 'device_blocked' })).toBeUndefined();
		expect(blockReason(null)).toBeUndefined();
		expect(blockReason('device_blocked')).toBeUndefined();
	});
});
