// The nursing station's days: the care manager plans each day's visits and both nurses' tours the
// afternoon before; on the day each nurse documents her visits (start, end, tasks, a signature on
// some), measures 4–8 vital signs per visit and writes notes on some. About 28 visits a day:
// twelve patients daily, three twice daily (insulin), the others three times a week.
import { ageOn, haversineKm, recordFieldEdits, type Patient, type VitalSignKey } from '../../../src/lib/domain/index.ts';
import { base64, signaturePng } from './signature-png.ts';
import { created, DISPATCHER, NURSES, NURSING_TEAM, single, type Doc, type YearEntry } from './year-authors.ts';
import { addDays, clock, iso, localMs, minutesOf, seededUlid, weekday } from './year-clock.ts';
import { measurementRound, randomBaseline, type Baseline } from './year-vitals.ts';

/** What nurses do on home visits, with typical durations and whether the time is fixed. */
const SERVICES = {
	insulinMorning: { tasks: ['Insulingabe', 'Blutzuckermessung'], minutes: 10, window: ['07:00', '08:00'], kind: 'hard', priority: 1, qualification: 'treatment' },
	insulinNoon: { tasks: ['Insulingabe', 'Blutzuckermessung'], minutes: 10, window: ['11:30', '12:30'], kind: 'hard', priority: 1, qualification: 'treatment' },
	medication: { tasks: ['Medikamentengabe'], minutes: 10, window: ['07:30', '09:00'], kind: 'hard', priority: 1, qualification: 'basic' },
	stockings: { tasks: ['Kompressionsstrümpfe anziehen'], minutes: 10, window: ['06:30', '09:00'], kind: 'preferred', priority: 2, qualification: 'basic' },
	bodyCare: { tasks: ['Grundpflege', 'Mobilisation'], minutes: 40, window: ['07:00', '10:00'], kind: 'preferred', priority: 2, qualification: 'basic' },
	wound: { tasks: ['Verbandswechsel'], minutes: 25, window: ['09:00', '13:00'], kind: 'preferred', priority: 2, qualification: 'treatment' },
	check: { tasks: ['Vitalzeichenkontrolle', 'Medikamente richten'], minutes: 20, window: ['08:00', '13:30'], kind: 'preferred', priority: 3, qualification: 'basic' },
	lateCare: { tasks: ['Grundpflege'], minutes: 30, window: ['10:00', '13:30'], kind: 'preferred', priority: 3, qualification: 'basic' }
} as const;
type Service = (typeof SERVICES)[keyof typeof SERVICES];

const DAILY_PATIENTS = 12;
const TWICE_DAILY_PATIENTS = 3;
/** Three times a week: Monday, Wednesday, Friday or Tuesday, Thursday, Saturday. */
const THRICE_WEEKLY = [
	[1, 3, 5],
	[2, 4, 6]
] as const;
const STATION = { kind: 'station', location: { lat: 50.6502, lon: 11.3571 }, label: 'Sozialstation Saalfeld' } as const;
const SHIFT = { start: '06:00', end: '14:00' } as const;
const BREAK_RULE = { earliest: '10:00', latest: '12:00', durationMin: 30 } as const;
/** The care manager plans the next day at this local time. */
const PLANNING_MINUTE = 15 * 60;
/** Straight line × 1.3 at 50 km/h, as the app's planner estimates (README). */
const ROAD_FACTOR = 1.3;
const SPEED_KMH = 50;
const SHARE_CANCELLED = 0.02;
const SHARE_SIGNED = 0.12;
const SHARE_WITH_NOTE = 0.3;
const SHARE_DETERIORATED = 0.004;
const NOTES = [
	'Patientin wach und orientiert, gut gelaunt.',
	'Appetit vermindert, Trinkmenge besprochen.',
	'Wunde reizlos, Wundränder rosig, kein Exsudat.',
	'Leichte Ödeme an beiden Unterschenkeln.',
	'Blutzucker nach dem Frühstück erhöht, Hausarzt informiert.',
	'Tochter bittet um Rückruf wegen Rezept.',
	'Schlief schlecht, klagt über Rückenschmerzen.',
	'Mobilisation mit Rollator bis zur Küche.',
	'Medikamentenplan aktualisiert (neue Packung Ramipril).',
	'Haut an der Ferse gerötet, Lagerung angepasst.'
];
const NOT_DONE_REASONS = ['Patient lehnt ab', 'Patient schläft', 'Material fehlt'];
const CANCEL_REASON = 'Patient im Krankenhaus';

interface CarePlan {
	patient: Patient;
	nurse: string;
	baseline: Baseline;
	signatureRequired: boolean;
	services: (date: string) => Service[];
}

/** Who gets which visits, by whom: fixed for the year. Northern patients are Anna's, southern Tom's. */
export function nursingPlan(patients: readonly Patient[], random: () => number): CarePlan[] {
	const byLatitude = [...patients].sort((a, b) => (b.location?.lat ?? 0) - (a.location?.lat ?? 0));
	const half = Math.ceil(byLatitude.length / 2);
	const rotation: Service[] = [SERVICES.bodyCare, SERVICES.medication, SERVICES.stockings, SERVICES.check, SERVICES.wound, SERVICES.lateCare];
	return patients.map((patient, i) => {
		const nurse = byLatitude.indexOf(patient) < half ? NURSES[0] : NURSES[1];
		const own = rotation[i % rotation.length];
		const services = (date: string): Service[] => {
			if (i < DAILY_PATIENTS) return [own];
			if (i < DAILY_PATIENTS + TWICE_DAILY_PATIENTS) return [SERVICES.insulinMorning, SERVICES.insulinNoon];
			return (THRICE_WEEKLY[i % 2] as readonly number[]).includes(weekday(date)) ? [own] : [];
		};
		const age = ageOn(patient.birthDate, new Date(Date.UTC(2026, 0, 1)));
		return { patient, nurse, baseline: randomBaseline(random, age), signatureRequired: (patient.careLevel ?? 0) >= 4, services };
	});
}

interface PlannedVisit {
	plan: CarePlan;
	service: Service;
	visit: Doc;
	/** Planned start of care, minutes after midnight. */
	start: number;
}

/** The care manager's plan of one day: the visits and each nurse's tour, written the afternoon before. */
function planDay(plans: readonly CarePlan[], date: string, plannedOn: string, random: () => number): { visits: PlannedVisit[]; entries: YearEntry[] } {
	const visits: PlannedVisit[] = [];
	const entries: YearEntry[] = [];
	let createdMs = localMs(plannedOn, PLANNING_MINUTE + Math.floor(random() * 60));
	for (const nurse of NURSES) {
		const own = plans
			.filter((plan) => plan.nurse === nurse)
			.flatMap((plan) => plan.services(date).map((service) => ({ plan, service })))
			.sort((a, b) => a.service.window[0].localeCompare(b.service.window[0]) || a.service.window[1].localeCompare(b.service.window[1]) || a.plan.patient._id.localeCompare(b.plan.patient._id));
		// Drive the day in window order from the station: arrival, and start once the window opens.
		let minute = minutesOf(SHIFT.start);
		let at: { lat: number; lon: number } = STATION.location;
		const tourPlan: { visitId: string; arrival: string; start: string }[] = [];
		own.forEach(({ plan, service }, k) => {
			const id = `visit:${date}:${nurse}-${String(k + 1).padStart(2, '0')}`;
			const place = plan.patient.location ?? STATION.location;
			const arrival = minute + (haversineKm(at, place) * ROAD_FACTOR * 60) / SPEED_KMH;
			const start = Math.max(arrival, minutesOf(service.window[0]));
			minute = start + service.minutes;
			at = place;
			tourPlan.push({ visitId: id, arrival: clock(arrival), start: clock(start) });
			createdMs += 1000 + Math.floor(random() * 4000);
			const visit: Doc = {
				_id: id,
				type: 'visit',
				...created(DISPATCHER, createdMs),
				patientId: plan.patient._id,
				date,
				windowStart: service.window[0],
				windowEnd: service.window[1],
				windowKind: service.kind,
				durationMin: service.minutes,
				tasks: [...service.tasks],
				qualification: service.qualification,
				priority: service.priority,
				assignedTo: nurse,
				status: 'planned',
				...(plan.signatureRequired ? { signatureRequired: true } : {})
			};
			visits.push({ plan, service, visit, start });
		});
		createdMs += 2000;
		const tour: Doc = {
			_id: `tour:${date}:${nurse}`,
			type: 'tour',
			...created(DISPATCHER, createdMs),
			date,
			nurse,
			visitIds: tourPlan.map((p) => p.visitId),
			shiftStart: SHIFT.start,
			shiftEnd: SHIFT.end,
			breakRule: { ...BREAK_RULE },
			startPlace: STATION,
			endPlace: STATION,
			plan: tourPlan,
			plannedBreak: '10:30',
			orderedBy: 'planner'
		};
		entries.push(single(NURSING_TEAM, DISPATCHER, tour));
	}
	return { visits, entries: [...visits.map((v) => single(NURSING_TEAM, DISPATCHER, v.visit)), ...entries] };
}

/** A day still ahead: planned, nothing documented yet. */
export function plannedDay(plans: readonly CarePlan[], date: string, plannedOn: string, random: () => number): YearEntry[] {
	return planDay(plans, date, plannedOn, random).entries;
}

/** A day gone by: planned the afternoon before, then every visit documented by its nurse. */
export function nursingDay(plans: readonly CarePlan[], date: string, random: () => number): YearEntry[] {
	const { visits, entries } = planDay(plans, date, addDays(date, -1), random);
	const documented = visits.flatMap((planned) => documentVisit(planned, date, random));
	return [...entries.map((entry) => documentedVersion(entry, documented)), ...documented.flatMap((d) => d.extra)];
}

interface Documented {
	visitId: string;
	/** The nurse's revision of the visit. */
	revision: { by: string; body: Doc };
	/** Observations, alarms and notes of the visit. */
	extra: YearEntry[];
}

function documentedVersion(entry: YearEntry, documented: Documented[]): YearEntry {
	const found = documented.find((d) => d.visitId === entry.revisions[0].body._id);
	return found ? { ...entry, revisions: [...entry.revisions, found.revision] } : entry;
}

function documentVisit({ plan, service, visit, start }: PlannedVisit, date: string, random: () => number): Documented[] {
	const nurse = plan.nurse;
	const visitId = visit._id;
	if (random() < SHARE_CANCELLED) {
		const at = localMs(date, minutesOf(SHIFT.start) + Math.floor(random() * 60));
		const next: Doc = { ...visit, status: 'cancelled', tasksNotDone: service.tasks.map((task) => ({ task, reason: CANCEL_REASON })), updatedAt: iso(at), updatedBy: nurse };
		next.fieldEdits = recordFieldEdits(visit, next, { at: iso(at), by: nurse });
		return [{ visitId, revision: { by: nurse, body: next }, extra: [] }];
	}
	const startedMs = localMs(date, start + Math.floor(random() * 12) - 4);
	const minutes = Math.max(5, service.minutes + Math.round((random() - 0.4) * 10));
	const endedMs = startedMs + minutes * 60_000 + Math.floor(random() * 50_000);
	const skipped = service.tasks.length > 1 && random() < 0.05 ? service.tasks[service.tasks.length - 1] : undefined;
	const signed = plan.signatureRequired || random() < SHARE_SIGNED;
	const updatedAt = iso(endedMs + 20_000);
	const next: Doc = {
		...visit,
		status: 'done',
		startedAt: iso(startedMs),
		endedAt: iso(endedMs),
		tasksDone: service.tasks.filter((task) => task !== skipped),
		...(skipped ? { tasksNotDone: [{ task: skipped, reason: NOT_DONE_REASONS[Math.floor(random() * NOT_DONE_REASONS.length)] }] } : {}),
		...(signed ? { signedAt: iso(endedMs) } : {}),
		updatedAt,
		updatedBy: nurse
	};
	next.fieldEdits = recordFieldEdits(visit, next, { at: updatedAt, by: nurse });
	if (signed) next._attachments = { 'signature.png': { content_type: 'image/png', data: base64(signaturePng(random)) } };

	const keys: VitalSignKey[] = ['heart-rate', 'systolic', 'diastolic', 'spo2'];
	const optional: VitalSignKey[] = ['temperature', 'respiratory-rate', 'pain', 'weight'];
	const extraCount = Math.floor(random() * (optional.length + 1));
	keys.push(...optional.slice(0, extraCount));
	if ((service.tasks as readonly string[]).includes('Blutzuckermessung')) keys.push('glucose');
	const extra = measurementRound({
		teamId: NURSING_TEAM,
		by: nurse,
		subjectId: plan.patient._id,
		visitId,
		keys: keys.slice(0, 8),
		baseline: plan.baseline,
		atMs: startedMs + 2 * 60_000,
		deteriorated: random() < SHARE_DETERIORATED,
		random
	});
	if (random() < SHARE_WITH_NOTE) {
		const noteMs = endedMs - 30_000;
		const note: Doc = {
			_id: `note:${visitId.slice('visit:'.length)}:${seededUlid(noteMs, random)}`,
			type: 'note',
			...created(nurse, noteMs),
			patientId: plan.patient._id,
			visitId,
			text: NOTES[Math.floor(random() * NOTES.length)]
		};
		extra.push(single(NURSING_TEAM, nurse, note));
	}
	return [{ visitId, revision: { by: nurse, body: next }, extra }];
}
