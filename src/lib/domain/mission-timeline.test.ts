import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, validateDocument, type Handover, type Mission, type StatusEvent } from './documents.ts';
import { DUPLICATE_PRESS_MS, missionIntervals, missionTimeline, type TimelineEntry } from './mission-timeline.ts';

const MISSION_ID = 'mission:01JDB0MIS0000000000000000A';
const t = (hhmmss: string) => `2026-11-24T${hhmmss}.000Z`;

function mission(extra: Partial<Mission> = {}): Mission {
	return {
		_id: MISSION_ID,
		type: 'mission',
		schemaVersion: SCHEMA_VERSION,
		createdAt: t('09:59:30'),
		createdBy: 'leitstelle.k',
		deviceId: 'ils-console-2',
		keyword: 'RD 2 – Sturz',
		priority: 1,
		address: 'Markt 1, 07318 Saalfeld',
		state: 'active',
		unitId: 'rtw-1',
		alarmedAt: t('10:00:00'),
		...extra
	};
}

let serial = 0;
/** A press on the crew's tablet; `syncedAt` is when it was written (createdAt), which may be much later. */
function press(status: number, at: string, extra: Partial<StatusEvent> = {}): StatusEvent {
	serial++;
	return {
		_id: `status:rtw-1:${String(serial).padStart(4, '0')}`,
		type: 'status',
		schemaVersion: SCHEMA_VERSION,
		createdAt: at,
		createdBy: 'sani.b',
		deviceId: 'tablet-rtw-1',
		unitId: 'rtw-1',
		missionId: MISSION_ID,
		status,
		at,
		...extra
	};
}

function handover(at: string): Handover {
	return {
		_id: 'handover:01JDB0HND0000000000000000A',
		type: 'handover',
		schemaVersion: SCHEMA_VERSION,
		createdAt: at,
		createdBy: 'sani.b',
		deviceId: 'tablet-rtw-1',
		missionId: MISSION_ID,
		mechanism: 'Sturz',
		injuries: 'Prellung Hüfte links',
		signs: 'stabil',
		treatment: 'Lagerung',
		hospital: 'Saalfeld'
	};
}

const summary = (timeline: TimelineEntry[]) => timeline.map((e) => (e.kind === 'status' ? `${e.status}@${e.at.slice(11, 19)}` : `${e.kind}@${e.at.slice(11, 19)}`));

describe('missionTimeline', () => {
	it('orders an offline sequence synced late and out of insertion order by press time', () => {
		// The crew lost coverage after status 3; 4 and 7 were pressed offline and synced at 10:48,
		// 7 reaching the server before 4.
		const events = [
			press(3, t('10:01:10')),
			press(7, t('10:31:00'), { createdAt: t('10:48:02') }),
			press(4, t('10:14:20'), { createdAt: t('10:48:03') }),
			press(8, t('10:52:00')),
			press(1, t('11:05:00'))
		];
		const m = mission({ patientContactAt: t('10:16:00'), updatedBy: 'sani.b' });
		const timeline = missionTimeline(m, events, [handover(t('10:58:00'))]);
		expect(summary(timeline)).toEqual(['alarm@10:00:00', '3@10:01:10', '4@10:14:20', 'patient-contact@10:16:00', '7@10:31:00', '8@10:52:00', 'handover@10:58:00', '1@11:05:00']);
		expect(timeline[0]).toMatchObject({ by: 'leitstelle.k', deviceId: 'ils-console-2' });
		expect(timeline[3]).toMatchObject({ kind: 'patient-contact', by: 'sani.b', deviceId: undefined });
		expect(timeline[2]).toMatchObject({ by: 'sani.b', deviceId: 'tablet-rtw-1', unitId: 'rtw-1' });
		// Whatever order the events come in, the timeline is the same.
		expect(missionTimeline(m, [...events].reverse(), [handover(t('10:58:00'))])).toEqual(timeline);
	});

	it('collapses a double press of the same status within 10 s, keeping the first', () => {
		const first = press(4, t('10:14:20'));
		const again = press(4, t('10:14:27'));
		const timeline = missionTimeline(mission(), [again, first], []);
		expect(timeline.filter((e) => e.kind === 'status').map((e) => e.docId)).toEqual([first._id]);
	});

	it('keeps a press of the same status after the window, a different status, and another unit’s press', () => {
		const events = [
			press(4, t('10:14:20')),
			press(4, new Date(Date.parse(t('10:14:20')) + DUPLICATE_PRESS_MS + 1000).toISOString()),
			press(3, t('10:20:00')),
			press(3, t('10:20:05'), { unitId: 'nef-2', deviceId: 'tablet-nef-2' })
		];
		expect(summary(missionTimeline(mission(), events, []))).toEqual(['alarm@10:00:00', '4@10:14:20', '4@10:14:31', '3@10:20:00', '3@10:20:05']);
	});

	it('leaves out position reports and other missions’ events', () => {
		const events = [press(3, t('10:01:00')), press(3, t('10:05:00'), { report: 'position', position: { lat: 50.6, lon: 11.3 } }), press(2, t('09:00:00'), { missionId: 'mission:other' })];
		expect(summary(missionTimeline(mission(), events, [handover(t('11:00:00'))].map((h) => ({ ...h, missionId: 'mission:other' }))))).toEqual(['alarm@10:00:00', '3@10:01:00']);
	});

	it('breaks ties of `at` by createdAt, then document id', () => {
		const a = press(3, t('10:01:00'), { createdAt: t('10:01:05') });
		const b = press(4, t('10:01:00'), { createdAt: t('10:01:01') });
		expect(summary(missionTimeline(mission(), [a, b], []))).toEqual(['alarm@10:00:00', '4@10:01:00', '3@10:01:00']);
	});

	it('the fixtures are valid documents', () => {
		for (const doc of [mission({ patientContactAt: t('10:16:00') }), press(4, t('10:14:20')), handover(t('10:58:00'))]) expect(validateDocument(doc)).toMatchObject({ ok: true });
	});
});

describe('missionIntervals', () => {
	const full = [press(3, t('10:01:10')), press(4, t('10:14:30')), press(7, t('10:31:00')), press(8, t('10:52:00')), press(1, t('11:05:00')), press(2, t('11:20:00'))];

	it('computes response, on-scene, transport and total minutes', () => {
		expect(missionIntervals(missionTimeline(mission(), full, []))).toEqual({ responseMin: 14.5, onSceneMin: 16.5, transportMin: 21, totalMin: 80 });
	});

	it('uses the first 4, 7 and 8, however often they were pressed', () => {
		const extra = [...full, press(4, t('10:20:00')), press(7, t('10:40:00'))];
		expect(missionIntervals(missionTimeline(mission(), extra, []))).toMatchObject({ responseMin: 14.5, onSceneMin: 16.5 });
	});

	it('leaves an interval undefined when a milestone is missing', () => {
		// Treated on scene, no transport: back on the radio after status 4.
		const noTransport = [press(3, t('10:01:00')), press(4, t('10:12:00')), press(1, t('10:45:00'))];
		expect(missionIntervals(missionTimeline(mission(), noTransport, []))).toEqual({ responseMin: 12, onSceneMin: undefined, transportMin: undefined, totalMin: undefined });
		// Still driving to the hospital.
		const enRoute = full.slice(0, 3);
		expect(missionIntervals(missionTimeline(mission(), enRoute, []))).toEqual({ responseMin: 14.5, onSceneMin: 16.5, transportMin: undefined, totalMin: undefined });
		expect(missionIntervals([])).toEqual({ responseMin: undefined, onSceneMin: undefined, transportMin: undefined, totalMin: undefined });
	});

	it('does not count a status 1 pressed before reaching the destination as the end', () => {
		const early = [press(4, t('10:10:00')), press(7, t('10:20:00')), press(1, t('10:25:00')), press(8, t('10:40:00'))];
		expect(missionIntervals(missionTimeline(mission(), early, [])).totalMin).toBeUndefined();
	});
});
