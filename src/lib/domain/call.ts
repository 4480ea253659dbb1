// The consult call (WebRTC, peer to peer): what the two parties send each other through the server
// (session descriptions per RFC 8829/JSEP, ICE candidates per RFC 8839, hang-up, audio-only), the
// ICE servers the operator configures, and how measured round-trip time and packet loss read as
// "gut / mittel / schlecht". Pure: the server validates with these schemas, the app classifies.
import * as v from 'valibot';

/**
 * Largest signalling request body. An SDP offer with audio, video, a data channel and ICE restart
 * stays under ~8 KiB in Chromium and Firefox; 64 KiB leaves room for many codecs and candidates.
 */
export const MAX_SIGNAL_BYTES = 64 * 1024;
/** Longest SDP text accepted inside that body. */
export const MAX_SDP_CHARS = 60_000;
/** A candidate line (`candidate:… typ host …`) is a few hundred characters at most. */
const MAX_CANDIDATE_CHARS = 2_000;
/** The random id a client gives itself for one call, so a party ignores its other tabs' messages. */
const PEER_ID = /^[A-Za-z0-9_-]{8,64}$/;

const PeerIdSchema = v.pipe(v.string(), v.regex(PEER_ID));

export const SessionDescriptionSchema = v.strictObject({
	type: v.picklist(['offer', 'answer']),
	sdp: v.pipe(v.string(), v.maxLength(MAX_SDP_CHARS))
});

export const IceCandidateSchema = v.strictObject({
	candidate: v.pipe(v.string(), v.maxLength(MAX_CANDIDATE_CHARS)),
	sdpMid: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64)))),
	sdpMLineIndex: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(64)))),
	usernameFragment: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(256))))
});

/** One signalling message, as a party sends it to the server (`POST /api/consults/<id>/signal`). */
export const CallSignalSchema = v.variant('kind', [
	v.strictObject({ kind: v.literal('description'), from: PeerIdSchema, description: SessionDescriptionSchema }),
	v.strictObject({ kind: v.literal('candidate'), from: PeerIdSchema, candidate: IceCandidateSchema }),
	/** The call ends (a first offer is what rings at the other party). */
	v.strictObject({ kind: v.literal('hangup'), from: PeerIdSchema }),
	/** Audio only, asked by either party for both (a poor link): video senders pause, the call goes on. */
	v.strictObject({ kind: v.literal('media'), from: PeerIdSchema, audioOnly: v.boolean() })
]);
export type CallSignal = v.InferOutput<typeof CallSignalSchema>;

/** What the other party receives on its live stream (`signal` event): the message, the consult, who sent it. */
export interface CallSignalEnvelope {
	consultId: string;
	sender: string;
	signal: CallSignal;
}

/** An RTCIceServer (WebRTC 1.0 §4.2.4) as the operator writes it into `ICE_SERVERS`. */
export const IceServerSchema = v.strictObject({
	urls: v.union([
		v.pipe(v.string(), v.regex(/^(stun|stuns|turn|turns):\S+$/)),
		v.pipe(v.array(v.pipe(v.string(), v.regex(/^(stun|stuns|turn|turns):\S+$/))), v.minLength(1))
	]),
	username: v.optional(v.string()),
	credential: v.optional(v.string())
});
export const IceServersSchema = v.array(IceServerSchema);
export type IceServer = v.InferOutput<typeof IceServerSchema>;

/** `ICE_SERVERS` → the list, or the reason it is not one. Empty or unset: host candidates only (loopback, LAN). */
export function parseIceServers(raw: string | undefined): { ok: true; servers: IceServer[] } | { ok: false; reason: string } {
	if (raw === undefined || raw.trim() === '') return { ok: true, servers: [] };
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		return { ok: false, reason: 'ICE_SERVERS must be a JSON array of RTCIceServer objects' };
	}
	const parsed = v.safeParse(IceServersSchema, value);
	if (!parsed.success) return { ok: false, reason: `ICE_SERVERS: ${parsed.issues.map((i) => `${v.getDotPath(i) ?? ''} ${i.message}`).join('; ')}` };
	return { ok: true, servers: parsed.output };
}

export type CallQuality = 'gut' | 'mittel' | 'schlecht' | 'unbekannt';

/**
 * ITU-T G.114: one-way delay up to 150 ms is fine for conversation, beyond 400 ms unacceptable;
 * as round trips, 300 and 800 ms.
 */
const GOOD_RTT_MS = 300;
const FAIR_RTT_MS = 800;
/** Video shows artefacts from about 2 % loss; Opus with in-band FEC keeps speech usable to about 10 %. */
const GOOD_LOSS = 0.02;
const FAIR_LOSS = 0.1;

export interface CallMeasurement {
	/** Current round-trip time of the selected candidate pair. */
	rttMs?: number;
	/** Share of packets lost over the last interval, 0…1. */
	loss?: number;
}

export function classifyCallQuality({ rttMs, loss }: CallMeasurement): CallQuality {
	if (rttMs === undefined && loss === undefined) return 'unbekannt';
	const rtt = rttMs ?? 0;
	const lost = loss ?? 0;
	if (rtt <= GOOD_RTT_MS && lost <= GOOD_LOSS) return 'gut';
	if (rtt <= FAIR_RTT_MS && lost <= FAIR_LOSS) return 'mittel';
	return 'schlecht';
}

/** Counters read from `getStats()` (inbound-rtp / outbound-rtp summed over the media streams). */
export interface CallCounters {
	bytesSent: number;
	bytesReceived: number;
	packetsReceived: number;
	packetsLost: number;
	rttMs?: number;
}

/** Loss over the interval between two readings of the cumulative counters (RFC 3550 §6.4.1 counts lost as expected − received). */
export function intervalLoss(previous: CallCounters | undefined, current: CallCounters): number | undefined {
	const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
	// packetsLost can go down (late packets arrive): clamp at none lost.
	const lost = Math.max(0, current.packetsLost - (previous?.packetsLost ?? 0));
	if (received + lost <= 0) return undefined;
	return lost / (received + lost);
}
