// What a form needs of the draft its page keeps (state/form-draft.svelte.ts `FormDraft`), so that
// components import no state: the page owns the draft, the form wires its values into it.
import { onDestroy } from 'svelte';

export interface DraftHandle<T> {
	readonly state: 'clean' | 'draft' | 'saved';
	/** The stored draft of this record and user, or `saved` when there is none. */
	open(recordId: string, username: string, saved: T): Promise<T>;
	change(value: T): void;
	saved(value: T): Promise<void>;
	close(): Promise<void>;
}

/**
 * Wires a draft into a component (call during its setup): every change of `current` goes to the
 * draft, and the draft is written and let go when the component is destroyed.
 */
export function trackDraft<T>(draft: DraftHandle<T>, current: () => T | null | undefined): void {
	$effect(() => {
		const value = current();
		if (value !== null && value !== undefined) draft.change($state.snapshot(value) as T);
	});
	onDestroy(() => void draft.close());
}
