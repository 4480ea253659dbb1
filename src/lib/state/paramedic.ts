// The crew's actions on a mission: status presses (with the mission's state following them),
// position reports while out, the alert for a new mission, and the record.
import { findMission, getSetting, recordStatus, setSetting, updateMission } from '../db/index.ts';
import { isAvailable, shouldReportPosition, type Battery, type GeoPoint, type Mission, type PositionFix, type StatusEvent } from '../domain/index.ts';
import { session } from './session.svelte.ts';

const ALERTED_SETTING = 'alertedMissions';
/** Three short tones, as pagers do; loud enough in a vehicle, short enough not to annoy. */
const ALERT_TONES_HZ = [880, 1175, 880];
const ALERT_TONE_S = 0.18;
const VIBRATION_MS = [400, 150, 400, 150, 400];

/** The unit is the paramedic account (one device per vehicle), its station the ambulance team. */
export function unitId(): string {
	return session.profile?.username ?? '';
}

export function stationDatabase(): string | undefined {
	const station = session.profile?.teams.find((team) => team.kind === 'ambulance');
	return station ? `team-${station.id}` : undefined;
}

/**
 * One press of a status button: an append-only status event with the device's time and last
 * position. Status 3 makes an alarmed mission active; 1 or 2 after the transport ends it.
 */
export async function pressStatus(status: number, mission: (Mission & { database: string }) | undefined, position: (GeoPoint & { accuracyM?: number }) | undefined, reachedDestination: boolean): Promise<StatusEvent> {
	const dbs = session.databases;
	const database = mission?.database ?? stationDatabase();
	if (!dbs || !database) throw new Error('no station database');
	const db = dbs.get(database);
	const event = await recordStatus(db, { unitId: unitId(), status, missionId: mission?._id, position }, session.author());
	if (mission) {
		// The latest revision: the dispatcher may have edited the mission meanwhile.
		const latest = (await findMission(dbs, mission._id))?.item ?? mission;
		if (status === 3 && latest.state === 'assigned') await updateMission(db, latest, { state: 'active' }, session.author());
		if (isAvailable(status) && reachedDestination && latest.state === 'active') await updateMission(db, latest, { state: 'closed' }, session.author());
	}
	return event;
}

/** Reports the position while on a mission, throttled by distance, time and battery. */
export class PositionReporter {
	#watch: number | undefined;
	#last: PositionFix | undefined;
	#battery: Battery | undefined;
	latest: PositionFix | undefined;

	start(current: () => { mission: (Mission & { database: string }) | undefined; status: number | undefined }): void {
		if (this.#watch !== undefined || typeof navigator === 'undefined' || !('geolocation' in navigator)) return;
		const nav = navigator as Navigator & { getBattery?: () => Promise<{ level: number; charging: boolean; addEventListener(type: string, fn: () => void): void }> };
		void nav.getBattery?.().then((battery) => {
			const read = () => (this.#battery = { level: battery.level, charging: battery.charging });
			read();
			battery.addEventListener('levelchange', read);
			battery.addEventListener('chargingchange', read);
		});
		this.#watch = navigator.geolocation.watchPosition(
			(p) => {
				const fix: PositionFix = { lat: p.coords.latitude, lon: p.coords.longitude, accuracyM: p.coords.accuracy, at: p.timestamp || Date.now() };
				this.latest = fix;
				const { mission, status } = current();
				if (!mission || status === undefined || !shouldReportPosition(this.#last, fix, this.#battery)) return;
				this.#last = fix;
				const dbs = session.databases;
				if (!dbs) return;
				void recordStatus(dbs.get(mission.database), { unitId: unitId(), status, missionId: mission._id, report: 'position', position: { lat: fix.lat, lon: fix.lon, accuracyM: fix.accuracyM } }, session.author()).catch(() => undefined);
			},
			() => undefined,
			{ enableHighAccuracy: true, maximumAge: 15_000, timeout: 60_000 }
		);
	}

	stop(): void {
		if (this.#watch !== undefined) navigator.geolocation.clearWatch(this.#watch);
		this.#watch = undefined;
	}
}

/** True the first time this device sees the mission: then it alerts (sound and vibration). */
export async function firstSighting(missionId: string): Promise<boolean> {
	const seen = (await getSetting<string[]>(ALERTED_SETTING)) ?? [];
	if (seen.includes(missionId)) return false;
	await setSetting(ALERTED_SETTING, [...seen.slice(-49), missionId]);
	return true;
}

/** Tones through Web Audio and a vibration pattern; both may be refused by the browser without a tap first. */
export function alertCrew(): void {
	navigator.vibrate?.(VIBRATION_MS);
	try {
		const audio = new AudioContext();
		ALERT_TONES_HZ.forEach((hz, i) => {
			const tone = audio.createOscillator();
			const gain = audio.createGain();
			tone.frequency.value = hz;
			gain.gain.value = 0.4;
			tone.connect(gain).connect(audio.destination);
			const start = audio.currentTime + i * (ALERT_TONE_S + 0.06);
			tone.start(start);
			tone.stop(start + ALERT_TONE_S);
		});
		setTimeout(() => void audio.close(), 2000);
	} catch {
		// No audio (autoplay policy): the banner and the vibration remain.
	}
}
