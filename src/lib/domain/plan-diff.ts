// What a day plan changes for each nurse, shown before the care manager takes it over: visits that
// come to her, visits that leave her, a new order — and whether she is already on the road.

/** Visit states that mean the nurse has begun her day. */
const ON_THE_ROAD_STATES: readonly string[] = ['in-progress', 'done'];

export interface TourOrder {
	nurse: string;
	visitIds: readonly string[];
}

export interface NursePlanChange {
	nurse: string;
	/** She has begun or finished a visit of her current tour: the change reaches someone driving. */
	onTheRoad: boolean;
	added: string[];
	removed: string[];
	/** The visits she keeps come in a different order. */
	reordered: boolean;
	changed: boolean;
}

export function diffDayPlan(before: readonly TourOrder[], after: readonly TourOrder[], visits: readonly { _id: string; status: string }[]): NursePlanChange[] {
	const status = new Map(visits.map((v) => [v._id, v.status]));
	const nurses = [...new Set([...before.map((t) => t.nurse), ...after.map((t) => t.nurse)])].sort();
	return nurses.map((nurse) => {
		const old = before.find((t) => t.nurse === nurse)?.visitIds ?? [];
		const next = after.find((t) => t.nurse === nurse)?.visitIds ?? old;
		const added = next.filter((id) => !old.includes(id));
		const removed = old.filter((id) => !next.includes(id));
		const keptOld = old.filter((id) => next.includes(id));
		const keptNew = next.filter((id) => old.includes(id));
		const reordered = keptOld.some((id, i) => keptNew[i] !== id);
		const onTheRoad = old.some((id) => ON_THE_ROAD_STATES.includes(status.get(id) ?? ''));
		return { nurse, onTheRoad, added, removed, reordered, changed: added.length > 0 || removed.length > 0 || reordered };
	});
}
