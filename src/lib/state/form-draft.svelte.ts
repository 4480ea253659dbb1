// Drafts everywhere: what a person types in a form is kept on this device as it is typed, restored
// when the form opens again (after navigation, a reload, a crash) and removed when it is saved.
// One class for every form; the pages only say which form, record and user a draft belongs to.
import { deviceStore, type StoredDraft } from '../db/device-store.ts';

/** Writes wait this long after the last keystroke, so typing does not write on every key. */
export const DRAFT_WRITE_DELAY_MS = 400;

/** `clean`: nothing typed since the form opened; `draft`: typed, not saved; `saved`: just saved. */
export type DraftState = 'clean' | 'draft' | 'saved';

/** The part of a device table a draft needs (the device store's `drafts` table, or a test double). */
export interface DraftStore {
	get(key: string): Promise<StoredDraft | undefined>;
	put(draft: StoredDraft): Promise<unknown>;
	delete(key: string): Promise<unknown>;
}

export function draftKey(form: string, recordId: string, username: string): string {
	return `${form}|${recordId}|${username}`;
}

/** Whether an unsaved draft of this form exists on the device (e.g. the handover names it). */
export async function hasDraft(form: string, recordId: string, username: string, store: DraftStore = deviceStore.drafts): Promise<boolean> {
	return (await store.get(draftKey(form, recordId, username))) !== undefined;
}

/** When a draft was written (a plain timestamp, nothing to react to). */
function writtenAt(): string {
	return new Date().toISOString();
}

/** Drafts of open forms, so that leaving the page can ask when one of them is not saved. */
// Read only when leaving, never rendered: no reactivity needed.
// eslint-disable-next-line svelte/prefer-svelte-reactivity
const openDrafts = new Set<FormDraft<unknown>>();

export function unsavedDrafts(): FormDraft<unknown>[] {
	return [...openDrafts].filter((draft) => draft.unsaved);
}

/** Writes every pending draft now (before the page unloads, before asking to leave). */
export async function flushDrafts(): Promise<void> {
	await Promise.all([...openDrafts].map((draft) => draft.flush()));
}

/**
 * The draft of one form. `open` with the saved values returns what to show (a stored draft wins),
 * `change` on every edit, `saved` after a successful save, `close` when the form goes away.
 */
export class FormDraft<T> {
	readonly form: string;
	state = $state<DraftState>('clean');
	#store: DraftStore;
	#delayMs: number;
	#key: { key: string; recordId: string; username: string } | null = null;
	/** The saved values as JSON: a form back at these has no draft. */
	#baseline = '';
	#pending: { value: T; timer: ReturnType<typeof setTimeout> } | null = null;
	#writing: Promise<void> = Promise.resolve();

	constructor(form: string, options: { store?: DraftStore; delayMs?: number } = {}) {
		this.form = form;
		this.#store = options.store ?? deviceStore.drafts;
		this.#delayMs = options.delayMs ?? DRAFT_WRITE_DELAY_MS;
	}

	/** Typed and not saved (written to the device or about to be). */
	get unsaved(): boolean {
		return this.state === 'draft';
	}

	/** Starts the draft of one record (`new` for a form that creates one); returns the values to show. */
	async open(recordId: string, username: string, saved: T): Promise<T> {
		await this.flush();
		this.#key = { key: draftKey(this.form, recordId, username), recordId, username };
		this.#baseline = JSON.stringify(saved);
		openDrafts.add(this as FormDraft<unknown>);
		const stored = await this.#store.get(this.#key.key);
		if (stored === undefined || JSON.stringify(stored.value) === this.#baseline) {
			this.state = 'clean';
			return saved;
		}
		this.state = 'draft';
		return stored.value as T;
	}

	/** The form changed: the draft is written after a short pause, or removed when back at the saved values. */
	change(value: T): void {
		if (!this.#key) return;
		const differs = JSON.stringify(value) !== this.#baseline;
		if (!differs && this.state !== 'draft') return;
		if (differs) this.state = 'draft';
		if (this.#pending) clearTimeout(this.#pending.timer);
		this.#pending = { value, timer: setTimeout(() => void this.flush(), this.#delayMs) };
	}

	/** Writes a pending change now. */
	async flush(): Promise<void> {
		const pending = this.#pending;
		const key = this.#key;
		if (pending && key) {
			clearTimeout(pending.timer);
			this.#pending = null;
			const json = JSON.stringify(pending.value);
			this.#writing = this.#writing.then(async () => {
				if (json === this.#baseline) {
					await this.#store.delete(key.key);
					if (this.state === 'draft') this.state = 'clean';
				} else {
					const draft: StoredDraft = { key: key.key, form: this.form, recordId: key.recordId, username: key.username, value: JSON.parse(json), updatedAt: writtenAt() };
					await this.#store.put(draft);
				}
			});
		}
		await this.#writing;
	}

	/** The form was saved with these values: they are the new baseline and the draft is gone. */
	async saved(value: T): Promise<void> {
		if (this.#pending) clearTimeout(this.#pending.timer);
		this.#pending = null;
		this.#baseline = JSON.stringify(value);
		this.state = 'saved';
		const key = this.#key;
		if (key) {
			this.#writing = this.#writing.then(() => this.#store.delete(key.key).then(() => undefined));
			await this.#writing;
		}
	}

	/** Throws the draft away (the person chose to discard it); the form shows the saved values again. */
	async discard(): Promise<void> {
		if (this.#pending) clearTimeout(this.#pending.timer);
		this.#pending = null;
		this.state = 'clean';
		const key = this.#key;
		if (key) {
			this.#writing = this.#writing.then(() => this.#store.delete(key.key).then(() => undefined));
			await this.#writing;
		}
	}

	/** The form goes away: a pending change is written and the draft stays on the device. */
	async close(): Promise<void> {
		openDrafts.delete(this as FormDraft<unknown>);
		await this.flush();
	}
}
