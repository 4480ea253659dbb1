// App-wide sync status: one TeamSync per team database, summed up for the indicator.
import { getSetting, logSync, openRemote, pushedSeqKey, setSetting, type LocalDatabases } from '../db/index.ts';
import { TeamSync, withInlineAttachments, type SyncPhase, type SyncProblem, type TeamSyncSnapshot } from '../sync/index.ts';
import { fetchRetentionWindow, keepByWindow } from '../sync/device-retention.ts';
import { DeviceWindow } from './device-window.ts';

const PHASE_ORDER: SyncPhase[] = ['error', 'offline', 'syncing', 'up-to-date'];
const BACKGROUND_SYNC_MS = 5 * 60_000;

class SyncStatus {
	#snapshots = $state<Record<string, TeamSyncSnapshot>>({});
	#online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
	#syncs = new Map<string, TeamSync>();
	#windows: DeviceWindow[] = [];
	#periodic: ReturnType<typeof setInterval> | undefined;

	readonly online = $derived(this.#online);
	readonly phase: SyncPhase = $derived.by(() => {
		if (!this.#online) return 'offline';
		const phases = Object.values(this.#snapshots).map((s) => s.phase);
		return PHASE_ORDER.find((p) => phases.includes(p)) ?? 'up-to-date';
	});
	/** Pull progress summed over the databases still pulling. */
	readonly progress = $derived.by(() => {
		const running = Object.values(this.#snapshots).flatMap((s) => (s.progress ? [s.progress] : []));
		if (running.length === 0) return undefined;
		return running.reduce((sum, p) => ({ done: sum.done + p.done, total: sum.total + p.total }), { done: 0, total: 0 });
	});
	readonly conflicts = $derived(Object.values(this.#snapshots).reduce((sum, s) => sum + s.conflicts, 0));
	readonly pending = $derived(Object.values(this.#snapshots).reduce((sum, s) => sum + s.pending, 0));
	readonly problem: SyncProblem | undefined = $derived(Object.values(this.#snapshots).find((s) => s.problem)?.problem);
	readonly denied = $derived(Object.values(this.#snapshots).flatMap((s) => s.denied));
	/** The oldest of the databases' last syncs: everything is at least this fresh. */
	readonly lastSyncAt: string | undefined = $derived.by(() => {
		const times = Object.values(this.#snapshots).map((s) => s.lastSyncAt);
		if (times.length === 0 || times.some((t) => !t)) return undefined;
		return (times as string[]).sort()[0];
	});

	/** Nothing has been synced to this device yet and a sync can still come: "no visits" would be a guess. */
	readonly firstSync = $derived(this.#online && this.phase !== 'error' && this.lastSyncAt === undefined);

	constructor() {
		if (typeof window === 'undefined') return;
		window.addEventListener('online', () => this.#setOnline(true));
		window.addEventListener('offline', () => this.#setOnline(false));
		document.addEventListener('visibilitychange', () => this.#onVisibility());
	}

	async start(dbs: LocalDatabases): Promise<void> {
		this.stop();
		for (const [name, local] of dbs.entries()) {
			const key = `${dbs.username}:${name}`;
			const remote = () => openRemote(location.origin, name);
			const deviceWindow = new DeviceWindow({
				local,
				remote,
				keepFor: async () => {
					const window = await fetchRetentionWindow(name);
					return window && keepByWindow(local, window);
				},
				now: () => new Date(),
				onAgedOut: ({ removed, keptUnsent }) =>
					void logSync({ at: new Date().toISOString(), database: name, event: 'aged-out', detail: `${removed} removed, ${keptUnsent} unsent kept` })
			});
			this.#windows.push(deviceWindow);
			const sync = new TeamSync({
				local,
				// A first sync's signatures come with their batches, not one request each.
				remote: () => withInlineAttachments(remote()),
				isOnline: () => navigator.onLine,
				now: () => new Date(),
				loadPushedSeq: async () => (await getSetting<number>(pushedSeqKey(dbs.username, name))) ?? 0,
				savePushedSeq: (seq) => setSetting(pushedSeqKey(dbs.username, name), seq),
				onUpdate: (snapshot) => this.#record(name, key, snapshot),
				onSettled: (pushedSeq) => deviceWindow.settled(pushedSeq)
			});
			this.#syncs.set(name, sync);
			await sync.start(await getSetting<string>(`lastSyncAt:${key}`));
		}
	}

	stop(): void {
		clearInterval(this.#periodic);
		for (const sync of this.#syncs.values()) sync.stop();
		this.#syncs.clear();
		for (const deviceWindow of this.#windows) deviceWindow.stop();
		this.#windows = [];
		this.#snapshots = {};
	}

	/** Whether a document written on this device has not reached the server yet; re-read whenever the sync state changes. */
	isUnsent(database: string, id: string): boolean {
		const snapshot = this.#snapshots[database];
		if (!snapshot) return true;
		return snapshot.pending > 0 && (this.#syncs.get(database)?.isUnsent(id) ?? true);
	}

	/** "Jetzt synchronisieren", the `online` event and the app becoming visible. */
	syncNow(): void {
		const live = document.visibilityState !== 'hidden';
		for (const sync of this.#syncs.values()) sync.restart(live);
	}

	/** Live replication only while the app is visible; in the background one pass every few minutes. */
	#onVisibility(): void {
		clearInterval(this.#periodic);
		if (document.visibilityState === 'hidden') this.#periodic = setInterval(() => this.syncNow(), BACKGROUND_SYNC_MS);
		this.syncNow();
	}

	#setOnline(online: boolean): void {
		this.#online = online;
		this.syncNow();
	}

	#record(name: string, key: string, snapshot: TeamSyncSnapshot): void {
		const previous = this.#snapshots[name];
		this.#snapshots = { ...this.#snapshots, [name]: snapshot };
		if (snapshot.lastSyncAt && snapshot.lastSyncAt !== previous?.lastSyncAt) {
			void setSetting(`lastSyncAt:${key}`, snapshot.lastSyncAt);
		}
		if (snapshot.phase !== previous?.phase && (snapshot.phase === 'error' || snapshot.phase === 'up-to-date')) {
			void logSync({ at: new Date().toISOString(), database: name, event: snapshot.phase, detail: snapshot.problem ?? '' });
		}
	}
}

export const syncStatus = new SyncStatus();
