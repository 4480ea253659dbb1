import { describe, expect, it } from 'vitest';
import type { LiveReading } from '../domain/index.ts';
import type { PendingReading } from './devices.svelte.ts';
import { PendingReadingRelay } from './reading-relay.ts';

const RECEIVED = new Date('2026-11-24T09:00:00.000Z');
const cuff = (key: string, systolic: number): PendingReading => ({
	key,
	deviceId: 'd1',
	deviceName: 'Cuff',
	rawHex: '',
	receivedAt: RECEIVED,
	reading: { kind: 'blood-pressure', systolic, diastolic: 80, unitSent: 'mmHg' } as unknown as PendingReading['reading']
});

function recording(): { relay: PendingReadingRelay; sent: [string, LiveReading][] } {
	const sent: [string, LiveReading][] = [];
	return { relay: new PendingReadingRelay((consultId, reading) => sent.push([consultId, reading])), sent };
}

describe('relaying unconfirmed readings to the physician', () => {
	it('sends each pending reading once, in the record\'s units and time, and withdraws it when settled', () => {
		const { relay, sent } = recording();
		relay.update('consult:c1', [cuff('r1', 150)]);
		relay.update('consult:c1', [cuff('r1', 150)]);
		expect(sent).toHaveLength(1);
		expect(sent[0]).toEqual([
			'consult:c1',
			{ readingId: `r1-${RECEIVED.getTime()}`, state: 'pending', takenAt: RECEIVED.toISOString(), device: 'Cuff', values: [{ code: '8480-6', value: 150, unit: 'mm[Hg]' }, { code: '8462-4', value: 80, unit: 'mm[Hg]' }] }
		]);
		relay.update('consult:c1', []);
		expect(sent[1]).toEqual(['consult:c1', { readingId: `r1-${RECEIVED.getTime()}`, state: 'settled' }]);
	});

	it('sends nothing without an open consult, and what waits once a physician has accepted', () => {
		const { relay, sent } = recording();
		relay.update(undefined, [cuff('r1', 150)]);
		expect(sent).toEqual([]);
		relay.update('consult:c1', [cuff('r1', 150)]);
		expect(sent.map(([id, r]) => [id, r.state])).toEqual([['consult:c1', 'pending']]);
	});

	it('withdraws what it sent when the consult ends or the screen closes', () => {
		const { relay, sent } = recording();
		relay.update('consult:c1', [cuff('r1', 150), cuff('r2', 160)]);
		relay.update(undefined, [cuff('r1', 150), cuff('r2', 160)]);
		expect(sent.slice(2).map(([id, r]) => [id, r.state])).toEqual([
			['consult:c1', 'settled'],
			['consult:c1', 'settled']
		]);
		relay.stop();
		expect(sent).toHaveLength(4);
	});
});
