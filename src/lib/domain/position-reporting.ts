// How often a unit on a mission reports its position: often enough for the dispatcher's map,
// rarely enough to spare the battery and the radio link. Pure: times and positions come in.
import type { GeoPoint } from './documents.ts';

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

/** Equirectangular distance: exact enough for the 100 m this decides on. */
export function metresBetween(a: GeoPoint, b: GeoPoint): number {
	const rad = Math.PI / 180;
	const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
	const y = (b.lat - a.lat) * rad;
	return Math.hypot(x, y) * 6_371_008.8;
}

export function shouldReportPosition(last: PositionFix | undefined, next: PositionFix, battery?: Battery): boolean {
	if (!last) return true;
	const elapsedS = (next.at - last.at) / 1000;
	const lowBattery = battery !== undefined && !battery.charging && battery.level < LOW_BATTERY_LEVEL;
	if (elapsedS < (lowBattery ? LOW_BATTERY_INTERVAL_S : MIN_INTERVAL_S)) return false;
	if (elapsedS >= HEARTBEAT_S) return true;
	// A move smaller than the fixes' own uncertainty is noise.
	return metresBetween(last, next) >= Math.max(MIN_MOVE_M, last.accuracyM, next.accuracyM);
}
