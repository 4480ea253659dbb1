// Reading a call's getStats() report (WebRTC Statistics: RTCOutboundRtpStreamStats,
// RTCInboundRtpStreamStats, RTCIceCandidatePairStats) into the counters the quality is judged by.
import type { CallCounters } from '../domain/index.ts';

/** The counters of one getStats() report, summed over audio and video. */
export function readCounters(report: RTCStatsReport): CallCounters {
	const counters: CallCounters = { bytesSent: 0, bytesReceived: 0, packetsReceived: 0, packetsLost: 0 };
	let selectedPair: string | undefined;
	report.forEach((stat: Record<string, unknown>) => {
		if (stat.type === 'transport' && typeof stat.selectedCandidatePairId === 'string') selectedPair = stat.selectedCandidatePairId;
	});
	report.forEach((stat: Record<string, unknown>) => {
		const num = (key: string) => (typeof stat[key] === 'number' ? (stat[key] as number) : 0);
		if (stat.type === 'outbound-rtp') counters.bytesSent += num('bytesSent');
		else if (stat.type === 'inbound-rtp') {
			counters.bytesReceived += num('bytesReceived');
			counters.packetsReceived += num('packetsReceived');
			counters.packetsLost += num('packetsLost');
		} else if (stat.type === 'candidate-pair' && typeof stat.currentRoundTripTime === 'number' && (stat.id === selectedPair || (selectedPair === undefined && stat.nominated === true))) {
			counters.rttMs = stat.currentRoundTripTime * 1000;
		}
	});
	return counters;
}
