// Which mission the crew works on and what its status is, from the station's documents. Pure.
import { compareCodeUnits, latestStatusByUnit, type Mission, type StatusEvent } from '$lib/domain/index.ts';

type Located<T> = T & { database: string };

/** The unit's mission now: the newest alarmed or running mission assigned to it. */
export function currentMission(missions: readonly Located<Mission>[], unitId: string): Located<Mission> | undefined {
	return missions
		.filter((m) => m.unitId === unitId && (m.state === 'assigned' || m.state === 'active'))
		.sort((a, b) => compareCodeUnits(b.alarmedAt, a.alarmedAt))[0];
}

/** The unit's last real status (position reports repeat it) and whether the mission reached its destination (8). */
export function unitStatus(events: readonly StatusEvent[], unitId: string, missionId: string | undefined): { status: number | undefined; reachedDestination: boolean } {
	const own = events.filter((e) => e.unitId === unitId);
	return {
		status: latestStatusByUnit(own).get(unitId)?.status,
		reachedDestination: missionId !== undefined && own.some((e) => e.missionId === missionId && e.status === 8 && e.report !== 'position')
	};
}
