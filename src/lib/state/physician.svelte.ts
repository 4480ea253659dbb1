// The physician's consults. A physician replicates no team database: the queue and the record are
// read from the server (/api/consults/*) and kept current by the live stream (/api/live, `consult`
// events). Order answers are field documents the stream does not carry for a physician, so an open
// consult screen asks for its record again every RECORD_POLL_MS (and on "Aktualisieren"). The same
// stream brings the vital signs of the consults the physician holds (`observation`, `reading`
// events), handed to the consult screen (consult-live.svelte.ts).
import { deviceFetch } from '../db/device-fetch.ts';
import { applyConsultNotice, newUrgentRequests, type Consult, type ConsultNotice, type LiveObservationEvent, type LiveReadingEvent, type OrderInput, type PhysicianQueueLine } from '../domain/index.ts';

/** How often an open consult screen reloads its record for the field team's answers to orders. */
export const RECORD_POLL_MS = 10_000;
/** The waiting times in the queue move on this often. */
const CLOCK_TICK_MS = 20_000;
/** The signal for a new `sofort` request: two short beeps. */
const BEEP_HZ = 880;
const BEEP_S = 0.18;
const BEEP_GAP_S = 0.12;
const BEEP_GAIN = 0.25;
const MUTE_KEY = 'fieldcare.consultSoundMuted';

export type LiveState = 'connecting' | 'live' | 'down';
/** Why a request did not reach the server or was refused. */
export type ConsultFailure = 'offline' | 'taken' | 'forbidden' | 'invalid' | 'server';

export interface ConsultRecord {
	team: string;
	consult: Consult;
	/** The requester's display name, where the server knows it. */
	requestedByName?: string;
	allergies: string[];
	patient?: Record<string, unknown> & { _id: string; firstName?: string; lastName?: string; birthDate?: string; allergies?: string[] };
	visit?: Record<string, unknown> & { _id: string };
	mission?: Record<string, unknown> & { _id: string };
	observations: (Record<string, unknown> & { _id: string })[];
	notes: (Record<string, unknown> & { _id: string; text?: string; createdAt?: string; createdBy?: string })[];
	statuses: (Record<string, unknown> & { _id: string })[];
	orders: (Record<string, unknown> & { _id: string })[];
	responses: (Record<string, unknown> & { _id: string })[];
}

function failureOf(status: number): ConsultFailure {
	if (status === 409) return 'taken';
	if (status === 403 || status === 404) return 'forbidden';
	if (status === 400) return 'invalid';
	return 'server';
}

/** A JSON call to the consult endpoints; a network failure is `offline`, never a throw. */
async function call<T>(method: string, path: string, body?: unknown): Promise<{ ok: true; value: T } | { ok: false; failure: ConsultFailure; status?: number }> {
	let response: Response;
	try {
		response = await deviceFetch(path, {
			method,
			credentials: 'same-origin',
			...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
		});
	} catch {
		return { ok: false, failure: 'offline' };
	}
	if (!response.ok) return { ok: false, failure: response.status >= 500 ? 'offline' : failureOf(response.status), status: response.status };
	return { ok: true, value: (await response.json()) as T };
}

export const consultApi = {
	record: (id: string) => call<ConsultRecord>('GET', `/api/consults/${encodeURIComponent(id)}`),
	order: (id: string, input: OrderInput) => call<{ order: Record<string, unknown> }>('POST', `/api/consults/${encodeURIComponent(id)}/orders`, input),
	close: (id: string) => call<{ consult: Consult }>('POST', `/api/consults/${encodeURIComponent(id)}/close`)
};

/** A short double beep through Web Audio. Browsers start audio only after a tap on the page: `enable` is called from one. */
class ConsultSound {
	#context: AudioContext | undefined;
	muted = $state(typeof localStorage !== 'undefined' && localStorage.getItem(MUTE_KEY) === '1');
	/** True once the browser lets this page play sound (after a tap); until then a new request is only shown. */
	ready = $state(false);

	async enable(): Promise<void> {
		if (typeof AudioContext === 'undefined') return;
		this.#context ??= new AudioContext();
		if (this.#context.state !== 'running') await this.#context.resume().catch(() => undefined);
		this.ready = this.#context.state === 'running';
	}

	toggleMuted(): void {
		this.muted = !this.muted;
		localStorage.setItem(MUTE_KEY, this.muted ? '1' : '0');
		if (!this.muted) void this.enable();
	}

	/** Plays the signal; false when muted or not allowed yet (the page shows the request anyway). */
	beep(): boolean {
		const context = this.#context;
		if (this.muted || !context || context.state !== 'running') return false;
		for (const offset of [0, BEEP_S + BEEP_GAP_S]) {
			const oscillator = context.createOscillator();
			const gain = context.createGain();
			oscillator.frequency.value = BEEP_HZ;
			gain.gain.value = BEEP_GAIN;
			oscillator.connect(gain).connect(context.destination);
			const start = context.currentTime + offset;
			oscillator.start(start);
			oscillator.stop(start + BEEP_S);
		}
		return true;
	}
}

export const consultSound = new ConsultSound();

/** The queue of the teams served, loaded once and then changed by the live stream's notices. */
class PhysicianQueue {
	lines = $state<PhysicianQueueLine[]>([]);
	live = $state<LiveState>('down');
	/** Set when the queue could not be loaded (the physician works online). */
	problem = $state<ConsultFailure | null>(null);
	loaded = $state(false);
	now = $state(new Date());
	/** Counts signals for new urgent requests (shown and played); tests and the page read it. */
	urgentSignals = $state(0);
	#source: EventSource | undefined;
	#clock: ReturnType<typeof setInterval> | undefined;
	#users = 0;
	/** Live vital signs of held consults (`observation` events), for the open consult screen. */
	readonly #observationListeners = new Set<(event: LiveObservationEvent) => void>();
	/** Unconfirmed readings relayed from the field device (`reading` events). */
	readonly #readingListeners = new Set<(event: LiveReadingEvent) => void>();

	onReading(listener: (event: LiveReadingEvent) => void): () => void {
		this.#readingListeners.add(listener);
		return () => this.#readingListeners.delete(listener);
	}

	/** Hears every observation the stream brings; the stream runs while someone holds `start()`. */
	onObservation(listener: (event: LiveObservationEvent) => void): () => void {
		this.#observationListeners.add(listener);
		return () => this.#observationListeners.delete(listener);
	}

	/** The page holds the queue while it is shown; the stream closes when the last holder lets go. */
	start(): () => void {
		this.#users++;
		if (this.#users === 1) {
			this.#clock = setInterval(() => (this.now = new Date()), CLOCK_TICK_MS);
			this.#connect();
			void this.load();
		}
		return () => {
			this.#users--;
			if (this.#users > 0) return;
			clearInterval(this.#clock);
			this.#source?.close();
			this.#source = undefined;
			this.live = 'down';
		};
	}

	async load(): Promise<void> {
		const result = await call<{ consults: PhysicianQueueLine[] }>('GET', '/api/consults');
		this.now = new Date();
		if (!result.ok) {
			this.problem = result.failure;
			return;
		}
		this.problem = null;
		// A line marked taken by the stream stays marked until the server no longer lists it.
		const taken = new Set(this.lines.filter((line) => line.taken).map((line) => line.id));
		this.#replace(result.value.consults.map((line) => (taken.has(line.id) ? { ...line, taken: true } : line)));
		this.loaded = true;
	}

	#connect(): void {
		if (typeof EventSource === 'undefined') return;
		this.live = 'connecting';
		const source = new EventSource('/api/live', { withCredentials: true });
		// (Re)connected: what happened meanwhile comes from a fresh load as well as from the resumed stream.
		source.addEventListener('ready', () => {
			this.live = 'live';
			void this.load();
		});
		source.addEventListener('consult', (event) => {
			try {
				const notice = JSON.parse((event as MessageEvent<string>).data) as ConsultNotice;
				this.#replace(applyConsultNotice(this.lines, notice));
			} catch {
				// A malformed event is skipped; the next load brings the queue.
			}
		});
		source.addEventListener('observation', (event) => {
			let observation: LiveObservationEvent;
			try {
				observation = JSON.parse((event as MessageEvent<string>).data) as LiveObservationEvent;
			} catch {
				return; // A malformed event is skipped; the record's reload brings the value.
			}
			for (const listener of [...this.#observationListeners]) listener(observation);
		});
		source.addEventListener('reading', (event) => {
			let reading: LiveReadingEvent;
			try {
				reading = JSON.parse((event as MessageEvent<string>).data) as LiveReadingEvent;
			} catch {
				return;
			}
			for (const listener of [...this.#readingListeners]) listener(reading);
		});
		source.addEventListener('expired', () => {
			source.close();
			this.live = 'down';
		});
		source.addEventListener('overflow', () => {
			source.close();
			this.#source = undefined;
			if (this.#users > 0) setTimeout(() => this.#connect(), CLOCK_TICK_MS / 20);
		});
		source.onerror = () => {
			this.live = source.readyState === EventSource.CLOSED ? 'down' : 'connecting';
		};
		this.#source = source;
	}

	#replace(next: PhysicianQueueLine[]): void {
		const urgent = this.loaded ? newUrgentRequests(this.lines, next) : [];
		this.now = new Date();
		this.lines = next;
		if (urgent.length > 0) {
			this.urgentSignals++;
			consultSound.beep();
		}
	}

	/** The server confirmed this physician's close: the line goes now, not when the stream's notice comes. */
	closed(id: string): void {
		this.lines = this.lines.filter((line) => line.id !== id);
	}

	/** "Annehmen": the consult is this physician's, or `taken` when another was faster. */
	async accept(id: string): Promise<{ ok: true } | { ok: false; failure: ConsultFailure }> {
		const result = await call<{ consult: Consult }>('POST', `/api/consults/${encodeURIComponent(id)}/accept`);
		if (!result.ok) {
			if (result.failure === 'taken') this.lines = this.lines.map((line) => (line.id === id ? { ...line, taken: true } : line));
			return { ok: false, failure: result.failure };
		}
		this.lines = this.lines.map((line) => (line.id === id ? { ...line, state: 'accepted', acceptedAt: result.value.consult.acceptedAt } : line));
		return { ok: true };
	}
}

export const physicianQueue = new PhysicianQueue();
