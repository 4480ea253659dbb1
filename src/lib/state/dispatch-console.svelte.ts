// The dispatcher's console: the board loaded from the local databases, then kept live by the
// server's event stream (GET /api/live) and by the local changes (own writes, replication).
import { alarmsOf, listMissions, recentPositionReports, statusPresses, toursOn, visitsOn, type LocalDatabases } from '../db/index.ts';
import { DispatchBoard, localIsoDate, type FieldDocument, type Mission, type Team } from '../domain/index.ts';
import { LiveFeed, type LiveChange, type LiveState } from '../sync/index.ts';
import { teamMembers } from './team-members.ts';

/** Alarms older than this are history, not the situation. */
const ALARM_WINDOW_MS = 24 * 3_600_000;
/** Position reports this recent show where units are; the silent-unit alarm looks back at most this far. */
const POSITION_WINDOW_MS = 4 * 3_600_000;
/** Enough for every unit of a region to have its latest report among them. */
const POSITION_REPORTS_MAX = 5000;

type Removed = { _id: string; _rev?: string; _deleted: true };

/** Performance mark set when a live change arrives; the console page measures 'console-update' from it. */
export const CHANGE_MARK = 'console-change';

class DispatchConsole {
	#board = new DispatchBoard();
	/** Bumped on every applied change; the lists below re-derive from it. */
	#version = $state(0);
	#live = $state<LiveState>('down');
	#feed: LiveFeed | undefined;
	#local: PouchDB.Core.Changes<Record<string, unknown>>[] = [];
	#started: LocalDatabases | undefined;
	/** Each start counts up; a load that finishes after a newer start is thrown away. */
	#run = 0;
	/** People's display names by user name (units and nurses), from the team member lists. */
	#names = $state.raw<ReadonlyMap<string, string>>(new Map());

	readonly units = $derived.by(() => (this.#version, this.#board.unitList()));
	readonly availableUnits = $derived.by(() => (this.#version, this.#board.availableUnits()));
	readonly openMissions = $derived.by(() => (this.#version, this.#board.openMissions()));
	readonly openAlarms = $derived.by(() => (this.#version, this.#board.openAlarms()));
	readonly tours = $derived.by(() => (this.#version, this.#board.tourProgress(localIsoDate(new Date()))));

	get live(): LiveState {
		return this.#live;
	}
	get version(): number {
		return this.#version;
	}
	get board(): DispatchBoard {
		return this.#board;
	}
	/** A mission by id, tracked like the lists (the board itself is not reactive): an alarm that
	 *  arrives before its mission shows the keyword as soon as the mission follows. */
	mission(id: string | undefined): Mission | undefined {
		void this.#version;
		return id === undefined ? undefined : this.#board.missions.get(id);
	}
	/** How a unit or a nurse is shown: the display name, or the user name while the team list is unknown. */
	nameOf(username: string): string {
		return this.#names.get(username) ?? username;
	}

	async start(dbs: LocalDatabases, teams: readonly Team[]): Promise<void> {
		if (this.#started === dbs) return;
		this.stop();
		this.#started = dbs;
		const run = ++this.#run;
		const board = new DispatchBoard();
		const today = localIsoDate(new Date());
		// Subscribe first and hold what arrives, so nothing between load and subscription is lost.
		const early: [string, FieldDocument | Removed][] = [];
		let loaded = false;
		const take = (database: string, doc: FieldDocument | Removed) => {
			if (!loaded) early.push([database, doc]);
			else {
				// The page measures from here to its updated DOM ('console-update'; bench/console-render.bench.ts).
				performance.mark(CHANGE_MARK);
				if (this.#board.apply(database, doc)) this.#changed();
				else performance.clearMarks(CHANGE_MARK);
			}
		};
		this.#feed = new LiveFeed(
			(change: LiveChange) => {
				const doc = change.deleted ? ({ _id: change.id, _rev: change.doc?._rev, _deleted: true } as Removed) : (change.doc as unknown as FieldDocument | undefined);
				if (doc && dbs.names.includes(change.db)) take(change.db, doc);
			},
			(state) => (this.#live = state)
		);
		this.#feed.start();
		for (const [database, db] of dbs.entries()) {
			this.#local.push(
				db
					.changes({ since: 'now', live: true, include_docs: true })
					.on('change', (change) => change.doc && take(database, change.doc as unknown as FieldDocument | Removed))
			);
		}
		for (const team of teams.filter((t) => t.kind === 'ambulance' || t.kind === 'nursing')) {
			void teamMembers(team.id).then((members) => {
				if (run !== this.#run) return;
				this.#names = new Map([...this.#names, ...members.map((m) => [m.username, m.displayName] as const)]);
				if (team.kind !== 'ambulance') return;
				for (const m of members) if (m.role === 'paramedic') board.addUnit(m.username, `team-${team.id}`);
				this.#changed();
			});
		}
		await Promise.all(
			dbs.entries().map(async ([database, db]) => {
				const [missions, statuses, positions, alarms, visits, tours] = await Promise.all([
					listMissions(db),
					statusPresses(db),
					recentPositionReports(db, new Date(Date.now() - POSITION_WINDOW_MS), POSITION_REPORTS_MAX),
					alarmsOf(db, new Date(Date.now() - ALARM_WINDOW_MS)),
					visitsOn(db, today),
					toursOn(db, today)
				]);
				for (const doc of [...missions, ...statuses, ...positions, ...alarms, ...visits, ...tours]) board.apply(database, doc);
			})
		);
		if (run !== this.#run) return;
		this.#board = board;
		loaded = true;
		for (const [database, doc] of early.splice(0)) board.apply(database, doc);
		this.#changed();
	}

	#changed(): void {
		this.#version++;
	}

	stop(): void {
		this.#feed?.stop();
		this.#feed = undefined;
		for (const feed of this.#local) feed.cancel();
		this.#local = [];
		this.#started = undefined;
	}
}

export const dispatchConsole = new DispatchConsole();
