// Each team's retention window (issue 12), kept in the server's private database as
// `retention:<teamId>`; a team without one has the defaults. Read on every windowed `_changes`,
// so cached briefly (another gateway instance's change shows within the TTL).
import { DEFAULT_RETENTION, RetentionSettingSchema, type RetentionSetting } from '../../src/lib/domain/index.ts';
import * as v from 'valibot';
import { PRIVATE_DB } from './accounts.ts';
import type { Storage } from './storage.ts';
import { TtlCache } from './ttl-cache.ts';

const CACHE_TTL_MS = 5_000;

type SettingDoc = RetentionSetting & { _id: string; _rev?: string; teamId: string };

export class RetentionSettings {
	readonly #storage: Storage;
	readonly #cache = new TtlCache<RetentionSetting>(CACHE_TTL_MS);

	constructor(storage: Storage) {
		this.#storage = storage;
	}

	async get(teamId: string): Promise<RetentionSetting> {
		return this.#cache.get(teamId, async () => {
			const doc = await this.#read(teamId);
			// A stored setting that no longer parses (an older bound) falls back to the defaults.
			const parsed = doc && v.safeParse(RetentionSettingSchema, pick(doc));
			return parsed?.success ? parsed.output : DEFAULT_RETENTION;
		});
	}

	async set(teamId: string, setting: RetentionSetting): Promise<void> {
		const existing = await this.#read(teamId);
		const doc: SettingDoc = { ...setting, _id: `retention:${teamId}`, teamId, ...(existing?._rev ? { _rev: existing._rev } : {}) };
		await this.#storage.database(PRIVATE_DB).put(doc);
		this.#cache.delete(teamId);
	}

	async #read(teamId: string): Promise<SettingDoc | undefined> {
		try {
			return (await this.#storage.database(PRIVATE_DB).get(`retention:${teamId}`)) as unknown as SettingDoc;
		} catch (err) {
			if ((err as { status?: number }).status === 404) return undefined;
			throw err;
		}
	}
}

function pick(doc: SettingDoc): RetentionSetting {
	const { observationDays, noteDays, visitDays, tourDays, missionDays, positionHours, alarmDays } = doc;
	return { observationDays, noteDays, visitDays, tourDays, missionDays, positionHours, alarmDays };
}
