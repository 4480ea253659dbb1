// Records opened on this device reach the audit trail: logged locally at once (offline too),
// uploaded whenever the server is reachable; the server stamps the user and the arrival time.
import { addAccessEvent, forgetAccessEvents, pendingAccessEvents } from '../db/index.ts';
import { MAX_ACCESS_EVENTS_PER_UPLOAD, ulid } from '../domain/index.ts';
import { session } from './session.svelte.ts';

/** How often pending events are offered again while the app runs (besides "online" and every new event). */
const RETRY_MS = 60_000;
/** What a previous session left is offered once the page has drawn (not among the first render's work). */
const FIRST_UPLOAD_DELAY_MS = 3_000;
export const DEVICE_HEADER = 'x-fieldcare-device';

class AccessLog {
	#uploading: Promise<void> | null = null;
	#started = false;

	/** Uploads pending events soon after start and again whenever the device comes online, and once a minute. */
	start(): void {
		if (this.#started || typeof window === 'undefined') return;
		this.#started = true;
		window.addEventListener('online', () => void this.upload());
		setInterval(() => void this.upload(), RETRY_MS);
		setTimeout(() => void this.upload(), FIRST_UPLOAD_DELAY_MS);
	}

	/** The signed-in user opened a patient's or mission's record. */
	async opened(subject: string, database: string): Promise<void> {
		const username = session.profile?.username;
		if (!username) return;
		const now = new Date();
		await addAccessEvent({ id: ulid(now.getTime(), (n) => crypto.getRandomValues(new Uint8Array(n))), at: now.toISOString(), subject, database, username });
		void this.upload();
	}

	upload(): Promise<void> {
		this.#uploading ??= this.#uploadPending().finally(() => (this.#uploading = null));
		return this.#uploading;
	}

	async #uploadPending(): Promise<void> {
		const username = session.profile?.username;
		if (!username || session.expired) return;
		for (;;) {
			const pending = await pendingAccessEvents(username, MAX_ACCESS_EVENTS_PER_UPLOAD);
			if (pending.length === 0) return;
			let response: Response;
			try {
				response = await fetch('/api/audit/events', {
					method: 'POST',
					credentials: 'same-origin',
					headers: { 'content-type': 'application/json', [DEVICE_HEADER]: session.deviceId },
					body: JSON.stringify({ events: pending.map(({ id, at, subject, database }) => ({ id, at, subject, database })) })
				});
			} catch {
				return; // offline: the events wait
			}
			// Only what the server stored is forgotten; anything else waits for the next attempt.
			if (!response.ok) return;
			await forgetAccessEvents(pending.map((event) => event.id));
		}
	}
}

export const accessLog = new AccessLog();

/** For a page that shows one record: logs it once per visit, not on every refresh of its data. */
export function openedRecordLogger(): (subject: string | undefined, database: string | undefined) => void {
	let logged = '';
	return (subject, database) => {
		if (!subject || !database || subject === logged) return;
		logged = subject;
		void accessLog.opened(subject, database);
	};
}
