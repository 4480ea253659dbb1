// How often a unit on a mission reports its position: often enough for the dispatcher's map,
// rarely enough to spare the battery and the radio link. Pure: times and positions come in.
import type { GeoPoint } from './documents.ts';
import { haversineKm } from './geo.ts';

/** No report sooner than this after the last one. */
export const MIN_INTERVAL_S = 30;
/** With the battery low and not charging, far fewer. */
export const LOW_BATTERY_INTERVAL_S = 300;
export const LOW_BATTERY_LEVEL = 0.2;
/** Movement that is worth a report (more than a GPS fix's usual wobble). */
export const MIN_MOVE_M = 100;
/** Even standing still, a report this often shows the dispatcher the device is alive. */
export const HEARTBEAT_S = 300;

export interface PositionFix extends GeoPoint {
	at: number;
	accuracyM: number;
}

export interface Battery {
	level: number;
	charging: boolean;
}

export function shouldReportPosition(last: PositionFix | undefined, next: PositionFix, battery?: Battery): boolean {
	if (!last) return true;
	const elapsedS = (next.at - last.at) / 1000;
	const lowBattery = battery !== undefined && !battery.charging && battery.level < LOW_BATTERY_LEVEL;
	if (elapsedS < (lowBattery ? LOW_BATTERY_INTERVAL_S : MIN_INTERVAL_S)) return false;
	if (elapsedS >= HEARTBEAT_S) return true;
	// A move smaller than the fixes' own uncertainty is noise.
	return haversineKm(last, next) * 1000 >= Math.max(MIN_MOVE_M, last.accuracyM, next.accuracyM);
}
