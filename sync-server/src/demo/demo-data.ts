// The demo organisation: a nursing station near Saalfeld with its patients and today's visits,
// an ambulance station, a dispatch centre and an administrator. Deterministic: the same day gives
// the same documents, so loading it twice writes nothing new.
import { docId, mulberry32, SCHEMA_VERSION, type Consult, type FieldDocument, type Mission, type Patient, type Role, type StatusEvent, type Team, type Tour, type Visit } from '../../../src/lib/domain/index.ts';

export interface DemoUser {
	username: string;
	displayName: string;
	role: Role;
	teams: string[];
	password: string;
}

export interface DemoOrganisation {
	teams: Team[];
	users: DemoUser[];
	documents: Record<string, FieldDocument[]>;
}

export const DEMO_PASSWORD = 'fieldcare-demo';
const NURSING = 'pflege-saalfeld';
const REGION = 'saalfeld-rudolstadt';

const TEAMS: Team[] = [
	{ id: NURSING, name: 'Ambulanter Pflegedienst Saalfeld', kind: 'nursing', region: REGION },
	{ id: 'rw-saalfeld', name: 'Rettungswache Saalfeld', kind: 'ambulance', region: REGION },
	{ id: 'leitstelle-saalfeld', name: 'Leitstelle Saalfeld-Rudolstadt', kind: 'dispatch', region: REGION }
];

const USERS: Omit<DemoUser, 'password'>[] = [
	{ username: 'schwester.anna', displayName: 'Anna Köhler', role: 'nurse', teams: [NURSING] },
	{ username: 'pfleger.tom', displayName: 'Tom Richter', role: 'nurse', teams: [NURSING] },
	{ username: 'rtw1', displayName: 'RTW 1 – Saalfeld', role: 'paramedic', teams: ['rw-saalfeld'] },
	{ username: 'rtw2', displayName: 'RTW 2 – Saalfeld', role: 'paramedic', teams: ['rw-saalfeld'] },
	{ username: 'leitstelle', displayName: 'Leitstelle Saalfeld', role: 'dispatcher', teams: TEAMS.map((t) => t.id) },
	// Telenotärztin for the rescue station and GP for the nursing station: consults, no replica.
	{ username: 'dr.weber', displayName: 'Dr. med. Julia Weber', role: 'arzt', teams: [NURSING, 'rw-saalfeld'] },
	{ username: 'admin', displayName: 'Administration', role: 'admin', teams: [] }
];

/** Places of the Landkreis Saalfeld-Rudolstadt: postal code, approximate centre, streets. */
const PLACES = [
	{ city: 'Saalfeld/Saale', postalCode: '07318', lat: 50.6487, lon: 11.3668, streets: ['Markt', 'Blankenburger Straße', 'Saalstraße', 'Am Hohen Ufer', 'Remschützer Straße', 'Gorndorfer Straße'] },
	{ city: 'Rudolstadt', postalCode: '07407', lat: 50.7197, lon: 11.3425, streets: ['Schillerstraße', 'Mörlaer Straße', 'Große Allee', 'Oststraße'] },
	{ city: 'Bad Blankenburg', postalCode: '07422', lat: 50.6833, lon: 11.2716, streets: ['Bahnhofstraße', 'Goethestraße', 'Esplanade'] },
	{ city: 'Unterwellenborn', postalCode: '07333', lat: 50.6531, lon: 11.4384, streets: ['Hauptstraße', 'Dorfstraße', 'Am Bahnhof'] },
	{ city: 'Kaulsdorf', postalCode: '07338', lat: 50.6166, lon: 11.4361, streets: ['Hauptstraße', 'Fischersdorfer Weg'] },
	{ city: 'Leutenberg', postalCode: '07338', lat: 50.5643, lon: 11.4553, streets: ['Markt', 'Ilmstraße', 'Am Schlossberg'] },
	{ city: 'Königsee', postalCode: '07426', lat: 50.6613, lon: 11.0968, streets: ['Markt', 'Fröbelstraße', 'Rudolstädter Straße'] },
	{ city: 'Uhlstädt-Kirchhasel', postalCode: '07407', lat: 50.7394, lon: 11.4243, streets: ['Saalbahnstraße', 'Kirchgasse'] },
	{ city: 'Remda-Teichel', postalCode: '07407', lat: 50.7635, lon: 11.2221, streets: ['Markt', 'Teichröder Straße'] },
	{ city: 'Probstzella', postalCode: '07330', lat: 50.5324, lon: 11.3822, streets: ['Bahnhofstraße', 'Marktplatz', 'Sonneberger Straße'] },
	{ city: 'Gräfenthal', postalCode: '98743', lat: 50.5262, lon: 11.3078, streets: ['Markt', 'Saalfelder Straße'] },
	{ city: 'Schwarzatal', postalCode: '98744', lat: 50.6237, lon: 11.2149, streets: ['Hauptstraße', 'Schwarzburger Straße'] },
	{ city: 'Hohenwarte', postalCode: '07338', lat: 50.5899, lon: 11.4889, streets: ['Am Stausee', 'Dorfstraße'] },
	{ city: 'Kamsdorf', postalCode: '07334', lat: 50.6425, lon: 11.4567, streets: ['Lindenstraße', 'Oberer Weg'] }
] as const;

const WOMEN = ['Gertrud', 'Erika', 'Helga', 'Ingrid', 'Ursula', 'Christa', 'Renate', 'Brigitte', 'Gisela', 'Elfriede', 'Hannelore', 'Margot', 'Ilse', 'Rosemarie', 'Edith', 'Waltraud', 'Irmgard', 'Sieglinde', 'Marianne', 'Karin', 'Monika'];
const MEN = ['Werner', 'Heinz', 'Günter', 'Manfred', 'Horst', 'Klaus', 'Dieter', 'Gerhard', 'Siegfried', 'Helmut', 'Wolfgang', 'Rolf', 'Joachim', 'Eberhard', 'Lothar', 'Hans-Jürgen', 'Rudolf', 'Bernd', 'Reinhard'];
const SURNAMES = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hofmann', 'Hartmann', 'Lange', 'Schmitt', 'Werner', 'Krause', 'Lehmann', 'Köhler', 'Herrmann', 'Walter', 'König', 'Mayer', 'Huber', 'Kaiser', 'Fuchs', 'Peters', 'Lang', 'Scholz', 'Möller', 'Weiß', 'Jung', 'Hahn', 'Vogel', 'Friedrich', 'Günther', 'Keller', 'Berger', 'Winkler', 'Roth', 'Beck', 'Lorenz', 'Baumann', 'Franke', 'Albrecht', 'Thieme', 'Heinze', 'Ebert'];
const INSURERS = ['AOK PLUS', 'Barmer', 'Techniker Krankenkasse', 'DAK-Gesundheit', 'IKK classic', 'KKH'];
const ALLERGIES = ['Penicillin', 'Pflaster', 'Latex', 'Jod', 'Metamizol', 'Nüsse'];
const NOTES = [
	'Schlüssel im Schlüsselkasten, Code beim Team.',
	'Hund im Haus, bitte klingeln und warten.',
	'Tochter kommt abends, Telefonnummer im Kühlschrank.',
	'Schwerhörig – laut und deutlich sprechen.',
	'Sturzgefahr, Rollator immer in Reichweite stellen.',
	'Diabetes Typ 2, Insulin nach Schema.',
	'Zugang über den Hof, Haustür klemmt.'
];
const PATIENT_COUNT = 40;

/** What nurses do on home visits, with typical durations and whether the time is fixed. */
const TASKS = [
	{ tasks: ['Insulingabe', 'Blutzuckermessung'], minutes: 10, window: ['07:00', '08:00'], kind: 'hard', priority: 1 },
	{ tasks: ['Medikamentengabe'], minutes: 10, window: ['07:30', '09:00'], kind: 'hard', priority: 1 },
	{ tasks: ['Kompressionsstrümpfe anziehen'], minutes: 10, window: ['06:30', '09:00'], kind: 'preferred', priority: 2 },
	{ tasks: ['Grundpflege', 'Mobilisation'], minutes: 40, window: ['07:00', '10:00'], kind: 'preferred', priority: 2 },
	{ tasks: ['Verbandswechsel'], minutes: 25, window: ['09:00', '13:00'], kind: 'preferred', priority: 2 },
	{ tasks: ['Vitalzeichenkontrolle', 'Medikamente richten'], minutes: 20, window: ['08:00', '13:30'], kind: 'preferred', priority: 3 },
	{ tasks: ['Insulingabe', 'Blutzuckermessung'], minutes: 10, window: ['11:30', '12:30'], kind: 'hard', priority: 1 },
	{ tasks: ['Grundpflege'], minutes: 30, window: ['10:00', '13:30'], kind: 'preferred', priority: 3 }
] as const;
const VISITS_PER_NURSE = 14;
/** The nursing station's yard, where tours start and end. */
const STATION = { kind: 'station', location: { lat: 50.6502, lon: 11.3571 }, label: 'Sozialstation Saalfeld' } as const;

export function buildDemoOrganisation(today: string, now: Date): DemoOrganisation {
	const random = mulberry32(20261124);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
	const meta = { schemaVersion: SCHEMA_VERSION, createdAt: now.toISOString(), createdBy: 'demo', deviceId: 'demo-seed' } as const;

	const patients: Patient[] = Array.from({ length: PATIENT_COUNT }, (_, i) => {
		const female = random() < 0.62; // most people receiving home care are women
		const place = PLACES[i % PLACES.length];
		const birthYear = 1928 + Math.floor(random() * 32);
		const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
		const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
		const patient: Patient = {
			...meta,
			_id: docId('patient', `p${String(i + 1).padStart(3, '0')}`),
			type: 'patient',
			firstName: pick(female ? WOMEN : MEN),
			lastName: SURNAMES[(i * 7 + 3) % SURNAMES.length],
			birthDate: `${birthYear}-${month}-${day}`,
			sex: female ? 'female' : 'male',
			address: { street: `${pick(place.streets)} ${1 + Math.floor(random() * 48)}`, postalCode: place.postalCode, city: place.city },
			// Within about a kilometre of the village centre.
			location: { lat: Number((place.lat + (random() - 0.5) * 0.016).toFixed(5)), lon: Number((place.lon + (random() - 0.5) * 0.024).toFixed(5)) },
			phone: `${place.postalCode.startsWith('074') ? '03672' : '03671'} ${String(100000 + Math.floor(random() * 899999))}`,
			insurer: pick(INSURERS),
			insuranceNumber: `${String.fromCharCode(65 + Math.floor(random() * 26))}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`,
			careLevel: 1 + Math.floor(random() * 5)
		};
		if (random() < 0.25) patient.allergies = [pick(ALLERGIES)];
		if (random() < 0.5) patient.notes = pick(NOTES);
		return patient;
	});

	const nurses = USERS.filter((u) => u.role === 'nurse');
	const visits: Visit[] = [];
	const tours: Tour[] = [];
	nurses.forEach((nurse, n) => {
		const own: Visit[] = Array.from({ length: VISITS_PER_NURSE }, (_, k) => {
			const plan = TASKS[(k + n) % TASKS.length];
			// Anna covers the north (Rudolstadt side), Tom the south (Saalfeld and the Saale valley).
			const patient = patients[(n * VISITS_PER_NURSE + k) % PATIENT_COUNT];
			return {
				...meta,
				_id: docId('visit', `${today}:${nurse.username}-${String(k + 1).padStart(2, '0')}`),
				type: 'visit',
				patientId: patient._id,
				date: today,
				windowStart: plan.window[0],
				windowEnd: plan.window[1],
				windowKind: plan.kind,
				durationMin: plan.minutes,
				tasks: [...plan.tasks],
				qualification: plan.tasks.some((task: string) => task === 'Verbandswechsel' || task === 'Insulingabe') ? 'treatment' : 'basic',
				priority: plan.priority,
				assignedTo: nurse.username,
				status: 'planned'
			};
		});
		visits.push(...own);
		tours.push({
			...meta,
			_id: docId('tour', `${today}:${nurse.username}`),
			type: 'tour',
			date: today,
			nurse: nurse.username,
			visitIds: [...own].sort((a, b) => a.windowStart.localeCompare(b.windowStart) || a.windowEnd.localeCompare(b.windowEnd)).map((v) => v._id),
			shiftStart: '06:00',
			shiftEnd: '14:00',
			breakRule: { earliest: '10:00', latest: '12:00', durationMin: 30 },
			startPlace: STATION,
			endPlace: STATION
		});
	});

	// One mission under way for RTW 1, so the paramedic's screens have something to show.
	const mission: Mission = {
		...meta,
		_id: docId('mission', `${today}-001`),
		type: 'mission',
		keyword: 'RD 2 – Atemnot',
		priority: 1,
		address: 'Saalstraße 12, 07318 Saalfeld/Saale',
		location: { lat: 50.6487, lon: 11.3652 },
		callerInfo: 'Tochter ruft an: Mutter seit dem Morgen kurzatmig, Lippen bläulich.',
		patient: { age: 81, sex: 'female' },
		unitId: 'rtw1',
		state: 'active',
		alarmedAt: new Date(`${today}T07:42:00`).toISOString()
	};

	// RTW 1 on its way to that mission and on scene, RTW 2 waiting at the station: the console's map has both.
	const ambulanceStation = { lat: 50.6441, lon: 11.3547 };
	const status = (key: string, unitId: string, code: number, at: string, position: { lat: number; lon: number }, missionId?: string): StatusEvent => ({
		...meta,
		_id: docId('status', `${missionId ? missionId.slice('mission:'.length) : '-'}:${key}`),
		type: 'status',
		unitId,
		status: code,
		at: new Date(`${today}T${at}:00`).toISOString(),
		position,
		...(missionId ? { missionId } : {})
	});
	const statuses = [
		status('demo-rtw2-2', 'rtw2', 2, '06:00', ambulanceStation),
		status('demo-rtw1-3', 'rtw1', 3, '07:43', ambulanceStation, mission._id),
		status('demo-rtw1-4', 'rtw1', 4, '07:51', mission.location!, mission._id)
	];

	// RTW 1's crew has asked for the Telenotärztin on that mission: the physician's queue has a request.
	const consultAt = new Date(`${today}T07:56:00`).toISOString();
	const consult: Consult = {
		...meta,
		createdAt: consultAt,
		createdBy: 'rtw1',
		deviceId: 'demo-rtw1',
		_id: docId('consult', `${today}-001`),
		type: 'consult',
		reason: 'SpO₂ 86 % unter Raumluft, Atemfrequenz 28/min. Frage: Sauerstoff, Vernebelung, Transportziel?',
		urgency: 'sofort',
		requestedAt: consultAt,
		missionId: mission._id,
		vitals: [
			{ code: '2708-6', value: 86, unit: '%', effectiveAt: consultAt },
			{ code: '9279-1', value: 28, unit: '/min', effectiveAt: consultAt }
		],
		news2Score: 6,
		news2: { spo2: 3, respiratoryRate: 3 }
	};

	return {
		teams: TEAMS,
		users: USERS.map((user) => ({ ...user, password: DEMO_PASSWORD })),
		documents: { [NURSING]: [...patients, ...visits, ...tours], 'rw-saalfeld': [mission, ...statuses, consult], 'leitstelle-saalfeld': [] }
	};
}
