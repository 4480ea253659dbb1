// One consult call, peer to peer: the RTCPeerConnection's life, negotiated in the "perfect
// negotiation" pattern of the WebRTC 1.0 specification (§10.5: one polite peer rolls back on an
// offer collision, the impolite one ignores the other's offer), an ICE restart when the connection
// drops, quality from getStats(), mute, audio only, and the camera switched by replaceTrack (no
// renegotiation). Browser APIs come in through CallEnvironment; signals go out through an outbox.
import { classifyCallQuality, intervalLoss, type CallCounters, type CallQuality, type CallSignal } from '../domain/index.ts';
import { CallMedia, type Facing } from './call-media.ts';
import { readCounters } from './call-stats.ts';
import { SignalOutbox, type SendOutcome } from './signal-outbox.ts';

/** How often the counters are read for the quality shown. */
const STATS_INTERVAL_MS = 1000;
/** A `disconnected` link often comes back by itself (a Wi-Fi hand-over); an ICE restart waits this long. */
const DISCONNECT_GRACE_MS = 2000;
/** While not connected again, the restart is asked again this often (its offer may have met a dead link). */
const RESTART_RETRY_MS = 5000;
/** Candidates kept while their description has not arrived (a call gathers a few dozen at most). */
const MAX_PENDING_CANDIDATES = 100;
/** Each party names itself for one call with this many random bytes (base64url). */
const PEER_ID_BYTES = 12;

export type CallPhase = 'idle' | 'ringing' | 'calling' | 'connected' | 'reconnecting' | 'ended';
/** Why a call could not start or go on. */
export type CallProblem = 'media' | 'refused' | 'failed';

export interface CallSnapshot {
	phase: CallPhase;
	/** The peer connection's own state (`new` before there is one). */
	connection: RTCPeerConnectionState;
	muted: boolean;
	audioOnly: boolean;
	facing: Facing;
	quality: CallQuality;
	rttMs?: number;
	bytesSent: number;
	bytesReceived: number;
	/** ICE restarts asked for in this call. */
	restarts: number;
	/** The other party has no call screen open: what was sent waits and goes out once it opens. */
	otherAway: boolean;
	problem?: CallProblem;
}

export interface CallEnvironment {
	createPeer(config: RTCConfiguration): RTCPeerConnection;
	getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
	randomBytes(n: number): Uint8Array;
}

export interface CallSessionOptions {
	/** The polite peer yields on an offer collision: the physician; the field device insists. */
	polite: boolean;
	env: CallEnvironment;
	send(signal: CallSignal): Promise<SendOutcome>;
	iceServers(): Promise<RTCIceServer[]>;
	onChange(snapshot: CallSnapshot, local: MediaStream | undefined, remote: MediaStream | undefined): void;
}

function base64url(bytes: Uint8Array): string {
	let text = '';
	for (const byte of bytes) text += String.fromCharCode(byte);
	return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const INITIAL: CallSnapshot = { phase: 'idle', connection: 'new', muted: false, audioOnly: false, facing: 'user', quality: 'unbekannt', bytesSent: 0, bytesReceived: 0, restarts: 0, otherAway: false };

export class CallSession {
	readonly selfId: string;
	readonly #options: CallSessionOptions;
	#outbox: SignalOutbox;
	readonly #media: CallMedia;
	#snapshot: CallSnapshot = { ...INITIAL };
	#pc: RTCPeerConnection | undefined;
	#remote: MediaStream | undefined;
	#remoteId: string | undefined;
	/** The offer that rings until "Annehmen", and the candidates that came with it. */
	#pendingOffer: RTCSessionDescriptionInit | undefined;
	#pendingCandidates: { from: string; candidate: RTCIceCandidateInit }[] = [];
	#makingOffer = false;
	#ignoreOffer = false;
	#statsTimer: ReturnType<typeof setInterval> | undefined;
	#restartTimer: ReturnType<typeof setTimeout> | undefined;
	#lastCounters: CallCounters | undefined;

	constructor(options: CallSessionOptions) {
		this.#options = options;
		this.selfId = base64url(options.env.randomBytes(PEER_ID_BYTES));
		this.#media = new CallMedia((constraints) => options.env.getUserMedia(constraints));
		this.#outbox = this.#newOutbox();
	}

	#newOutbox(): SignalOutbox {
		const send = async (signal: CallSignal): Promise<SendOutcome> => {
			const outcome = await this.#options.send(signal);
			const away = outcome === 'unheard';
			if ((outcome === 'delivered' || away) && away !== this.#snapshot.otherAway) this.#update({ otherAway: away });
			return outcome;
		};
		return new SignalOutbox(send, () => this.#end('refused'));
	}

	get snapshot(): CallSnapshot {
		return this.#snapshot;
	}

	/** "Anruf starten": camera and microphone, then the offer (through negotiationneeded). */
	async start(): Promise<void> {
		if (this.#snapshot.phase !== 'idle' && this.#snapshot.phase !== 'ended') return;
		this.#reset();
		this.#update({ phase: 'calling' });
		if (!(await this.#open())) return;
		this.#media.addTo(this.#pc as RTCPeerConnection);
	}

	/** "Annehmen" of a ringing call: answer the offer that rang. */
	async accept(): Promise<void> {
		const offer = this.#pendingOffer;
		if (this.#snapshot.phase !== 'ringing' || !offer) return;
		this.#pendingOffer = undefined;
		this.#update({ phase: 'calling' });
		if (!(await this.#open())) return;
		const pc = this.#pc as RTCPeerConnection;
		// The offer first, so the tracks join its transceivers and the answer carries them.
		await pc.setRemoteDescription(offer);
		this.#media.addTo(pc);
		await pc.setLocalDescription();
		this.#sendDescription();
		await this.#addPendingCandidates();
	}

	/** "Auflegen" (or "Ablehnen" while it rings): the other party is told, both sides end. */
	hangUp(): Promise<void> {
		if (this.#snapshot.phase === 'idle' || this.#snapshot.phase === 'ended') return Promise.resolve();
		const told = this.#outbox.close({ kind: 'hangup', from: this.selfId });
		this.#end();
		return told;
	}

	toggleMute(): void {
		const muted = !this.#snapshot.muted;
		this.#media.setMuted(muted);
		this.#update({ muted });
	}

	/** "Nur Audio" for both sides: the video senders pause (replaceTrack(null)), the other party is asked to do the same. */
	async setAudioOnly(audioOnly: boolean): Promise<void> {
		await this.#applyAudioOnly(audioOnly);
		if (this.#pc) this.#outbox.push({ kind: 'media', from: this.selfId, audioOnly });
	}

	/** "Kamera wechseln": the other camera (front ↔ back) on the same sender. */
	async switchCamera(): Promise<void> {
		const facing: Facing = this.#snapshot.facing === 'user' ? 'environment' : 'user';
		this.#update({ facing });
		if (!this.#snapshot.audioOnly) await this.#replaceVideo();
	}

	/** A message of the other party (already known to be of this consult). */
	async receive(signal: CallSignal): Promise<void> {
		if (this.#remoteId !== undefined && signal.from !== this.#remoteId) {
			// Another tab or device of the other party: only a new call after this one ended is heard.
			if (!(signal.kind === 'description' && signal.description.type === 'offer' && (this.#snapshot.phase === 'idle' || this.#snapshot.phase === 'ended'))) return;
		}
		switch (signal.kind) {
			case 'hangup':
				if (this.#snapshot.phase !== 'idle' && this.#snapshot.phase !== 'ended') {
					void this.#outbox.close();
					this.#end();
				}
				return;
			case 'media':
				await this.#applyAudioOnly(signal.audioOnly);
				return;
			case 'candidate':
				if (!this.#pc || !this.#pc.remoteDescription) {
					// Ahead of its description (ringing, or overtaken on the way): kept until that is set.
					this.#pendingCandidates.push({ from: signal.from, candidate: signal.candidate });
					if (this.#pendingCandidates.length > MAX_PENDING_CANDIDATES) this.#pendingCandidates.shift();
					return;
				}
				try {
					await this.#pc.addIceCandidate(signal.candidate);
				} catch (err) {
					if (!this.#ignoreOffer) throw err;
				}
				return;
			case 'description':
				await this.#description(signal.from, signal.description);
				return;
		}
	}

	/** "Neu verbinden": an ICE restart by hand (a frozen picture after a network change the browser has not noticed). */
	reconnect(): void {
		this.#restart(true);
	}

	/** The link is back (the browser's `online`): send what waits now. */
	online(): void {
		this.#outbox.nudge();
		if (this.#snapshot.phase === 'reconnecting') this.#restart();
	}

	async #description(from: string, description: RTCSessionDescriptionInit): Promise<void> {
		const phase = this.#snapshot.phase;
		if (!this.#pc) {
			// An offer with no call on this side rings; a stray answer is dropped.
			if (description.type !== 'offer' || (phase !== 'idle' && phase !== 'ended' && phase !== 'ringing')) return;
			if (phase !== 'ringing') {
				const early = this.#pendingCandidates.filter((pending) => pending.from === from);
				this.#reset();
				this.#pendingCandidates = early;
			}
			this.#remoteId = from;
			this.#pendingOffer = description;
			this.#update({ phase: 'ringing' });
			return;
		}
		const pc = this.#pc;
		this.#remoteId ??= from;
		const collision = description.type === 'offer' && (this.#makingOffer || pc.signalingState !== 'stable');
		this.#ignoreOffer = !this.#options.polite && collision;
		if (this.#ignoreOffer) return;
		// An answer to an offer of ours already answered (sent twice across a dead zone): nothing to do.
		if (description.type === 'answer' && pc.signalingState === 'stable') return;
		await pc.setRemoteDescription(description);
		await this.#addPendingCandidates();
		if (description.type === 'offer') {
			await pc.setLocalDescription();
			this.#sendDescription();
		}
	}

	async #addPendingCandidates(): Promise<void> {
		for (const { from, candidate } of this.#pendingCandidates.splice(0)) {
			if (from === this.#remoteId) await this.#pc?.addIceCandidate(candidate).catch(() => undefined);
		}
	}

	/** Media and the peer connection; false when camera and microphone were refused. */
	async #open(): Promise<boolean> {
		const { env } = this.#options;
		const opened = await this.#media.open(this.#snapshot.facing, this.#snapshot.audioOnly);
		if (!opened) {
			this.#end('media');
			return false;
		}
		if (this.#snapshot.phase === 'ended') {
			// Hung up while the browser asked for camera and microphone.
			this.#media.stop();
			return false;
		}
		if (opened.audioOnly !== this.#snapshot.audioOnly) this.#update({ audioOnly: opened.audioOnly });
		const iceServers = await this.#options.iceServers().catch(() => []);
		const pc = env.createPeer({ iceServers });
		this.#pc = pc;
		this.#remote = new MediaStream();
		pc.onnegotiationneeded = async () => {
			try {
				this.#makingOffer = true;
				await pc.setLocalDescription();
				this.#sendDescription();
			} catch {
				// A failed offer is asked again by the next negotiationneeded or restart.
			} finally {
				this.#makingOffer = false;
			}
		};
		pc.onicecandidate = ({ candidate }) => {
			if (!candidate) return;
			const { sdpMid, sdpMLineIndex, usernameFragment } = candidate;
			this.#outbox.push({ kind: 'candidate', from: this.selfId, candidate: { candidate: candidate.candidate, sdpMid, sdpMLineIndex, usernameFragment } });
		};
		pc.ontrack = ({ track }) => {
			this.#remote?.addTrack(track);
			this.#emit();
		};
		pc.onconnectionstatechange = () => this.#connectionChanged();
		this.#statsTimer = setInterval(() => void this.#readStats(), STATS_INTERVAL_MS);
		this.#emit();
		return true;
	}

	#sendDescription(): void {
		const description = this.#pc?.localDescription;
		if (!description || (description.type !== 'offer' && description.type !== 'answer')) return;
		this.#outbox.push({ kind: 'description', from: this.selfId, description: { type: description.type, sdp: description.sdp } });
	}

	#connectionChanged(): void {
		const pc = this.#pc;
		if (!pc) return;
		const connection = pc.connectionState;
		switch (connection) {
			case 'connected':
				this.#clearRestart();
				this.#update({ connection, phase: 'connected' });
				return;
			case 'disconnected':
				this.#update({ connection, phase: 'reconnecting' });
				this.#scheduleRestart(DISCONNECT_GRACE_MS);
				return;
			case 'failed':
				this.#update({ connection, phase: 'reconnecting' });
				this.#restart();
				return;
			default:
				this.#update({ connection });
		}
	}

	/** ICE restart (RFC 8445 §2.4): new credentials, new candidates, same call and same consult. */
	#restart(force = false): void {
		const pc = this.#pc;
		if (!pc || (!force && pc.connectionState === 'connected')) return;
		this.#clearRestart();
		pc.restartIce();
		this.#update({ restarts: this.#snapshot.restarts + 1 });
		// An offer of ours still unanswered (it met the dead link): send it again.
		if (pc.signalingState === 'have-local-offer') this.#sendDescription();
		this.#scheduleRestart(RESTART_RETRY_MS);
	}

	#scheduleRestart(ms: number): void {
		if (this.#restartTimer !== undefined) return;
		this.#restartTimer = setTimeout(() => {
			this.#restartTimer = undefined;
			this.#restart();
		}, ms);
	}

	#clearRestart(): void {
		if (this.#restartTimer !== undefined) clearTimeout(this.#restartTimer);
		this.#restartTimer = undefined;
	}

	async #applyAudioOnly(audioOnly: boolean): Promise<void> {
		if (audioOnly === this.#snapshot.audioOnly) return;
		this.#update({ audioOnly });
		if (this.#pc) await this.#replaceVideo();
	}

	/** Puts the current camera (or none, audio only) on the video sender and in the local preview. */
	async #replaceVideo(): Promise<void> {
		const pc = this.#pc;
		if (!pc) return;
		await this.#media.showCamera(pc, this.#snapshot.audioOnly ? undefined : this.#snapshot.facing, () => this.#pc === pc);
		this.#emit();
	}

	async #readStats(): Promise<void> {
		const pc = this.#pc;
		if (!pc) return;
		const counters = readCounters(await pc.getStats());
		if (this.#pc !== pc) return;
		const loss = intervalLoss(this.#lastCounters, counters);
		this.#lastCounters = counters;
		const connected = pc.connectionState === 'connected';
		this.#update({
			bytesSent: counters.bytesSent,
			bytesReceived: counters.bytesReceived,
			rttMs: counters.rttMs,
			quality: connected ? classifyCallQuality({ rttMs: counters.rttMs, loss }) : 'unbekannt'
		});
	}

	#reset(): void {
		void this.#outbox.close();
		this.#outbox = this.#newOutbox();
		this.#remoteId = undefined;
		this.#pendingOffer = undefined;
		this.#pendingCandidates = [];
		this.#lastCounters = undefined;
		this.#snapshot = { ...INITIAL, facing: this.#snapshot.facing };
	}

	#end(problem?: CallProblem): void {
		this.#clearRestart();
		if (this.#statsTimer !== undefined) clearInterval(this.#statsTimer);
		this.#statsTimer = undefined;
		const pc = this.#pc;
		this.#pc = undefined;
		if (pc) {
			pc.onnegotiationneeded = pc.onicecandidate = pc.ontrack = pc.onconnectionstatechange = null;
			pc.close();
		}
		this.#media.stop();
		this.#remote = undefined;
		this.#pendingOffer = undefined;
		this.#pendingCandidates = [];
		this.#remoteId = undefined;
		this.#update({ phase: 'ended', connection: 'closed', quality: 'unbekannt', ...(problem ? { problem } : {}) });
	}

	/** The screen is left: a call still on is hung up, nothing more is sent. */
	dispose(): void {
		void this.hangUp();
		void this.#outbox.close();
	}

	#update(change: Partial<CallSnapshot>): void {
		this.#snapshot = { ...this.#snapshot, ...change };
		this.#emit();
	}

	#emit(): void {
		this.#options.onChange(this.#snapshot, this.#media.stream, this.#remote);
	}
}
