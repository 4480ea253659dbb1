// The live vital signs of one open consult on the physician's screen: the observations the
// physician's live stream brings for this consult (physician.svelte.ts holds the stream), kept in
// the order they were taken. A value the stream missed (the stream was down) comes with the
// record's next reload; this list shows what arrived live, each with its time. Readings that wait
// for confirmation on the field device are shown apart, as unconfirmed, until they are settled.
import { addLiveVital, applyLiveReading, freshReadings, withoutSaved, type LiveVital, type UnconfirmedReading } from '../domain/index.ts';
import { physicianQueue, type LiveState } from './physician.svelte.ts';

/** How often unconfirmed readings nobody settled are looked at for expiry. */
const EXPIRY_CHECK_MS = 10_000;

/** The moment something arrived: a value handed to the domain rules, not state. */
function arrival(): Date {
	return new Date();
}

export class ConsultLiveVitals {
	readonly consultId: string;
	vitals = $state.raw<LiveVital[]>([]);
	unconfirmed = $state.raw<readonly UnconfirmedReading[]>([]);

	constructor(consultId: string) {
		this.consultId = consultId;
	}

	/** The stream's state: "live" only while it is connected. */
	get state(): LiveState {
		return physicianQueue.live;
	}

	/** Listens while the screen is shown; returns the stop for the screen's teardown. */
	start(): () => void {
		const release = physicianQueue.start();
		const stop = physicianQueue.onObservation((event) => {
			if (event.consultId !== this.consultId) return;
			this.vitals = addLiveVital(this.vitals, event.observation, arrival());
			this.unconfirmed = withoutSaved(this.unconfirmed, event.observation);
		});
		const stopReadings = physicianQueue.onReading((event) => {
			if (event.consultId !== this.consultId) return;
			this.unconfirmed = applyLiveReading(this.unconfirmed, event, arrival());
		});
		const expiry = setInterval(() => (this.unconfirmed = freshReadings(this.unconfirmed, arrival())), EXPIRY_CHECK_MS);
		return () => {
			clearInterval(expiry);
			stopReadings();
			stop();
			release();
		};
	}
}
