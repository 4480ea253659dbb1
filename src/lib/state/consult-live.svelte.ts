// The live vital signs of one open consult on the physician's screen: the observations the
// physician's live stream brings for this consult (physician.svelte.ts holds the stream), kept in
// the order they were taken. A value the stream missed (the stream was down) comes with the
// record's next reload; this list shows what arrived live, each with its time.
import { addLiveVital, type LiveVital } from '../domain/index.ts';
import { physicianQueue, type LiveState } from './physician.svelte.ts';

export class ConsultLiveVitals {
	readonly consultId: string;
	vitals = $state.raw<LiveVital[]>([]);

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
			this.vitals = addLiveVital(this.vitals, event.observation, new Date());
		});
		return () => {
			stop();
			release();
		};
	}
}
