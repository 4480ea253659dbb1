// The Mango indexes a team database is read through (the retention window's feed, the older
// history), brought up to date. On LevelDB a view is built by its first query: without this the
// first device after a start, or after a year was loaded, would wait for the whole history.
import { warmHistoryIndexes } from './history-indexes.ts';
import type { Database } from './storage.ts';
import { warmWindowIndexes } from './windowed-changes.ts';

export async function warmIndexes(db: Database): Promise<void> {
	await warmWindowIndexes(db);
	await warmHistoryIndexes(db);
}
