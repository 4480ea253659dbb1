// npm run bench: every benchmark once, numbers printed as a table and as JSON.
import { benchConsoleApply } from './console-apply.bench.ts';
import { benchConsoleFanout } from './console-fanout.bench.ts';
import { benchConsoleRender } from './console-render.bench.ts';
import { benchConsult } from './consult.bench.ts';
import { benchDeviceAdapter } from './device-adapter.bench.ts';
import { benchGatt } from './gatt.bench.ts';
import { benchLighthouse } from './lighthouse.bench.ts';
import { benchLive } from './live.bench.ts';
import { benchNews2 } from './news2.bench.ts';
import { benchRoutingTsp } from './routing-tsp.bench.ts';
import { benchRoutingVrptw } from './routing-vrptw.bench.ts';
import { benchRoutingWorker } from './routing-worker.bench.ts';
import { benchSync } from './sync.bench.ts';
import { benchTrend } from './trend.bench.ts';
import { benchYear } from './year.bench.ts';

const BENCHMARKS: Record<string, () => Promise<Record<string, number>>> = {
	sync: benchSync,
	live: benchLive,
	gatt: benchGatt,
	news2: benchNews2,
	trend: benchTrend,
	'routing-tsp': benchRoutingTsp,
	'routing-vrptw': benchRoutingVrptw,
	'routing-worker': benchRoutingWorker,
	'console-apply': benchConsoleApply,
	'console-fanout': benchConsoleFanout,
	'console-render': benchConsoleRender,
	lighthouse: benchLighthouse,
	year: benchYear,
	adapter: benchDeviceAdapter,
	consult: benchConsult
};

const only = process.argv[2];
const results: Record<string, Record<string, number>> = {};
for (const [name, run] of Object.entries(BENCHMARKS)) {
	if (only && only !== name) continue;
	process.stdout.write(`${name} … `);
	results[name] = await run();
	console.log('done');
	for (const [metric, value] of Object.entries(results[name])) {
		console.log(`  ${metric.padEnd(14)} ${Number.isInteger(value) ? value : value.toFixed(2)}`);
	}
}
console.log(JSON.stringify(results));
