// Before the first page of a signed-in device loads, its database code arrives in a task of its
// own (loadSessionStack): the page's code would bring PouchDB into the page's graph, compiled with
// it in one long task of the phone's main thread. A signed-out device starts without it.
import { loadSessionStack } from '$lib/state/session.svelte.ts';
import { mayHoldSession } from '$lib/state/session-hint.ts';

export async function init(): Promise<void> {
	// A failure here is the session's to report (restore() asks for the same code); the app starts.
	if (await mayHoldSession()) await loadSessionStack().catch(() => undefined);
}
