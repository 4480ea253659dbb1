// Who writes the generated year: the demo organisation's accounts (demo-data.ts), their devices,
// and the shape of a generated document with its authored revisions.
import { SCHEMA_VERSION } from '../../../src/lib/domain/index.ts';

export type Doc = Record<string, unknown> & { _id: string; type: string };

/** One revision and the account that wrote it. */
export interface AuthoredRevision {
	by: string;
	body: Doc;
}

/** A document with its revisions, oldest first: the first created it, the last is what is stored. */
export interface YearEntry {
	teamId: string;
	revisions: AuthoredRevision[];
}

/** The accounts of the demo organisation (demo-data.ts) as writers, with the device each uses. */
export const NURSING_TEAM = 'pflege-saalfeld';
export const AMBULANCE_TEAM = 'rw-saalfeld';
export const DISPATCHER = 'leitstelle';
export const NURSES = ['schwester.anna', 'pfleger.tom'] as const;
export const CREWS = ['rtw1', 'rtw2'] as const;
export const DEVICE_OF: Readonly<Record<string, string>> = {
	'schwester.anna': 'tablet-anna',
	'pfleger.tom': 'tablet-tom',
	rtw1: 'tablet-rtw1',
	rtw2: 'tablet-rtw2',
	leitstelle: 'leitstelle-pc-1'
};

/** The fields every new document carries, written by `by` at `ms`. */
export function created(by: string, ms: number) {
	return { schemaVersion: SCHEMA_VERSION, createdAt: new Date(Math.round(ms)).toISOString(), createdBy: by, deviceId: DEVICE_OF[by] } as const;
}

/** A document written once by its author (append-only types, and plans nobody changed). */
export function single(teamId: string, by: string, body: Doc): YearEntry {
	return { teamId, revisions: [{ by, body }] };
}
