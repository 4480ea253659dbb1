// Keeps the device to its window: after a sync has settled (never on the sign-in's hot path), the
// documents that aged out leave the local database in small steps (db/aging-out.ts).
import { ageOut, LOCAL_ADAPTER, type AgeOutResult, type KeepOnDevice, type LocalDatabase } from '../db/index.ts';

/** Wait after a settled sync before aging out: the first sync and the first page come first. */
export const AGE_OUT_DELAY_MS = 3_000;
/**
 * A live sync settles after every change; windows are hours to days long, and a pass reads the
 * whole local feed, so once an hour is plenty (and spares the battery).
 */
export const AGE_OUT_INTERVAL_MS = 60 * 60_000;

export interface DeviceWindowOptions {
	local: LocalDatabase;
	remote: () => LocalDatabase;
	/** The rule of this pass (the team's window, read anew each time); undefined: nothing ages out now. */
	keepFor: () => Promise<KeepOnDevice | undefined>;
	now: () => Date;
	onAgedOut: (result: AgeOutResult) => void;
}

export class DeviceWindow {
	readonly #o: DeviceWindowOptions;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#running = false;
	#stopped = false;
	#lastRunAt = -Infinity;

	constructor(options: DeviceWindowOptions) {
		this.#o = options;
	}

	/** TeamSync's `onSettled`: everything up to `pushedSeq` is on the server. */
	settled(pushedSeq: number): void {
		// A database still on the old adapter cannot purge (moved at the next start).
		if (this.#stopped || this.#running || this.#timer || (this.#o.local as { adapter?: string }).adapter !== LOCAL_ADAPTER) return;
		const wait = Math.max(AGE_OUT_DELAY_MS, this.#lastRunAt + AGE_OUT_INTERVAL_MS - Date.now());
		this.#timer = setTimeout(() => void this.#run(pushedSeq), wait);
	}

	stop(): void {
		this.#stopped = true;
		clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	async #run(pushedSeq: number): Promise<void> {
		this.#timer = undefined;
		this.#running = true;
		this.#lastRunAt = Date.now();
		try {
			const { local, remote, keepFor, now } = this.#o;
			const keep = await keepFor();
			if (keep) {
				const result = await ageOut({ local, remote, keep, now: now(), pushedSeq, cancelled: () => this.#stopped });
				if (!this.#stopped) this.#o.onAgedOut(result);
			} else this.#lastRunAt = -Infinity; // The window could not be read: the next settled sync asks again.
		} catch {
			// Offline meanwhile or the server did not answer: the next settled sync tries again.
			this.#lastRunAt = -Infinity;
		} finally {
			this.#running = false;
		}
	}
}
