// What the dispatcher does: alarm a mission (to the unit's station database), suggest the nearest
// free unit, reassign or cancel, acknowledge alarms. Each is a local write that syncs.
import { acknowledgeAlarm, acknowledgeSilentUnit, assignMission, cancelMission, createMission, loadMapServices, updateMission, type MissionInput } from '../db/index.ts';
import type { Alarm, GeoPoint, Mission, UnitState } from '../domain/index.ts';
import { fetchOsrmTable, haversineMatrix, rankUnits, type RankedUnit, type TravelMatrix } from '../routing/index.ts';
import { dispatchConsole } from './dispatch-console.svelte.ts';
import { session } from './session.svelte.ts';

function database(name: string) {
	const dbs = session.databases;
	if (!dbs) throw new Error('not signed in');
	return dbs.get(name);
}

/** Available units by travel time to the point: road times from the routing service when online, else estimated. */
export async function suggestUnits(point: GeoPoint): Promise<RankedUnit[]> {
	const candidates = dispatchConsole.board.availableUnits();
	const { routingUrl } = await loadMapServices();
	let road: TravelMatrix | undefined;
	const places = [point, ...candidates.flatMap((u) => (u.position ? [u.position] : []))];
	if (routingUrl && navigator.onLine && places.length > 1) {
		const answer = await fetchOsrmTable(routingUrl, places);
		if (answer.ok) road = answer.matrix;
	}
	return rankUnits(candidates, (p) => road ?? haversineMatrix(p), point);
}

/** The station database of a unit, or the first ambulance station the dispatcher serves. */
function stationOf(unit: UnitState | undefined): string {
	if (unit) return unit.database;
	const station = session.profile?.teams.find((team) => team.kind === 'ambulance');
	if (!station) throw new Error('no ambulance station in this region');
	return `team-${station.id}`;
}

export async function alarmMission(input: MissionInput): Promise<Mission> {
	const unit = input.unitId ? dispatchConsole.board.units.get(input.unitId) : undefined;
	return createMission(database(stationOf(unit)), input, session.author());
}

/** The stored document without the console's note of where it lives (never written back into it). */
function documentOf(mission: Mission & { database: string }): Mission {
	const { database: _database, ...doc } = mission;
	return doc;
}

/** A step done, and how to write the state before it back as new revisions (the server keeps the history). */
export interface Undoable<T> {
	result: T;
	undo: () => Promise<void>;
}

/** Within a station the mission is reassigned; to another station it moves (cancelled here, alarmed there). */
export async function reassignMission(mission: Mission & { database: string }, unitId: string): Promise<Undoable<Mission>> {
	const before = documentOf(mission);
	const unit = dispatchConsole.board.units.get(unitId);
	const target = stationOf(unit);
	if (target === mission.database) {
		const assigned = await assignMission(database(target), before, unitId, session.author());
		return { result: assigned, undo: async () => void (await updateMission(database(target), assigned, { unitId: before.unitId, state: before.state }, session.author())) };
	}
	const moved = await createMission(
		database(target),
		{ keyword: mission.keyword, priority: mission.priority, address: mission.address, location: mission.location, callerInfo: mission.callerInfo, patient: mission.patient, unitId },
		session.author()
	);
	const left = await cancelMission(database(mission.database), before, `→ ${moved._id}`, session.author());
	return {
		result: moved,
		undo: async () => {
			await updateMission(database(mission.database), left, { state: before.state, cancelReason: before.cancelReason }, session.author());
			await cancelMission(database(target), moved, `← ${before._id}`, session.author());
		}
	};
}

export async function cancelDispatch(mission: Mission & { database: string }, reason: string): Promise<Undoable<Mission>> {
	const before = documentOf(mission);
	const cancelled = await cancelMission(database(mission.database), before, reason, session.author());
	return { result: cancelled, undo: async () => void (await updateMission(database(mission.database), cancelled, { state: before.state, cancelReason: before.cancelReason }, session.author())) };
}

export function acknowledge(alarm: Alarm & { database: string }): Promise<Alarm> {
	return acknowledgeAlarm(database(alarm.database), alarm, session.author());
}

export function acknowledgeSilence(unit: UnitState): Promise<Alarm> {
	return acknowledgeSilentUnit(database(unit.database), unit.unitId, unit.lastSeenAt ?? '', session.author());
}
