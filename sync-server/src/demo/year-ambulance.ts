// The ambulance station's days: the dispatcher alarms a few missions a day; the crew presses
// FMS 3 (en route), 4 (on scene), 7 (transport), 8 (at hospital), 1 (free on the radio) and 2 (at
// the station), reports its position every 30 s while driving and every 5 min while standing
// (position-reporting.ts), measures vitals, notes measures and drugs, hands over at the hospital
// and closes the record. Drive times: straight line × 1.3, at 60 km/h with blue lights, 50 without.
import { haversineKm, recordFieldEdits, type GeoPoint, type VitalSignKey } from '../../../src/lib/domain/index.ts';
import { AMBULANCE_TEAM, created, CREWS, DISPATCHER, single, type Doc, type YearEntry } from './year-authors.ts';
import { iso, localMs, seededUlid } from './year-clock.ts';
import { measurementRound, randomBaseline } from './year-vitals.ts';

const STATION: GeoPoint = { lat: 50.6441, lon: 11.3547 };
const MISSIONS_PER_DAY = { min: 3, max: 9 } as const;
/** Missions are alarmed between these local times, so that every one ends on its own day. */
const FIRST_ALARM_MINUTE = 30;
const LAST_ALARM_MINUTE = 20 * 60;
const ROAD_FACTOR = 1.3;
const URGENT_KMH = 60;
const NORMAL_KMH = 50;
/** position-reporting.ts: MIN_INTERVAL_S while moving, HEARTBEAT_S while standing. */
const MOVING_REPORT_S = 30;
const STANDING_REPORT_S = 300;
const SHARE_TRANSPORTED = 0.78;
const SCENES = [
	{ city: 'Saalfeld/Saale', postalCode: '07318', lat: 50.6487, lon: 11.3668, streets: ['Markt', 'Saalstraße', 'Blankenburger Straße', 'Gorndorfer Straße'] },
	{ city: 'Rudolstadt', postalCode: '07407', lat: 50.7197, lon: 11.3425, streets: ['Schillerstraße', 'Mörlaer Straße', 'Große Allee'] },
	{ city: 'Bad Blankenburg', postalCode: '07422', lat: 50.6833, lon: 11.2716, streets: ['Bahnhofstraße', 'Goethestraße'] },
	{ city: 'Unterwellenborn', postalCode: '07333', lat: 50.6531, lon: 11.4384, streets: ['Hauptstraße', 'Am Bahnhof'] },
	{ city: 'Kaulsdorf', postalCode: '07338', lat: 50.6166, lon: 11.4361, streets: ['Hauptstraße'] },
	{ city: 'Leutenberg', postalCode: '07338', lat: 50.5643, lon: 11.4553, streets: ['Markt', 'Ilmstraße'] },
	{ city: 'Probstzella', postalCode: '07330', lat: 50.5324, lon: 11.3822, streets: ['Bahnhofstraße', 'Marktplatz'] },
	{ city: 'Kamsdorf', postalCode: '07334', lat: 50.6425, lon: 11.4567, streets: ['Lindenstraße'] },
	{ city: 'Gräfenthal', postalCode: '98743', lat: 50.5262, lon: 11.3078, streets: ['Markt'] }
] as const;
const HOSPITALS = [
	{ name: 'Thüringen-Kliniken Saalfeld', location: { lat: 50.6405, lon: 11.3486 } },
	{ name: 'Thüringen-Kliniken Rudolstadt', location: { lat: 50.7125, lon: 11.3308 } }
] as const;
const KEYWORDS = [
	{ keyword: 'RD 2 – Atemnot', complaint: 'Zunehmende Atemnot seit dem Morgen', naca: 3, priority: 1 },
	{ keyword: 'RD 2 – Brustschmerz', complaint: 'Drückender Brustschmerz mit Ausstrahlung in den linken Arm', naca: 4, priority: 1 },
	{ keyword: 'RD 1 – Sturz', complaint: 'Sturz in der Wohnung, Schmerzen an der Hüfte', naca: 3, priority: 2 },
	{ keyword: 'RD 2 – Bewusstlosigkeit', complaint: 'Kurz bewusstlos, jetzt wach', naca: 3, priority: 1 },
	{ keyword: 'RD 1 – Unterzucker', complaint: 'Verwirrt und schwitzig, bekannter Diabetes', naca: 3, priority: 2 },
	{ keyword: 'RD 2 – Schlaganfall', complaint: 'Hängender Mundwinkel, Sprachstörung seit 30 min', naca: 4, priority: 1 },
	{ keyword: 'RD 1 – Bauchschmerz', complaint: 'Bauchschmerzen seit zwei Tagen', naca: 2, priority: 3 },
	{ keyword: 'RD 1 – Verkehrsunfall', complaint: 'Auffahrunfall, Nackenschmerzen', naca: 2, priority: 2 }
] as const;
const MEASURES = ['Peripherer Zugang 18G links', '12-Kanal-EKG', 'Sauerstoffgabe 4 l/min über Maske', 'Lagerung mit erhöhtem Oberkörper', 'Immobilisation mit Vakuummatratze'];
const MEDICATIONS = [
	{ text: 'Paracetamol', dose: '1 g i.v.' },
	{ text: 'Glukose 40 %', dose: '20 ml i.v.' },
	{ text: 'Acetylsalicylsäure', dose: '250 mg i.v.' },
	{ text: 'Ringer-Acetat', dose: '500 ml i.v.' }
];

interface Crew {
	unit: string;
	/** Minute of the day from which the crew is back at the station. */
	freeAt: number;
}

/** Documents of one drive or stand: position reports every 30 s moving, every 5 min standing. */
function positionReports(unit: string, missionId: string, status: number, from: GeoPoint, to: GeoPoint, startMs: number, endMs: number, random: () => number): YearEntry[] {
	const moving = haversineKm(from, to) > 0.1;
	const step = (moving ? MOVING_REPORT_S : STANDING_REPORT_S) * 1000;
	const entries: YearEntry[] = [];
	for (let at = startMs + step; at < endMs; at += step) {
		const share = (at - startMs) / (endMs - startMs);
		const jitter = moving ? 0.0004 : 0.00005;
		const body: Doc = {
			_id: `status:pos:${seededUlid(at, random)}`,
			type: 'status',
			...created(unit, at + 500),
			unitId: unit,
			missionId,
			status,
			at: iso(at),
			position: {
				lat: Number((from.lat + (to.lat - from.lat) * share + (random() - 0.5) * jitter).toFixed(5)),
				lon: Number((from.lon + (to.lon - from.lon) * share + (random() - 0.5) * jitter).toFixed(5)),
				accuracyM: 4 + Math.floor(random() * 16)
			},
			report: 'position'
		};
		entries.push(single(AMBULANCE_TEAM, unit, body));
	}
	return entries;
}

function driveMs(from: GeoPoint, to: GeoPoint, kmh: number): number {
	return Math.max(3, (haversineKm(from, to) * ROAD_FACTOR * 60) / kmh) * 60_000;
}

/** One mission from the alarm to the crew back at the station; returns its documents and when the crew is free. */
function mission(crew: Crew, date: string, alarmMinute: number, random: () => number): { entries: YearEntry[]; backAt: number } {
	const unit = crew.unit;
	const scene = SCENES[Math.floor(random() * SCENES.length)];
	const kind = KEYWORDS[Math.floor(random() * KEYWORDS.length)];
	const location = { lat: Number((scene.lat + (random() - 0.5) * 0.014).toFixed(5)), lon: Number((scene.lon + (random() - 0.5) * 0.02).toFixed(5)) };
	const age = 18 + Math.floor(random() * 78);
	const sex = random() < 0.52 ? 'female' : 'male';
	const alarmMs = localMs(date, alarmMinute) + Math.floor(random() * 60_000);
	const missionId = `mission:${seededUlid(alarmMs, random)}`;
	const missionKey = missionId.slice('mission:'.length);
	const entries: YearEntry[] = [];
	const press = (status: number, atMs: number, position: GeoPoint, withMission = true) => {
		const body: Doc = {
			_id: `status:${withMission ? missionKey : '-'}:${seededUlid(atMs, random)}`,
			type: 'status',
			...created(unit, atMs + 300),
			unitId: unit,
			...(withMission ? { missionId } : {}),
			status,
			at: iso(atMs),
			position: { ...position, accuracyM: 5 + Math.floor(random() * 10) }
		};
		entries.push(single(AMBULANCE_TEAM, unit, body));
	};

	const alarmed: Doc = {
		_id: missionId,
		type: 'mission',
		...created(DISPATCHER, alarmMs),
		keyword: kind.keyword,
		priority: kind.priority,
		address: `${scene.streets[Math.floor(random() * scene.streets.length)]} ${1 + Math.floor(random() * 40)}, ${scene.postalCode} ${scene.city}`,
		location,
		callerInfo: random() < 0.5 ? 'Angehörige rufen an.' : 'Patient ruft selbst an.',
		patient: { age, sex },
		unitId: unit,
		state: 'assigned',
		alarmedAt: iso(alarmMs)
	};

	let t = alarmMs + (45 + Math.floor(random() * 75)) * 1000;
	press(3, t, STATION);
	const toScene = driveMs(STATION, location, URGENT_KMH);
	entries.push(...positionReports(unit, missionId, 3, STATION, location, t, t + toScene, random));
	t += toScene;
	press(4, t, location);
	const contactMs = t + (60 + Math.floor(random() * 120)) * 1000;
	const onScene = (12 + Math.floor(random() * 25)) * 60_000;
	entries.push(...positionReports(unit, missionId, 4, location, location, t, t + onScene, random));

	const keys: VitalSignKey[] = ['heart-rate', 'systolic', 'diastolic', 'spo2', 'respiratory-rate', 'gcs'];
	if (kind.keyword.includes('Unterzucker') || random() < 0.3) keys.push('glucose');
	const baseline = randomBaseline(random, age);
	const deteriorated = kind.naca >= 4 && random() < 0.5;
	entries.push(...measurementRound({ teamId: AMBULANCE_TEAM, by: unit, subjectId: missionId, keys, baseline, atMs: contactMs + 60_000, deteriorated, random }));
	const measures = 1 + Math.floor(random() * 3);
	for (let m = 0; m < measures; m++) {
		const atMs = contactMs + (3 + m * 4) * 60_000;
		const medication = random() < 0.35 ? MEDICATIONS[Math.floor(random() * MEDICATIONS.length)] : undefined;
		const note: Doc = {
			_id: `note:${missionKey}:${seededUlid(atMs + 30_000, random)}`,
			type: 'note',
			...created(unit, atMs + 30_000),
			missionId,
			kind: medication ? 'medication' : 'measure',
			text: medication ? medication.text : MEASURES[(m + Math.floor(random() * MEASURES.length)) % MEASURES.length],
			at: iso(atMs),
			...(medication ? { dose: medication.dose } : {})
		};
		entries.push(single(AMBULANCE_TEAM, unit, note));
	}
	t += onScene;

	let from: GeoPoint = location;
	let destination: string | undefined;
	if (random() < SHARE_TRANSPORTED) {
		const hospital = HOSPITALS[haversineKm(location, HOSPITALS[0].location) <= haversineKm(location, HOSPITALS[1].location) ? 0 : 1];
		destination = hospital.name;
		press(7, t, location);
		const toHospital = driveMs(location, hospital.location, NORMAL_KMH);
		entries.push(...positionReports(unit, missionId, 7, location, hospital.location, t, t + toHospital, random));
		t += toHospital;
		press(8, t, hospital.location);
		const handoverMs = t + (4 + Math.floor(random() * 6)) * 60_000;
		const handover: Doc = {
			_id: `handover:${missionKey}:${seededUlid(handoverMs, random)}`,
			type: 'handover',
			...created(unit, handoverMs),
			missionId,
			mechanism: kind.complaint,
			injuries: kind.keyword.includes('Sturz') || kind.keyword.includes('Unfall') ? 'Schmerzen, keine offenen Verletzungen' : 'keine',
			signs: `HF ${Math.round(baseline.pulse)}, RR ${Math.round(baseline.systolic)}/${Math.round(baseline.diastolic)}, SpO₂ ${Math.round(baseline.spo2)} %`,
			treatment: 'Zugang, Monitoring',
			hospital: hospital.name
		};
		entries.push(single(AMBULANCE_TEAM, unit, handover));
		const atHospital = (12 + Math.floor(random() * 15)) * 60_000;
		entries.push(...positionReports(unit, missionId, 8, hospital.location, hospital.location, t, t + atHospital, random));
		t += atHospital;
		from = hospital.location;
	}
	press(1, t, from);
	const closedMs = t + 20_000;
	const home = driveMs(from, STATION, NORMAL_KMH);
	entries.push(...positionReports(unit, missionId, 1, from, STATION, t, t + home, random));
	t += home;
	press(2, t, STATION, false);

	const gcs = deteriorated ? { eye: 3, verbal: 4, motor: 6 } : { eye: 4, verbal: 5, motor: 6 };
	const closed: Doc = {
		...alarmed,
		state: 'closed',
		patientContactAt: iso(contactMs),
		care: { complaint: kind.complaint, gcs, naca: kind.naca + (deteriorated ? 1 : 0), abcde: { a: 'frei', b: deteriorated ? 'Tachypnoe' : 'unauffällig', c: 'Rekap < 2 s' } },
		...(destination ? { destination } : {}),
		updatedAt: iso(closedMs),
		updatedBy: unit
	};
	closed.fieldEdits = recordFieldEdits(alarmed, closed, { at: iso(closedMs), by: unit });
	entries.unshift({ teamId: AMBULANCE_TEAM, revisions: [{ by: DISPATCHER, body: alarmed }, { by: unit, body: closed }] });
	return { entries, backAt: (t - localMs(date, 0)) / 60_000 };
}

/** The day's missions, each for the crew free first (a later alarm waits for it). */
export function ambulanceDay(date: string, random: () => number): YearEntry[] {
	const count = MISSIONS_PER_DAY.min + Math.floor(random() * (MISSIONS_PER_DAY.max - MISSIONS_PER_DAY.min + 1));
	// Fewer calls at night: two in three alarms fall between 07:00 and the last alarm time.
	const minutes = Array.from({ length: count }, () => (random() < 0.67 ? 7 * 60 + random() * (LAST_ALARM_MINUTE - 7 * 60) : FIRST_ALARM_MINUTE + random() * (LAST_ALARM_MINUTE - FIRST_ALARM_MINUTE)))
		.map(Math.floor)
		.sort((a, b) => a - b);
	const crews: Crew[] = CREWS.map((unit) => ({ unit, freeAt: 0 }));
	const entries: YearEntry[] = [];
	for (const minute of minutes) {
		const crew = crews.reduce((best, c) => (c.freeAt < best.freeAt ? c : best));
		const alarmMinute = Math.max(minute, Math.ceil(crew.freeAt) + 2);
		if (alarmMinute > LAST_ALARM_MINUTE + 60) continue; // a neighbouring station takes it
		const run = mission(crew, date, alarmMinute, random);
		crew.freeAt = run.backAt;
		entries.push(...run.entries);
	}
	return entries;
}
