// The device's side of the retention window (issue 12): the server says which window each of the
// user's databases has (GET /api/retention, the same window it feeds the device), and the device
// keeps to it when it ages documents out (db/aging-out.ts). Open missions and consults, acknowledged
// alarms and each unit's newest status decide what is held beyond the days, so they are read from what the
// device holds before a pass.
import * as v from 'valibot';
import { deviceFetch } from '../db/device-fetch.ts';
import type { KeepOnDevice, LocalDatabase } from '../db/index.ts';
import { isInCutoffs, RetentionSettingSchema, typeRange, windowContextOf, windowCutoffs, type DocType, type RetentionSetting } from '../domain/index.ts';

const WindowsSchema = v.object({ windows: v.record(v.string(), RetentionSettingSchema) });
/** The types whose documents make the context of the window (retention.ts windowContextOf). */
const CONTEXT_TYPES: DocType[] = ['mission', 'alarm', 'status', 'consult'];

/** The window of `database`, or undefined when the server cannot be asked or names none (then nothing ages out). */
export async function fetchRetentionWindow(database: string): Promise<RetentionSetting | undefined> {
	try {
		const response = await deviceFetch('/api/retention', { credentials: 'same-origin' });
		if (!response.ok) return undefined;
		const parsed = v.safeParse(WindowsSchema, await response.json());
		return parsed.success ? parsed.output.windows[database] : undefined;
	} catch {
		return undefined;
	}
}

/** Whether a document stays on the device under `window`, with the context read from `local` now. */
export async function keepByWindow(local: LocalDatabase, window: RetentionSetting): Promise<KeepOnDevice> {
	const held = await Promise.all(CONTEXT_TYPES.map(async (type) => (await local.allDocs({ ...typeRange(type), include_docs: true })).rows.flatMap((row) => (row.doc ? [row.doc] : []))));
	const context = windowContextOf(held.flat());
	return (doc, now) => isInCutoffs(doc as Record<string, unknown> & { _id: string }, window, windowCutoffs(window, now.getTime()), context);
}
