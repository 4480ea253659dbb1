// CallSession against a fake RTCPeerConnection that follows the JSEP state machine (RFC 8829 §3.2:
// stable → have-local-offer → stable; stable → have-remote-offer → stable; an offer received in
// have-local-offer rolls back implicitly, as browsers do for perfect negotiation). Two sessions are
// wired through an in-memory relay whose delivery the test controls, so glare can be staged.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CallSignal } from '../domain/index.ts';
import { CallSession, type CallEnvironment } from './call-session.ts';
import type { SendOutcome } from './signal-outbox.ts';

class FakeTrack {
	enabled = true;
	stopped = false;
	constructor(readonly kind: 'audio' | 'video') {}
	stop() {
		this.stopped = true;
	}
}

class FakeStream {
	tracks: FakeTrack[] = [];
	constructor(tracks: FakeTrack[] = []) {
		this.tracks = [...tracks];
	}
	getTracks() {
		return this.tracks;
	}
	getAudioTracks() {
		return this.tracks.filter((t) => t.kind === 'audio');
	}
	getVideoTracks() {
		return this.tracks.filter((t) => t.kind === 'video');
	}
	addTrack(track: FakeTrack) {
		this.tracks.push(track);
	}
	removeTrack(track: FakeTrack) {
		this.tracks = this.tracks.filter((t) => t !== track);
	}
}

class FakeSender {
	constructor(public track: FakeTrack | null) {}
	async replaceTrack(track: FakeTrack | null) {
		this.track = track;
	}
}

let offers = 0;

class FakePeer {
	signalingState: RTCSignalingState = 'stable';
	connectionState: RTCPeerConnectionState = 'new';
	localDescription: { type: RTCSdpType; sdp: string } | null = null;
	remoteDescription: { type: RTCSdpType; sdp: string } | null = null;
	senders: FakeSender[] = [];
	candidates: RTCIceCandidateInit[] = [];
	restartsAsked = 0;
	closed = false;
	onnegotiationneeded: (() => void) | null = null;
	onicecandidate: ((event: { candidate: null | { candidate: string; sdpMid: string; sdpMLineIndex: number; usernameFragment: string } }) => void) | null = null;
	ontrack: ((event: { track: FakeTrack }) => void) | null = null;
	onconnectionstatechange: (() => void) | null = null;
	#negotiationQueued = false;
	/** Something changed that no description carried yet (a new track, an ICE restart). */
	#dirty = false;

	addTrack(track: FakeTrack) {
		const sender = new FakeSender(track);
		this.senders.push(sender);
		this.#needNegotiation();
		return sender;
	}
	restartIce() {
		this.restartsAsked++;
		this.#needNegotiation();
	}
	#needNegotiation() {
		this.#dirty = true;
		if (this.#negotiationQueued) return;
		this.#negotiationQueued = true;
		queueMicrotask(() => {
			this.#negotiationQueued = false;
			if (this.signalingState === 'stable' && this.#dirty && !this.closed) this.onnegotiationneeded?.();
		});
	}
	async setLocalDescription(description?: { type: RTCSdpType }) {
		const type = description?.type ?? (this.signalingState === 'have-remote-offer' ? 'answer' : 'offer');
		// Tracks added before this description travel with it (an answer takes them into the offer's transceivers).
		this.#dirty = false;
		if (type === 'offer') {
			this.localDescription = { type, sdp: `offer-${++offers}` };
			this.signalingState = 'have-local-offer';
		} else {
			if (this.signalingState !== 'have-remote-offer') throw new Error(`InvalidStateError: answer in ${this.signalingState}`);
			this.localDescription = { type, sdp: `answer-to-${this.remoteDescription?.sdp}` };
			this.signalingState = 'stable';
		}
		queueMicrotask(() => this.onicecandidate?.({ candidate: { candidate: `candidate:${this.localDescription?.sdp}`, sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'u' } }));
	}
	async setRemoteDescription(description: { type: RTCSdpType; sdp: string }) {
		if (description.type === 'offer') {
			// Implicit rollback of an own offer (perfect negotiation's polite side).
			this.remoteDescription = description;
			this.signalingState = 'have-remote-offer';
		} else {
			if (this.signalingState !== 'have-local-offer') throw new Error(`InvalidStateError: answer in ${this.signalingState}`);
			this.remoteDescription = description;
			this.signalingState = 'stable';
		}
	}
	async addIceCandidate(candidate: RTCIceCandidateInit) {
		if (!this.remoteDescription) throw new Error('InvalidStateError: no remote description');
		this.candidates.push(candidate);
	}
	getSenders() {
		return this.senders;
	}
	async getStats() {
		return new Map();
	}
	close() {
		this.closed = true;
	}
	/** The ICE agent's verdict, as the browser would fire it. */
	become(state: RTCPeerConnectionState) {
		this.connectionState = state;
		this.onconnectionstatechange?.();
	}
}

/** Two sessions, a relay between them that holds messages until `deliver()`. */
function pair(outcome: () => SendOutcome = () => 'delivered') {
	const peers: { field: FakePeer[]; physician: FakePeer[] } = { field: [], physician: [] };
	const inbox: { field: CallSignal[]; physician: CallSignal[] } = { field: [], physician: [] };
	const media: FakeStream[] = [];
	const make = (side: 'field' | 'physician', to: 'field' | 'physician') => {
		const env: CallEnvironment = {
			createPeer: () => {
				const peer = new FakePeer();
				peers[side].push(peer);
				return peer as unknown as RTCPeerConnection;
			},
			getUserMedia: async (constraints) => {
				const stream = new FakeStream([...(constraints.audio ? [new FakeTrack('audio')] : []), ...(constraints.video ? [new FakeTrack('video')] : [])]);
				media.push(stream);
				return stream as unknown as MediaStream;
			},
			randomBytes: (n) => new Uint8Array(n).fill(side === 'field' ? 1 : 2)
		};
		return new CallSession({
			polite: side === 'physician',
			env,
			send: async (signal) => {
				const result = outcome();
				if (result === 'delivered') inbox[to].push(signal);
				return result;
			},
			iceServers: async () => [],
			onChange: () => undefined
		});
	};
	const field = make('field', 'physician');
	const physician = make('physician', 'field');
	const sessions = { field, physician };
	/** Hands every held message to its session, in order, until none are left. */
	async function deliver(only?: 'field' | 'physician') {
		for (let round = 0; round < 20; round++) {
			await settle();
			let moved = false;
			for (const side of only ? [only] : (['field', 'physician'] as const)) {
				for (const signal of inbox[side].splice(0)) {
					moved = true;
					await sessions[side].receive(signal);
				}
			}
			if (!moved && !only) return;
			if (only) return;
		}
	}
	return { field, physician, peers, inbox, media, deliver };
}

/** A pair whose field side called and whose physician accepted, every signal delivered. */
async function answeredPair() {
	const call = pair();
	await call.field.start();
	await call.deliver();
	await call.physician.accept();
	await call.deliver();
	return call;
}

async function settle() {
	for (let i = 0; i < 10; i++) await Promise.resolve();
}

beforeEach(() => {
	vi.stubGlobal('MediaStream', FakeStream);
});
afterEach(() => {
	vi.unstubAllGlobals();
	vi.useRealTimers();
});

describe('CallSession', () => {
	it('rings at the other side on an offer and connects once accepted', async () => {
		const { field, physician, peers, deliver } = pair();
		await field.start();
		await deliver();
		expect(field.snapshot.phase).toBe('calling');
		expect(physician.snapshot.phase).toBe('ringing');
		expect(peers.physician).toHaveLength(0);
		await physician.accept();
		await deliver();
		const [a] = peers.field;
		const [b] = peers.physician;
		expect(a.signalingState).toBe('stable');
		expect(b.signalingState).toBe('stable');
		expect(a.remoteDescription?.sdp).toBe(`answer-to-${a.localDescription?.sdp}`);
		// Candidates that came with the ringing offer were kept and added after it.
		expect(b.candidates.length).toBeGreaterThan(0);
		expect(b.senders.map((s) => s.track?.kind).sort()).toEqual(['audio', 'video']);
		a.become('connected');
		b.become('connected');
		expect([field.snapshot.phase, physician.snapshot.phase]).toEqual(['connected', 'connected']);
		field.dispose();
		physician.dispose();
	});

	it('settles glare: both offer at once, the polite physician yields, the field device\'s offer wins', async () => {
		const { field, physician, peers, inbox, deliver } = pair();
		await field.start();
		await physician.start();
		await settle();
		const [a] = peers.field;
		const [b] = peers.physician;
		expect(a.signalingState).toBe('have-local-offer');
		expect(b.signalingState).toBe('have-local-offer');
		const fieldOffer = a.localDescription?.sdp;
		expect(inbox.physician.some((s) => s.kind === 'description')).toBe(true);
		expect(inbox.field.some((s) => s.kind === 'description')).toBe(true);
		await deliver();
		expect(a.signalingState).toBe('stable');
		expect(b.signalingState).toBe('stable');
		expect(b.remoteDescription?.sdp).toBe(fieldOffer);
		expect(a.remoteDescription?.sdp).toBe(`answer-to-${fieldOffer}`);
		field.dispose();
		physician.dispose();
	});

	it('restarts ICE when the connection fails, and again after a grace when it stays disconnected', async () => {
		vi.useFakeTimers();
		const { field, physician, peers, deliver } = await answeredPair();
		const [a] = peers.field;
		a.become('connected');
		a.become('failed');
		expect(field.snapshot.phase).toBe('reconnecting');
		expect(a.restartsAsked).toBe(1);
		await deliver();
		// The restart's offer was answered: same peer connection, same call.
		expect(a.signalingState).toBe('stable');
		expect(peers.field).toHaveLength(1);
		a.become('connected');
		expect(field.snapshot.phase).toBe('connected');
		a.become('disconnected');
		await vi.advanceTimersByTimeAsync(1000);
		expect(a.restartsAsked).toBe(1);
		await vi.advanceTimersByTimeAsync(1500);
		expect(a.restartsAsked).toBe(2);
		expect(field.snapshot.restarts).toBe(2);
		// A link that comes back by itself within the grace needs no restart.
		await deliver();
		a.become('connected');
		a.become('disconnected');
		a.become('connected');
		await vi.advanceTimersByTimeAsync(10_000);
		expect(a.restartsAsked).toBe(2);
		field.dispose();
		physician.dispose();
	});

	it('restarts ICE by hand on a connected call ("Neu verbinden"), in the same peer connection', async () => {
		const { field, physician, peers, inbox, deliver } = await answeredPair();
		const [a] = peers.field;
		a.become('connected');
		const firstOffer = a.localDescription?.sdp;
		physician.reconnect();
		await settle();
		expect(peers.physician[0].restartsAsked).toBe(1);
		expect(inbox.field.some((s) => s.kind === 'description' && s.description.type === 'offer')).toBe(true);
		await deliver();
		expect(a.signalingState).toBe('stable');
		expect(a.remoteDescription?.type).toBe('offer');
		expect(a.localDescription?.sdp).not.toBe(firstOffer);
		expect(peers.field).toHaveLength(1);
		expect(physician.snapshot.restarts).toBe(1);
		field.dispose();
		physician.dispose();
	});

	it('sends an unanswered offer again when restarting (it met a dead link)', async () => {
		vi.useFakeTimers();
		const { field, physician, peers, inbox, deliver } = await answeredPair();
		const [a] = peers.field;
		a.become('failed');
		await settle();
		// The restart offer is lost on the way.
		inbox.physician.splice(0);
		expect(a.signalingState).toBe('have-local-offer');
		await vi.advanceTimersByTimeAsync(5000);
		expect(inbox.physician.filter((s) => s.kind === 'description').length).toBe(1);
		await deliver();
		expect(a.signalingState).toBe('stable');
		field.dispose();
		physician.dispose();
	});

	it('says the other side is away while nothing is heard, and rings there once it listens', async () => {
		vi.useFakeTimers();
		let listening = false;
		const { field, physician, deliver } = pair(() => (listening ? 'delivered' : 'unheard'));
		await field.start();
		await settle();
		expect(field.snapshot.otherAway).toBe(true);
		listening = true;
		await vi.advanceTimersByTimeAsync(1000);
		expect(field.snapshot.otherAway).toBe(false);
		await deliver();
		expect(physician.snapshot.phase).toBe('ringing');
		field.dispose();
		physician.dispose();
	});

	it('ends both sides on hang-up and stops camera and microphone', async () => {
		const { field, physician, peers, media, deliver } = await answeredPair();
		physician.hangUp();
		await deliver();
		expect([field.snapshot.phase, physician.snapshot.phase]).toEqual(['ended', 'ended']);
		expect(peers.field[0].closed && peers.physician[0].closed).toBe(true);
		expect(media.flatMap((m) => m.tracks).every((t) => t.stopped)).toBe(true);
	});

	it('ignores another tab of the other party during a call', async () => {
		const { field, physician } = await answeredPair();
		await field.receive({ kind: 'hangup', from: 'another-tab-000001' });
		expect(field.snapshot.phase).toBe('calling');
		field.dispose();
		physician.dispose();
	});

	it('goes audio only on both sides: the video senders carry no track, and back with a camera', async () => {
		const { field, physician, peers, deliver } = await answeredPair();
		await field.setAudioOnly(true);
		await deliver();
		const videoSender = (peer: FakePeer) => peer.senders.find((s) => s.track?.kind === 'video' || s.track === null);
		expect(videoSender(peers.field[0])?.track).toBeNull();
		expect(physician.snapshot.audioOnly).toBe(true);
		expect(videoSender(peers.physician[0])?.track).toBeNull();
		await physician.setAudioOnly(false);
		await deliver();
		expect(videoSender(peers.field[0])?.track?.kind).toBe('video');
		expect(field.snapshot.audioOnly).toBe(false);
		field.dispose();
		physician.dispose();
	});

	it('switches the camera on the same sender (no renegotiation) and mutes the microphone', async () => {
		const { field, physician, peers } = await answeredPair();
		const a = peers.field[0];
		const sender = a.senders.find((s) => s.track?.kind === 'video');
		const before = sender?.track;
		await field.switchCamera();
		expect(field.snapshot.facing).toBe('environment');
		expect(sender?.track).not.toBe(before);
		expect(before?.stopped).toBe(true);
		expect(a.signalingState).toBe('stable');
		field.toggleMute();
		expect(field.snapshot.muted).toBe(true);
		field.dispose();
		physician.dispose();
	});
});
