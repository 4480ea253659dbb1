// The dispatcher's live picture, kept incrementally: every synced document is applied once and
// only what it touches changes, so a console with thousands of missions stays instant. Pure.
import type { Alarm, FieldDocument, Mission, StatusEvent, Tour, Visit } from './documents.ts';
import type { GeoPoint } from './documents.ts';
import { isAvailable } from './fms.ts';
import { compareCodeUnits } from './text-order.ts';
const OPEN_MISSION_STATES: Mission['state'][] = ['open', 'assigned', 'active'];

export interface UnitState {
	unitId: string;
	/** The ambulance station's database. */
	database: string;
	status?: number;
	/** Time of the last real status change. */
	since?: string;
	/** Last status press or position report. */
	lastSeenAt?: string;
	position?: GeoPoint & { accuracyM?: number };
	missionId?: string;
}

export interface TourProgress {
	nurse: string;
	database: string;
	total: number;
	done: number;
	/** The patient of the last finished visit, as where she was last. */
	lastDoneVisitId?: string;
}

type Located<T> = T & { database: string };

/** Revision generation: a document replaces what the board holds only with a newer revision. */
function generation(rev: string | undefined): number {
	return rev ? Number.parseInt(rev, 10) || 0 : 0;
}

export class DispatchBoard {
	readonly units = new Map<string, UnitState>();
	readonly missions = new Map<string, Located<Mission>>();
	readonly alarms = new Map<string, Located<Alarm>>();
	/** Raised alarms acknowledged by a later alarm document: raised id → acknowledgement. */
	readonly acknowledgements = new Map<string, Alarm>();
	readonly #visits = new Map<string, Located<Visit>>();
	readonly #tours = new Map<string, Located<Tour>>();
	readonly #revs = new Map<string, string>();
	/** Status events already applied (a change may arrive by the live feed and by replication). */
	readonly #statusSeen = new Set<string>();
	/** A silent unit acknowledged by the dispatcher stays quiet until it is seen again and falls silent anew. */
	readonly #silenceAcknowledged = new Map<string, string>();

	/** Known units before any status arrives (the stations' paramedic accounts). */
	addUnit(unitId: string, database: string): void {
		if (!this.units.has(unitId)) this.units.set(unitId, { unitId, database });
	}

	/** Applies a document from `database`; returns false when it brought nothing new. */
	apply(database: string, doc: FieldDocument | { _id: string; _rev?: string; _deleted: true }): boolean {
		const key = `${database}/${doc._id}`;
		const known = this.#revs.get(key);
		if (known !== undefined && doc._rev !== undefined && (generation(doc._rev) < generation(known) || doc._rev === known)) return false;
		if (doc._rev) this.#revs.set(key, doc._rev);
		if ('_deleted' in doc && doc._deleted) return this.#remove(doc._id);
		const full = doc as FieldDocument;
		switch (full.type) {
			case 'status':
				return this.#applyStatus(database, full);
			case 'mission':
				this.missions.set(full._id, { ...full, database });
				return true;
			case 'alarm':
				if (full.kind === 'device-silent' && full.unitId && full.acknowledgedAt) {
					const previous = this.#silenceAcknowledged.get(full.unitId);
					if (!previous || full.acknowledgedAt > previous) this.#silenceAcknowledged.set(full.unitId, full.acknowledgedAt);
				} else if (full.replaces) this.acknowledgements.set(full.replaces, full);
				else this.alarms.set(full._id, { ...full, database });
				return true;
			case 'visit':
				this.#visits.set(full._id, { ...full, database });
				return true;
			case 'tour':
				this.#tours.set(full._id, { ...full, database });
				return true;
			// Consults are the physicians' (their queue comes through /api/consults), not the console's.
			case 'patient':
			case 'observation':
			case 'observationSet':
			case 'note':
			case 'handover':
			case 'consult':
			case 'order':
			case 'orderResponse':
				return false;
		}
	}

	#remove(id: string): boolean {
		return this.missions.delete(id) || this.alarms.delete(id) || this.#visits.delete(id) || this.#tours.delete(id);
	}

	#applyStatus(database: string, event: StatusEvent): boolean {
		if (this.#statusSeen.has(event._id)) return false;
		this.#statusSeen.add(event._id);
		// A new object per change: views keyed by unit see that it changed.
		const unit: UnitState = { ...(this.units.get(event.unitId) ?? { unitId: event.unitId, database }) };
		// Offline presses arrive late: only a newer press changes what the unit shows now.
		if (!unit.lastSeenAt || event.at >= unit.lastSeenAt) {
			unit.lastSeenAt = event.at;
			if (event.position) unit.position = event.position;
		}
		if (event.report !== 'position' && (!unit.since || event.at >= unit.since)) {
			unit.status = event.status;
			unit.since = event.at;
			unit.missionId = isAvailable(event.status) ? undefined : (event.missionId ?? unit.missionId);
		}
		this.units.set(event.unitId, unit);
		return true;
	}

	/** Open missions, most urgent first, then oldest alarm first. */
	openMissions(): Located<Mission>[] {
		return [...this.missions.values()]
			.filter((m) => OPEN_MISSION_STATES.includes(m.state))
			.sort((a, b) => a.priority - b.priority || compareCodeUnits(a.alarmedAt, b.alarmedAt));
	}

	unitList(): UnitState[] {
		return [...this.units.values()].sort((a, b) => a.unitId.localeCompare(b.unitId));
	}

	availableUnits(): UnitState[] {
		return this.unitList().filter((u) => u.status === undefined || isAvailable(u.status));
	}

	/** Alarms not yet acknowledged, newest first. */
	openAlarms(): Located<Alarm>[] {
		return [...this.alarms.values()].filter((a) => !this.acknowledgements.has(a._id)).sort((a, b) => compareCodeUnits(b.createdAt, a.createdAt));
	}

	/** Units whose device has sent nothing for `silentMinutes` while out (not 2 at the station, not 6 off duty), unless acknowledged since. */
	silentUnits(now: Date, silentMinutes: number): UnitState[] {
		const limit = now.getTime() - silentMinutes * 60_000;
		return this.unitList().filter((u) => {
			if (u.lastSeenAt === undefined || u.status === 2 || u.status === 6 || Date.parse(u.lastSeenAt) >= limit) return false;
			const acknowledged = this.#silenceAcknowledged.get(u.unitId);
			return !acknowledged || acknowledged < u.lastSeenAt;
		});
	}

	tourProgress(date: string): TourProgress[] {
		const progress: TourProgress[] = [];
		for (const tour of this.#tours.values()) {
			if (tour.date !== date) continue;
			const visits = tour.visitIds.flatMap((id) => this.#visits.get(id) ?? []);
			const done = visits.filter((v) => v.status === 'done');
			const last = done.sort((a, b) => compareCodeUnits(a.endedAt ?? '', b.endedAt ?? '')).at(-1);
			progress.push({ nurse: tour.nurse, database: tour.database, total: tour.visitIds.length, done: done.length, lastDoneVisitId: last?._id });
		}
		return progress.sort((a, b) => a.nurse.localeCompare(b.nurse));
	}

	visit(id: string): Located<Visit> | undefined {
		return this.#visits.get(id);
	}
}
