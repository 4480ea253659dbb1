// An SSE client over fetch for integration tests of /api/live: parses events as they arrive and
// waits for the ones a test names.
import { expect } from 'vitest';

export interface SseEvent {
	event: string;
	data: string;
	id?: string;
}

/** An SSE client over fetch: parses events as they arrive and waits for the ones a test names. */
export class SseClient {
	readonly events: SseEvent[] = [];
	comments = 0;
	ended = false;
	readonly #controller: AbortController;
	readonly #wake = new Set<() => void>();

	private constructor(controller: AbortController) {
		this.#controller = controller;
	}

	static async open(url: string, headers: Record<string, string>): Promise<SseClient> {
		const controller = new AbortController();
		const res = await fetch(url, { headers, signal: controller.signal });
		if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
		expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
		const client = new SseClient(controller);
		void client.#pump(res.body!.getReader());
		return client;
	}

	async #pump(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
		const decoder = new TextDecoder();
		let text = '';
		try {
			for (;;) {
				const { value, done } = await reader.read();
				if (done) break;
				text += decoder.decode(value, { stream: true });
				let end: number;
				while ((end = text.indexOf('\n\n')) >= 0) {
					this.#parse(text.slice(0, end));
					text = text.slice(end + 2);
				}
				this.#notify();
			}
		} catch {
			// aborted by close()
		}
		this.ended = true;
		this.#notify();
	}

	#parse(block: string): void {
		const event: SseEvent = { event: 'message', data: '' };
		let fields = 0;
		for (const line of block.split('\n')) {
			if (line.startsWith(':')) this.comments++;
			else if (line.startsWith('event: ')) event.event = line.slice(7);
			else if (line.startsWith('data: ')) event.data = line.slice(6);
			else if (line.startsWith('id: ')) event.id = line.slice(4);
			else continue;
			if (!line.startsWith(':')) fields++;
		}
		if (fields > 0 && !block.startsWith('retry:')) this.events.push(event);
	}

	#notify(): void {
		for (const wake of [...this.#wake]) wake();
	}

	/** The first event (already received or still to come) that matches, or a timeout error. */
	waitFor(match: (event: SseEvent) => boolean, timeoutMs = 2000, what = 'event'): Promise<SseEvent> {
		return this.until(() => this.events.find(match), timeoutMs, what);
	}

	until<T>(check: () => T | undefined | false, timeoutMs = 2000, what = 'condition'): Promise<T> {
		return new Promise((resolve, reject) => {
			const test = () => {
				const found = check();
				if (found) {
					cleanup();
					resolve(found);
				} else if (this.ended) {
					cleanup();
					reject(new Error(`stream ended before ${what}`));
				}
			};
			const timer = setTimeout(() => {
				cleanup();
				reject(new Error(`no ${what} within ${timeoutMs} ms`));
			}, timeoutMs);
			const cleanup = () => {
				clearTimeout(timer);
				this.#wake.delete(test);
			};
			this.#wake.add(test);
			test();
		});
	}

	changes(): { db: string; seq: number; id: string; deleted?: boolean; doc: Record<string, unknown> }[] {
		return this.events.filter((e) => e.event === 'change').map((e) => JSON.parse(e.data));
	}

	close(): void {
		this.#controller.abort();
	}
}
