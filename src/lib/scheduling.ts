// Start-up work split into the browser's tasks: a phone's main thread stays answerable (Lighthouse
// counts every task over 50 ms at 4× slowdown as blocking) when evaluating a large module and
// using it happen in separate tasks rather than in one.

/** Resolves in a later task (after input, rendering and other queued work had their turn). */
export function nextTask(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve));
}
