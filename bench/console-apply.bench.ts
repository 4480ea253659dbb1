// The dispatcher's console: 200 units and 2,000 missions of history; one live update applied to the
// board and the lists the screen shows derived again (missions, units, alarms). Target < 50 ms.
import { DispatchBoard } from '../src/lib/domain/dispatch-board.ts';
import type { Mission, StatusEvent } from '../src/lib/domain/index.ts';
import { mulberry32 } from '../src/lib/domain/prng.ts';

const UNITS = 200;
const MISSIONS = 2000;
const HISTORY_EVENTS_PER_MISSION = 6;
const UPDATES = 2000;

const meta = { schemaVersion: 1 as const, createdBy: 'bench', deviceId: 'bench' };
const percentile = (values: number[], p: number) => values.slice().sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))];

export async function benchConsoleApply(): Promise<Record<string, number>> {
	const random = mulberry32(7);
	const board = new DispatchBoard();
	const start = Date.parse('2026-11-01T00:00:00.000Z');
	for (let u = 0; u < UNITS; u++) board.addUnit(`rtw${u}`, `team-station-${u % 10}`);
	let n = 0;
	const statusAt = (unitId: string, code: number, at: number, missionId?: string): StatusEvent => ({
		...meta,
		_id: `status:${unitId}:${n++}`,
		_rev: '1-x',
		type: 'status',
		createdAt: new Date(at).toISOString(),
		unitId,
		status: code,
		at: new Date(at).toISOString(),
		missionId,
		position: { lat: 50.5 + random() * 0.3, lon: 11.1 + random() * 0.4 }
	});
	const loadStarted = performance.now();
	for (let m = 0; m < MISSIONS; m++) {
		const alarmed = start + m * 10 * 60_000;
		const unitId = `rtw${m % UNITS}`;
		const mission: Mission = {
			...meta,
			_id: `mission:${String(m).padStart(5, '0')}`,
			_rev: '3-x',
			type: 'mission',
			createdAt: new Date(alarmed).toISOString(),
			keyword: 'RD 2',
			priority: (1 + (m % 3)) as 1 | 2 | 3,
			address: 'Markt 1',
			unitId,
			state: m < MISSIONS - 40 ? 'closed' : 'active',
			alarmedAt: new Date(alarmed).toISOString()
		};
		board.apply(`team-station-${m % 10}`, mission);
		for (const [k, code] of [3, 4, 7, 8, 1, 2].slice(0, HISTORY_EVENTS_PER_MISSION).entries()) board.apply(`team-station-${m % 10}`, statusAt(unitId, code, alarmed + k * 5 * 60_000, mission._id));
	}
	const loadMs = performance.now() - loadStarted;

	const times: number[] = [];
	let now = start + MISSIONS * 10 * 60_000;
	for (let i = 0; i < UPDATES; i++) {
		const unitId = `rtw${Math.floor(random() * UNITS)}`;
		now += 1000;
		const started = performance.now();
		board.apply('team-station-0', statusAt(unitId, 1 + Math.floor(random() * 8), now));
		// What the screen derives after each update.
		board.openMissions();
		board.unitList();
		board.openAlarms();
		board.silentUnits(new Date(now), 30);
		times.push(performance.now() - started);
	}
	return {
		units: UNITS,
		missions: MISSIONS,
		statusEvents: n,
		loadMs: Math.round(loadMs),
		updateP50Ms: Number(percentile(times, 0.5).toFixed(3)),
		updateP99Ms: Number(percentile(times, 0.99).toFixed(3)),
		updateMaxMs: Number(Math.max(...times).toFixed(3)),
		targetMs: 50
	};
}
