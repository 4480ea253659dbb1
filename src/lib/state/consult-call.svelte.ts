// The consult call as a screen sees it: a CallSession (sync/call-session.ts) wired to the server —
// signals out through POST /api/consults/<id>/signal, in through a signals-only live stream
// (/api/live?events=signal, `signal` events of this consult), ICE servers from …/ice — and, for the
// physician, "call started / ended" recorded on the consult (POST …/call) for the timeline.
import { deviceFetch } from '../db/device-fetch.ts';
import type { CallSignal, CallSignalEnvelope } from '../domain/index.ts';
import { CallSession, type CallSnapshot, type SendOutcome } from '../sync/index.ts';
import { consultSound } from './physician.svelte.ts';

/** An incoming call rings (the consult double beep, where sound is allowed, and a vibration) this often. */
const RING_INTERVAL_MS = 2500;
const RING_VIBRATION_MS = [400, 200, 400];

export type CallSide = 'field' | 'physician';

function consultPath(consultId: string, rest: string): string {
	return `/api/consults/${encodeURIComponent(consultId)}${rest}`;
}

async function sendSignal(consultId: string, signal: CallSignal): Promise<SendOutcome> {
	let response: Response;
	try {
		response = await deviceFetch(consultPath(consultId, '/signal'), {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(signal)
		});
	} catch {
		return 'failed';
	}
	if (response.status === 401 || response.status === 403) return 'refused';
	if (!response.ok) return 'failed';
	const body = (await response.json().catch(() => ({}))) as { delivered?: number };
	return (body.delivered ?? 0) > 0 ? 'delivered' : 'unheard';
}

async function iceServers(consultId: string): Promise<RTCIceServer[]> {
	const response = await deviceFetch(consultPath(consultId, '/ice'), { credentials: 'same-origin' });
	if (!response.ok) return [];
	return ((await response.json()) as { iceServers?: RTCIceServer[] }).iceServers ?? [];
}

/** The physician's record of the call on the consult (the field side has no right to these fields). */
async function recordCall(consultId: string, event: 'started' | 'ended'): Promise<void> {
	await deviceFetch(consultPath(consultId, '/call'), {
		method: 'POST',
		credentials: 'same-origin',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ event })
	}).catch(() => undefined);
}

export class ConsultCall {
	readonly consultId: string;
	readonly side: CallSide;
	snapshot = $state<CallSnapshot>({ phase: 'idle', connection: 'new', muted: false, audioOnly: false, facing: 'user', quality: 'unbekannt', bytesSent: 0, bytesReceived: 0, restarts: 0, otherAway: false });
	local = $state.raw<MediaStream | undefined>();
	remote = $state.raw<MediaStream | undefined>();
	/** The signals stream is open: a call started now rings at the other side once theirs is too. */
	listening = $state(false);
	/** Rings of the current incoming call so far (the panel shows it as an attribute for tests). */
	rings = $state(0);
	#ringTimer: ReturnType<typeof setInterval> | undefined;
	readonly #session: CallSession;
	#source: EventSource | undefined;
	#connectedOnce = false;
	/** The last "call started / ended" on its way to the server. */
	#recording: Promise<void> = Promise.resolve();
	readonly #onOnline = () => this.#session.online();

	constructor(consultId: string, side: CallSide) {
		this.consultId = consultId;
		this.side = side;
		this.#session = new CallSession({
			polite: side === 'physician',
			env: {
				createPeer: (config) => new RTCPeerConnection(config),
				getUserMedia: (constraints) => navigator.mediaDevices.getUserMedia(constraints),
				randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n))
			},
			send: (signal) => sendSignal(consultId, signal),
			iceServers: () => iceServers(consultId),
			onChange: (snapshot, local, remote) => this.#changed(snapshot, local, remote)
		});
	}

	/** Opens the signals stream (incoming calls ring from now on). */
	open(): void {
		if (this.#source || typeof EventSource === 'undefined') return;
		const source = new EventSource('/api/live?events=signal', { withCredentials: true });
		source.addEventListener('ready', () => {
			this.listening = true;
			this.#session.online();
		});
		source.addEventListener('signal', (event) => {
			let envelope: CallSignalEnvelope;
			try {
				envelope = JSON.parse((event as MessageEvent<string>).data) as CallSignalEnvelope;
			} catch {
				return;
			}
			if (envelope.consultId !== this.consultId) return;
			void this.#session.receive(envelope.signal).catch(() => undefined);
		});
		source.onerror = () => (this.listening = source.readyState === EventSource.OPEN);
		this.#source = source;
		addEventListener('online', this.#onOnline);
	}

	close(): void {
		this.#stopRinging();
		this.#session.dispose();
		this.#source?.close();
		this.#source = undefined;
		this.listening = false;
		removeEventListener('online', this.#onOnline);
	}

	start = () => void this.#session.start();
	accept = () => void this.#session.accept();
	hangUp = () => void this.#session.hangUp();

	/** Ends a call still on and waits until the other side was told and the end recorded (before the consult closes). */
	async end(): Promise<void> {
		await this.#session.hangUp();
		await this.#recording;
	}
	toggleMute = () => this.#session.toggleMute();
	toggleAudioOnly = () => void this.#session.setAudioOnly(!this.snapshot.audioOnly);
	switchCamera = () => void this.#session.switchCamera();
	reconnect = () => this.#session.reconnect();

	#ring(): void {
		this.rings++;
		consultSound.beep();
		// Browsers vibrate only after a tap on the page (sticky activation); otherwise this does nothing.
		if (typeof navigator !== 'undefined' && 'vibrate' in navigator) navigator.vibrate(RING_VIBRATION_MS);
	}

	#stopRinging(): void {
		if (this.#ringTimer !== undefined) clearInterval(this.#ringTimer);
		this.#ringTimer = undefined;
	}

	#changed(snapshot: CallSnapshot, local: MediaStream | undefined, remote: MediaStream | undefined): void {
		const before = this.snapshot.phase;
		this.snapshot = snapshot;
		this.local = local;
		this.remote = remote;
		if (snapshot.phase === 'ringing' && this.#ringTimer === undefined) {
			this.rings = 0;
			this.#ring();
			this.#ringTimer = setInterval(() => this.#ring(), RING_INTERVAL_MS);
		} else if (snapshot.phase !== 'ringing') this.#stopRinging();
		if (this.side !== 'physician') return;
		if (snapshot.phase === 'connected' && !this.#connectedOnce) {
			this.#connectedOnce = true;
			this.#recording = recordCall(this.consultId, 'started');
		} else if (snapshot.phase === 'ended' && before !== 'ended' && this.#connectedOnce) {
			this.#connectedOnce = false;
			const started = this.#recording;
			this.#recording = started.then(() => recordCall(this.consultId, 'ended'));
		}
	}
}

/**
 * A screen's data can re-render the card that holds the call (a consult revision replicates in, a
 * list reloads); the call must not end with it. Calls are held by consult and released with a grace
 * period: a panel mounted again within it finds its call still on.
 */
const RELEASE_GRACE_MS = 3000;
// Bookkeeping, not shown: no screen reads this map.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const held = new Map<string, { call: ConsultCall; users: number; timer?: ReturnType<typeof setTimeout> }>();

export function holdConsultCall(consultId: string, side: CallSide): { call: ConsultCall; release: () => void } {
	const key = `${side}|${consultId}`;
	let entry = held.get(key);
	if (!entry) {
		entry = { call: new ConsultCall(consultId, side), users: 0 };
		entry.call.open();
		held.set(key, entry);
	}
	if (entry.timer !== undefined) clearTimeout(entry.timer);
	entry.timer = undefined;
	entry.users++;
	const current = entry;
	let released = false;
	return {
		call: current.call,
		release() {
			if (released) return;
			released = true;
			current.users--;
			if (current.users > 0) return;
			current.timer = setTimeout(() => {
				if (current.users > 0 || held.get(key) !== current) return;
				held.delete(key);
				current.call.close();
			}, RELEASE_GRACE_MS);
		}
	};
}

/** "Konsil abschließen": a call still on in this consult ends first (told and recorded while the consult is open). */
export async function endConsultCall(consultId: string): Promise<void> {
	for (const entry of held.values()) if (entry.call.consultId === consultId) await entry.call.end();
}
