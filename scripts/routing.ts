// Solves one benchmark file and prints one JSON line: TSPLIB EUC_2D tours, Solomon VRPTW routes.
// Exit codes: 0 solved, 1 unexpected failure, 2 bad arguments or a file that is not a valid instance.
import { readFileSync } from 'node:fs';
import { runTsplib } from '../src/lib/routing/tsplib.ts';

const USAGE = `Usage:
  node --import tsx scripts/routing.ts --tsplib FILE.tsp [--time-limit MS] [--seed N]
  node --import tsx scripts/routing.ts --solomon FILE.txt [--time-limit MS] [--seed N]

Prints one JSON line on stdout:
  --tsplib   {"name","tour" (1-based node ids, closed),"length","elapsedMs"}
  --solomon  {"routes","vehicles","distance",…,"elapsedMs"}

Options:
  --time-limit MS  search time in milliseconds (default 1000)
  --seed N         integer seed of the search (default 1)
  --help           this text`;

/** Error classes whose messages describe a bad input file: the user's to fix, so exit code 2. */
const INPUT_ERRORS = new Set(['TsplibError', 'SolomonError']);
const VALUE_FLAGS = new Set(['--tsplib', '--solomon', '--time-limit', '--seed']);
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

interface Arguments {
	format: 'tsplib' | 'solomon';
	file: string;
	timeLimitMs?: number;
	seed?: number;
}

type Parsed = { kind: 'run'; args: Arguments } | { kind: 'help' } | { kind: 'error'; message: string };

function parseArguments(argv: readonly string[]): Parsed {
	let format: Arguments['format'] | undefined;
	let file: string | undefined;
	let timeLimitMs: number | undefined;
	let seed: number | undefined;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') return { kind: 'help' };
		const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
		const flag = equals > 0 ? arg.slice(0, equals) : arg;
		if (!VALUE_FLAGS.has(flag)) return { kind: 'error', message: `unknown argument "${arg}"` };
		const value = equals > 0 ? arg.slice(equals + 1) : argv[++i];
		if (value === undefined) return { kind: 'error', message: `${flag} needs a value` };
		switch (flag) {
			case '--tsplib':
			case '--solomon':
				if (format) return { kind: 'error', message: 'give either --tsplib or --solomon, once' };
				format = flag === '--tsplib' ? 'tsplib' : 'solomon';
				file = value;
				break;
			case '--time-limit':
				timeLimitMs = Number(value);
				if (!(value.trim() !== '' && Number.isFinite(timeLimitMs) && timeLimitMs > 0)) return { kind: 'error', message: `--time-limit must be a positive number of milliseconds, got "${value}"` };
				break;
			case '--seed':
				seed = Number(value);
				if (!(value.trim() !== '' && Number.isSafeInteger(seed))) return { kind: 'error', message: `--seed must be an integer, got "${value}"` };
				break;
		}
	}
	if (!format || file === undefined) return { kind: 'error', message: 'give --tsplib FILE or --solomon FILE' };
	return { kind: 'run', args: { format, file, timeLimitMs, seed } };
}

async function solve(args: Arguments, text: string): Promise<object> {
	const options = { timeLimitMs: args.timeLimitMs, seed: args.seed };
	if (args.format === 'tsplib') return runTsplib(text, options);
	// Loaded only when asked for, so TSPLIB runs need nothing of the VRPTW solver.
	const { runSolomon } = await import('../src/lib/routing/solomon.ts');
	return runSolomon(text, options);
}

async function main(argv: readonly string[]): Promise<number> {
	const parsed = parseArguments(argv);
	if (parsed.kind === 'help') {
		process.stdout.write(`${USAGE}\n`);
		return 0;
	}
	if (parsed.kind === 'error') {
		process.stderr.write(`routing: ${parsed.message}\n\n${USAGE}\n`);
		return EXIT_USAGE;
	}
	let text: string;
	try {
		text = readFileSync(parsed.args.file, 'utf8');
	} catch (error) {
		process.stderr.write(`routing: cannot read ${parsed.args.file}: ${error instanceof Error ? error.message : String(error)}\n`);
		return EXIT_USAGE;
	}
	const started = performance.now();
	try {
		const result = await solve(parsed.args, text);
		const elapsedMs = Math.round(performance.now() - started);
		process.stdout.write(`${JSON.stringify({ ...result, elapsedMs })}\n`);
		return 0;
	} catch (error) {
		if (error instanceof Error && INPUT_ERRORS.has(error.name)) {
			process.stderr.write(`routing: ${parsed.args.file}: ${error.message}\n`);
			return EXIT_USAGE;
		}
		process.stderr.write(`routing: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		return EXIT_FAILURE;
	}
}

process.exitCode = await main(process.argv.slice(2));
