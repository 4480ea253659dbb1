// Visit repository: the day's planned home visits of a team.
import type { Visit } from '../domain/index.ts';
import type { LocalDatabase } from './local-databases.ts';

/** Visits of one day; their ids begin with the date (`visit:<YYYY-MM-DD>:…`). */
export async function visitsOn(db: LocalDatabase, date: string): Promise<Visit[]> {
	const result = await db.allDocs({ startkey: `visit:${date}:`, endkey: `visit:${date}:\ufff0`, include_docs: true });
	return result.rows.map((row) => row.doc as unknown as Visit).sort((a, b) => a.windowStart.localeCompare(b.windowStart));
}
