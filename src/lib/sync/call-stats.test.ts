import { describe, expect, it } from 'vitest';
import { readCounters } from './call-stats.ts';

describe('readCounters', () => {
	it('sums the media streams and takes the RTT of the selected candidate pair', () => {
		const report = new Map<string, Record<string, unknown>>([
			['t', { type: 'transport', selectedCandidatePairId: 'p1' }],
			['p0', { id: 'p0', type: 'candidate-pair', currentRoundTripTime: 0.5 }],
			['p1', { id: 'p1', type: 'candidate-pair', currentRoundTripTime: 0.012 }],
			['o1', { type: 'outbound-rtp', bytesSent: 100 }],
			['o2', { type: 'outbound-rtp', bytesSent: 50 }],
			['i1', { type: 'inbound-rtp', bytesReceived: 70, packetsReceived: 9, packetsLost: 1 }]
		]);
		expect(readCounters(report as unknown as RTCStatsReport)).toEqual({ bytesSent: 150, bytesReceived: 70, packetsReceived: 9, packetsLost: 1, rttMs: 12 });
	});
});
