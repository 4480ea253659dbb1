// Why a stop is left out: the first rule that rules out every vehicle for this stop alone, checked in the
// order a dispatcher would fix them (qualification, load, window, shift length); otherwise it lost to others.
import { scheduleRoute, vehicleCapacity, vehicleLevel } from './feasibility.ts';
import type { RoutingProblem, Stop, UnassignedReason, Vehicle } from './problem.ts';

function travel(problem: RoutingProblem, from: number, to: number): number {
	return problem.matrix.time[from * problem.matrix.size + to];
}

/** Time from shift start until back at the end location when the stop is the only visit (waiting included). */
function aloneNeeds(problem: RoutingProblem, vehicle: Vehicle, stop: Stop): number {
	const start = Math.max(vehicle.shiftStart + travel(problem, vehicle.startLocation, stop.location), stop.window.start);
	const back = start + stop.serviceTime + travel(problem, stop.location, vehicle.endLocation);
	return back - vehicle.shiftStart + (vehicle.break?.duration ?? 0);
}

export function explainUnassigned(problem: RoutingProblem, stop: Stop): UnassignedReason {
	const requiredLevel = stop.requiredLevel ?? 0;
	const qualified = problem.vehicles.filter((v) => vehicleLevel(v) >= requiredLevel);
	if (qualified.length === 0) return { code: 'no-qualified-vehicle', requiredLevel };
	const demand = stop.demand ?? 0;
	const roomy = qualified.filter((v) => vehicleCapacity(v) >= demand);
	if (roomy.length === 0) {
		return { code: 'over-capacity', demand, capacity: Math.max(...qualified.map(vehicleCapacity)) };
	}
	if (stop.window.hard) {
		const earliestArrival = Math.min(...roomy.map((v) => v.shiftStart + travel(problem, v.startLocation, stop.location)));
		if (earliestArrival > stop.window.end) return { code: 'window-unreachable', earliestArrival, windowEnd: stop.window.end };
	}
	if (!roomy.some((v) => scheduleRoute(problem, v, [stop.id]).ok)) {
		// The vehicle that comes closest names the numbers.
		let needed = Infinity;
		let available = 0;
		for (const v of roomy) {
			const need = aloneNeeds(problem, v, stop);
			if (need - (v.shiftEnd - v.shiftStart) < needed - available) {
				needed = need;
				available = v.shiftEnd - v.shiftStart;
			}
		}
		return { code: 'shift-too-short', needed, available };
	}
	return { code: 'no-room' };
}
